import { buildUrl, GENERATED_PASSWORD, type ConnectionContext, type Preset } from '../preset.js';

type Env = Readonly<Record<string, string>>;

/** The MySQL and MariaDB images read MYSQL_*; MariaDB's also MARIADB_*, which win. */
function setting(env: Env, name: string): string | undefined {
  return env[`MARIADB_${name}`] || env[`MYSQL_${name}`] || undefined;
}

/** The account tests should use: the created user when there is one, else root. */
function account(env: Env): { user: string; password?: string } {
  const user = setting(env, 'USER');
  if (user) return { user, password: setting(env, 'PASSWORD') };
  return { user: 'root', password: setting(env, 'ROOT_PASSWORD') };
}

function mysqlUrl(c: ConnectionContext): string {
  const { user, password } = account(c.env);
  const database = setting(c.env, 'DATABASE');
  return buildUrl('mysql', c, 3306, {
    user,
    password,
    path: database ? `/${encodeURIComponent(database)}` : '',
  });
}

/**
 * `admin ping` through TCP (the entrypoints' init-time server has networking off). The
 * credentials are read inside the container from its own environment, so no password is ever
 * part of a command line the action runs or prints.
 */
export function pingCommand(tool: string) {
  const script =
    'u="${MARIADB_USER:-${MYSQL_USER:-root}}"; ' +
    'if [ "$u" = root ]; then p="${MARIADB_ROOT_PASSWORD:-$MYSQL_ROOT_PASSWORD}"; ' +
    'else p="${MARIADB_PASSWORD:-$MYSQL_PASSWORD}"; fi; ' +
    `exec ${tool} ping -h 127.0.0.1 -P 3306 -u"$u" \${p:+-p"$p"}`;
  return () => ({ kind: 'cmd' as const, command: ['sh', '-c', script] });
}

const SECRET_ENV = [
  'MYSQL_ROOT_PASSWORD',
  'MYSQL_PASSWORD',
  'MARIADB_ROOT_PASSWORD',
  'MARIADB_PASSWORD',
];

export const mysql: Preset = {
  name: 'mysql',
  kind: 'mysql',
  image: 'mysql:8.4',
  ports: [3306],
  env: { MYSQL_ROOT_PASSWORD: GENERATED_PASSWORD, MYSQL_DATABASE: 'test' },
  health: pingCommand('mysqladmin'),
  family: 'sql',
  secretEnv: SECRET_ENV,
  url: mysqlUrl,
  variables: (c) => ({ MYSQL_URL: mysqlUrl(c) }),
};
