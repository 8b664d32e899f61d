import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { parseServices } from '../../src/config/services.js';
import { dockerRunArguments } from '../../src/services/docker-args.js';
import {
  connectionContext,
  serviceVariables,
  variablePrefix,
} from '../../src/services/environment.js';
import type { ServiceSpec } from '../../src/services/service.js';
import { loadLazyLibraries } from '../support/libraries.js';

before(loadLazyLibraries);

/** Started as Docker would: each container port published at a host port. */
function started(specs: ServiceSpec[], firstPort = 40000) {
  let next = firstPort;
  return specs.map((spec) => {
    const ports = Object.fromEntries(spec.ports.map((p) => [p, next++]));
    const endpoint = {
      name: spec.name,
      host: '127.0.0.1',
      ports,
      url: undefined as string | undefined,
    };
    endpoint.url = spec.preset?.url?.(connectionContext(spec, endpoint));
    return { spec, endpoint };
  });
}

const services = (yaml: string) => started(parseServices(yaml, '/app'));

test('<NAME> is upper-cased with other characters as _', () => {
  assert.equal(variablePrefix('my-db.v2'), 'MY_DB_V2');
});

test('one postgres: DATABASE_URL, the PG* variables and <NAME>_*; passwords percent-encoded', () => {
  const vars = serviceVariables(
    services(
      'db:\n  preset: postgres\n  env: { POSTGRES_PASSWORD: "p@ss:w/rd", POSTGRES_DB: shop }',
    ),
  );
  assert.deepEqual(vars, {
    DB_HOST: '127.0.0.1',
    DB_PORT: '40000',
    DB_PORT_5432: '40000',
    DB_URL: 'postgres://postgres:p%40ss%3Aw%2Frd@127.0.0.1:40000/shop',
    DATABASE_URL: 'postgres://postgres:p%40ss%3Aw%2Frd@127.0.0.1:40000/shop',
    PGHOST: '127.0.0.1',
    PGPORT: '40000',
    PGUSER: 'postgres',
    PGPASSWORD: 'p@ss:w/rd',
    PGDATABASE: 'shop',
  });
  const url = new URL(vars.DATABASE_URL!);
  assert.equal(decodeURIComponent(url.password), 'p@ss:w/rd');
});

test('two SQL services: no DATABASE_URL; two redis: no REDIS_URL, but every <NAME>_URL', () => {
  const vars = serviceVariables(
    services('postgres:\nmysql:\ncache:\n  preset: redis\nsessions:\n  preset: redis'),
  );
  assert.equal(vars.DATABASE_URL, undefined);
  assert.equal(vars.REDIS_URL, undefined);
  assert.ok(vars.PGHOST, 'postgres is still the only postgres');
  assert.match(vars.MYSQL_URL!, /^mysql:\/\/root:pw-[0-9a-f]+@127\.0\.0\.1:\d+\/test$/);
  assert.match(vars.CACHE_URL!, /^redis:\/\/127\.0\.0\.1:\d+$/);
  assert.match(vars.SESSIONS_URL!, /^redis:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(vars.CACHE_URL, vars.SESSIONS_URL);
});

test('mysql and mariadb are one kind: with both, MYSQL_URL is not set', () => {
  const vars = serviceVariables(services('orders:\n  preset: mysql\nusers:\n  preset: mariadb'));
  assert.equal(vars.MYSQL_URL, undefined);
  assert.match(vars.ORDERS_URL!, /^mysql:/);
  assert.match(vars.USERS_URL!, /^mysql:/);
});

test('the MariaDB URL uses the created user when there is one', () => {
  const vars = serviceVariables(
    services(
      'mariadb:\n  env: { MARIADB_USER: shop, MARIADB_PASSWORD: pw1234, MARIADB_DATABASE: shop }',
    ),
  );
  assert.equal(vars.DATABASE_URL, 'mysql://shop:pw1234@127.0.0.1:40000/shop');
});

/** Presets without a stand-in image here: checked on the configuration they produce. */
test('presets not run here produce the documented variables', () => {
  const vars = serviceVariables(
    services('rabbitmq:\nmongodb:\ns3:\nelasticsearch:\nmailpit:\nwiremock:'),
  );
  assert.match(vars.AMQP_URL!, /^amqp:\/\/rabbitmq:pw-[0-9a-f]+@127\.0\.0\.1:40000$/);
  assert.equal(vars.RABBITMQ_PORT_15672, '40001');
  assert.match(
    vars.MONGODB_URI!,
    /^mongodb:\/\/mongo:pw-[0-9a-f]+@127\.0\.0\.1:40002\/\?authSource=admin$/,
  );
  assert.equal(vars.AWS_ENDPOINT_URL, 'http://127.0.0.1:40003');
  assert.equal(vars.AWS_ACCESS_KEY_ID, 'rustfsadmin');
  assert.match(vars.AWS_SECRET_ACCESS_KEY!, /^pw-/);
  assert.equal(vars.AWS_REGION, 'us-east-1');
  assert.equal(vars.ELASTICSEARCH_URL, 'http://127.0.0.1:40004');
  assert.equal(vars.SMTP_HOST, '127.0.0.1');
  assert.equal(vars.SMTP_PORT, '40005');
  assert.equal(vars.MAILPIT_URL, 'http://127.0.0.1:40006');
  assert.equal(vars.WIREMOCK_URL, 'http://127.0.0.1:40007');
});

test('docker run arguments: labels, network alias, 127.0.0.1 ports, no secret in the argv', () => {
  const [spec] = parseServices(
    'db:\n  preset: postgres\n  env: { POSTGRES_PASSWORD: topsecret1, DOCKER_HOST: x }\n  options: ["--tmpfs", "/var/lib/postgresql/data"]\n  command: ["-c", "fsync=off"]',
    '/app',
  );
  const { args, env } = dockerRunArguments(spec!, {
    container: 'itest-abc-db',
    network: 'itest-abc',
    runId: 'abc123',
  });
  assert.deepEqual(args.slice(0, 12), [
    'run',
    '--detach',
    '--name',
    'itest-abc-db',
    '--label',
    'com.github.integration-test-action.run=abc123',
    '--label',
    'com.github.integration-test-action.service=db',
    '--network',
    'itest-abc',
    '--network-alias',
    'db',
  ]);
  assert.ok(args.includes('127.0.0.1::5432'));
  assert.ok(
    !args.join(' ').includes('topsecret1'),
    'the password is passed through the environment',
  );
  assert.equal(env.POSTGRES_PASSWORD, 'topsecret1');
  assert.ok(
    args.includes('DOCKER_HOST=x'),
    'names the docker CLI reads itself go inline, not into its environment',
  );
  assert.deepEqual(args.slice(-5), [
    '--tmpfs',
    '/var/lib/postgresql/data',
    'postgres:17',
    '-c',
    'fsync=off',
  ]);
});
