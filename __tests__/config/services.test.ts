import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parseServices } from '../../src/config/services.js';
import { InputError } from '../../src/config/values.js';
import { loadLazyLibraries } from '../support/libraries.js';

before(loadLazyLibraries);

const parse = (yaml: string) => parseServices(yaml, '/work/app');

function refusal(yaml: string, message: RegExp) {
  assert.throws(
    () => parse(yaml),
    (error: unknown) =>
      error instanceof InputError && error.input === 'services' && message.test(error.message),
  );
}

describe('the services input', () => {
  test('a preset by its name, with nothing set, gets its defaults and a generated password', () => {
    const [postgres] = parse('postgres:');
    assert.equal(postgres!.image, 'postgres:17');
    assert.deepEqual(postgres!.ports, [5432]);
    assert.equal(postgres!.env.POSTGRES_USER, 'postgres');
    assert.match(postgres!.env.POSTGRES_PASSWORD!, /^pw-[0-9a-f]{24}$/);
    assert.deepEqual(postgres!.secrets, [postgres!.env.POSTGRES_PASSWORD]);
    assert.deepEqual(postgres!.health.check, {
      kind: 'cmd',
      command: ['pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', 'postgres', '-d', 'postgres'],
    });
    assert.equal(postgres!.health.timeoutMs, 120_000);
    assert.ok(postgres!.health.intervalMs < 1000);
    assert.notEqual(
      parse('postgres:')[0]!.env.POSTGRES_PASSWORD,
      postgres!.env.POSTGRES_PASSWORD,
      'a new password each run',
    );
  });

  test('preset settings are overridden one by one; the check follows the user and database', () => {
    const [pg] = parse(
      'postgres:\n  image: postgres:15\n  env: { POSTGRES_USER: app, POSTGRES_PASSWORD: hunter2x, POSTGRES_DB: shop }',
    );
    assert.equal(pg!.image, 'postgres:15');
    assert.equal(pg!.env.POSTGRES_PASSWORD, 'hunter2x');
    assert.deepEqual(pg!.secrets, ['hunter2x']);
    assert.deepEqual((pg!.health.check as { command: readonly string[] }).command.slice(-4), [
      '-U',
      'app',
      '-d',
      'shop',
    ]);
  });

  test('a preset under another name, and a plain image with every setting', () => {
    const [queue, api] = parse(`
queue:
  preset: rabbitmq
api:
  image: wiremock/wiremock:3.13.1
  ports: [8080, "8443"]
  command: ["--verbose", "--port", "8080"]
  entrypoint: /docker-entrypoint.sh
  volumes: ["./mocks:/home/wiremock/mappings:ro", "data:/data", "/abs:/abs"]
  options: ["--tmpfs", "/tmp"]
  env: { API_TOKEN: abcdef123, MODE: test, COUNT: 3, ON: true }
  health:
    http: { port: 8080, path: __admin/health, status: [200, 204] }
    timeout: 60s
    interval: 100ms
`);
    assert.equal(queue!.preset?.name, 'rabbitmq');
    assert.equal(queue!.image, 'rabbitmq:4-management');
    assert.deepEqual(queue!.ports, [5672, 15672]);
    assert.equal(api!.preset, undefined);
    assert.deepEqual(api!.ports, [8080, 8443]);
    assert.deepEqual(api!.command, ['--verbose', '--port', '8080']);
    assert.equal(api!.entrypoint, '/docker-entrypoint.sh');
    assert.deepEqual(api!.volumes, [
      '/work/app/mocks:/home/wiremock/mappings:ro',
      'data:/data',
      '/abs:/abs',
    ]);
    assert.deepEqual(api!.options, ['--tmpfs', '/tmp']);
    assert.deepEqual(api!.env, { API_TOKEN: 'abcdef123', MODE: 'test', COUNT: '3', ON: 'true' });
    assert.deepEqual(api!.secrets, ['abcdef123'], 'values of secret-looking names are secrets');
    assert.deepEqual(api!.health, {
      check: { kind: 'http', port: 8080, path: '/__admin/health', status: [200, 204] },
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    assert.equal(api!.healthFromImage, false);
  });

  test('a plain image without health waits on the image: its HEALTHCHECK, else TCP', () => {
    const [svc] = parse('svc:\n  image: busybox:1.35\n  ports: [80]');
    assert.equal(svc!.healthFromImage, true);
  });

  test('every health kind and the string forms', () => {
    const health = (yaml: string) =>
      parse(`s:\n  image: x\n  ports: [1]\n  health:\n${yaml}`)[0]!.health.check;
    assert.deepEqual(health('    cmd: redis-cli ping | grep PONG'), {
      kind: 'cmd',
      command: ['sh', '-c', 'redis-cli ping | grep PONG'],
    });
    assert.deepEqual(health('    cmd: ["pg_isready", "-h", "127.0.0.1"]'), {
      kind: 'cmd',
      command: ['pg_isready', '-h', '127.0.0.1'],
    });
    assert.deepEqual(health('    tcp: true'), { kind: 'tcp' });
    assert.deepEqual(health('    tcp: { ports: [1, 2] }'), { kind: 'tcp', ports: [1, 2] });
    assert.deepEqual(health('    log: ready to accept'), {
      kind: 'log',
      pattern: 'ready to accept',
    });
    assert.deepEqual(health('    log: { pattern: "ready", times: 2 }'), {
      kind: 'log',
      pattern: 'ready',
      times: 2,
    });
    assert.deepEqual(health('    none: true'), { kind: 'none' });
    assert.deepEqual(parse('s:\n  image: x\n  health: none')[0]!.health.check, { kind: 'none' });
  });

  test('a string command is split as a shell would', () => {
    const [s] = parse(`s:\n  image: x\n  command: sh -c "echo 'a b' && exit 3"`);
    assert.deepEqual(s!.command, ['sh', '-c', "echo 'a b' && exit 3"]);
  });

  test('empty input: no services', () => {
    assert.deepEqual(parse(''), []);
    assert.deepEqual(parse('  \n'), []);
  });

  test('mistakes are refused with the service and setting named', () => {
    refusal('postgres: [', /is not valid YAML/);
    refusal('- postgres', /must be a YAML mapping of service name to settings/);
    refusal('api:\n  ports: [80]', /service "api" needs an image, or a preset/);
    refusal(
      'db:\n  preset: postgress',
      /service "db": preset "postgress" does not exist; presets are postgres, mysql/,
    );
    refusal('postgres:\n  imag: x', /service "postgres": unknown setting "imag"/);
    refusal(
      'api:\n  image: x\n  ports: [99999]',
      /service "api": ports: "99999" is not a port number/,
    );
    refusal(
      'api:\n  image: x\n  health: { cmd: "true", tcp: true }',
      /names cmd and tcp: choose one/,
    );
    refusal('api:\n  image: x\n  health: { timeout: soon }', /"soon" is not a duration/);
    refusal(
      'api:\n  image: x\n  health: { log: "(" }',
      /"\(" is not a usable pattern: Invalid regular expression/,
    );
    refusal('api:\n  image: x\n  health: { log: "x*" }', /matches an empty string/);
    refusal('api:\n  image: x\n  env: { A: [1] }', /env\.A must be a string, number or boolean/);
    refusal('api:\n  image: x\n  command: sh -c "unclosed', /unclosed " quote/);
    refusal('bad name:\n  image: x', /"bad name" is not a usable service name/);
    refusal('Redis:\n  image: x\nredis:\n  image: y', /"redis" is named twice/);
  });
});
