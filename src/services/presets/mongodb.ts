import { buildUrl, GENERATED_PASSWORD, type Preset } from '../preset.js';

export const mongodb: Preset = {
  name: 'mongodb',
  kind: 'mongodb',
  image: 'mongo:8.0',
  ports: [27017],
  env: { MONGO_INITDB_ROOT_USERNAME: 'mongo', MONGO_INITDB_ROOT_PASSWORD: GENERATED_PASSWORD },
  // From the runner: the entrypoint's init-time server listens on the container's loopback
  // only, which a published port does not reach, so this passes for the real server alone.
  health: () => ({ kind: 'tcp' }),
  secretEnv: ['MONGO_INITDB_ROOT_PASSWORD'],
  url: (c) => mongoUrl(c),
  variables: (c) => ({ MONGODB_URI: mongoUrl(c) }),
};

function mongoUrl(c: Parameters<NonNullable<Preset['url']>>[0]): string {
  const user = c.env.MONGO_INITDB_ROOT_USERNAME;
  return buildUrl('mongodb', c, 27017, {
    user,
    password: c.env.MONGO_INITDB_ROOT_PASSWORD,
    path: '/',
    search: user ? 'authSource=admin' : '',
  });
}
