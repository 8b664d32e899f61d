import { buildUrl, GENERATED_PASSWORD, type Preset } from '../preset.js';

const user = (env: Readonly<Record<string, string>>) => env.POSTGRES_USER || 'postgres';
const database = (env: Readonly<Record<string, string>>) => env.POSTGRES_DB || user(env);

export const postgres: Preset = {
  name: 'postgres',
  kind: 'postgres',
  image: 'postgres:17',
  ports: [5432],
  env: {
    POSTGRES_USER: 'postgres',
    POSTGRES_PASSWORD: GENERATED_PASSWORD,
    POSTGRES_DB: 'postgres',
  },
  health: (env) => ({
    kind: 'cmd',
    command: ['pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', user(env), '-d', database(env)],
  }),
  family: 'sql',
  secretEnv: ['POSTGRES_PASSWORD'],
  url: (c) =>
    buildUrl('postgres', c, 5432, {
      user: user(c.env),
      password: c.env.POSTGRES_PASSWORD,
      path: `/${encodeURIComponent(database(c.env))}`,
    }),
  variables: (c) => ({
    PGHOST: c.host,
    PGPORT: String(c.port(5432)),
    PGUSER: user(c.env),
    PGPASSWORD: c.env.POSTGRES_PASSWORD ?? '',
    PGDATABASE: database(c.env),
  }),
};
