/**
 * Service containers through the bundled action, on a real Docker engine: the images are the
 * testbed's stand-ins for the official tags (or the real ones where Docker Hub can be reached),
 * and the command reaches each service with a real client and the variables it was handed.
 * Every test ends with no container or network of any run left.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { runAction, type ActionRun } from './support/action-runner.js';
import { dockerSkipReason, IMAGES, leftovers, removeLeftovers } from './support/docker.js';

const skip = await dockerSkipReason();

function errors(run: ActionRun): string[] {
  return run.main.commands.filter((c) => c.command === 'error').map((c) => c.message);
}

async function report(run: ActionRun) {
  return JSON.parse(await readFile(run.main.outputs['report-json']!, 'utf8'));
}

describe('services', { skip: skip ?? false, concurrency: false }, () => {
  before(async () => removeLeftovers());
  afterEach(async () => {
    const left = await leftovers();
    await removeLeftovers();
    assert.deepEqual(left, [], 'a container or network of the run was left behind');
  });
  after(async () => removeLeftovers());

  test('postgres, redis, rabbitmq and mariadb side by side, each reached by a real client', async () => {
    const run = await runAction({
      inputs: {
        services: [
          'postgres:',
          `  image: ${IMAGES.postgres}`,
          '  env: { POSTGRES_DB: app }',
          'redis:',
          `  image: ${IMAGES.redis}`,
          'queue:',
          '  preset: rabbitmq',
          `  image: ${IMAGES.rabbitmq}`,
          'mariadb:',
          `  image: ${IMAGES.mariadb}`,
          '  env: { MARIADB_DATABASE: shop, MARIADB_USER: shop, MARIADB_PASSWORD: "s3cret pass/word" }',
        ].join('\n'),
        command: [
          'psql "$POSTGRES_URL" -tAc "select current_database()"',
          'psql -tAc "select 40 + 2"', // PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
          'redis-cli -u "$REDIS_URL" set greeting hello >/dev/null',
          'redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" get greeting',
          'amqp-declare-queue --url "$AMQP_URL" -q itest',
          'amqp-publish --url "$QUEUE_URL" -r itest -b "via amqp"',
          'amqp-get --url "$AMQP_URL" -q itest; echo',
          'mariadb -h "$MARIADB_HOST" -P "$MARIADB_PORT_3306" -u shop -p"s3cret pass/word" shop -N -e "select database()"',
          'echo "MYSQL_URL=${MYSQL_URL:+set} DATABASE_URL=${DATABASE_URL:-unset}"',
        ].join('\n'),
      },
    });
    assert.equal(run.main.exitCode, 0, run.main.stdout + run.main.stderr);
    assert.equal(run.main.outputs.conclusion, 'success');
    const lines = run.main.stdout.split('\n');
    for (const expected of ['app', '42', 'hello', 'itest', 'via amqp', 'shop']) {
      assert.ok(
        lines.includes(expected),
        `the command did not print ${expected}:\n${run.main.stdout}`,
      );
    }
    // Two SQL services: DATABASE_URL would not say which, so it is not set; MYSQL_URL is.
    assert.ok(lines.includes('MYSQL_URL=set DATABASE_URL=unset'));

    const services = JSON.parse(run.main.outputs.services!);
    assert.deepEqual(Object.keys(services), ['postgres', 'redis', 'queue', 'mariadb']);
    assert.equal(services.postgres.host, '127.0.0.1');
    assert.ok(services.queue.ports['5672'] > 0 && services.queue.ports['15672'] > 0);

    const json = await report(run);
    assert.deepEqual(
      json.extra.services.map((s: { status: string }) => s.status),
      ['healthy', 'healthy', 'healthy', 'healthy'],
    );
    // The generated postgres password and the user's MariaDB password are masked and redacted.
    const masked = run.main.commands.filter((c) => c.command === 'add-mask').map((c) => c.message);
    assert.ok(masked.includes('s3cret pass/word'));
    const postgresUrl = new URL(services.postgres.url);
    assert.ok(masked.includes(decodeURIComponent(postgresUrl.password)));
    for (const published of [run.main.summary, JSON.stringify(json)]) {
      assert.ok(!published.includes('s3cret pass/word'));
      assert.ok(!published.includes(decodeURIComponent(postgresUrl.password)));
    }
    assert.match(run.main.summary, /\| postgres \| postgres:15 \| ✅ healthy \|/);
  });

  test('a service that never becomes healthy fails the step before the command, naming it', async () => {
    const run = await runAction({
      inputs: {
        services: [
          'api:',
          `  image: ${IMAGES.busybox}`,
          '  command: ["sh", "-c", "echo starting up; echo still not ready; sleep 300"]',
          '  ports: [8080]',
          '  health:',
          '    http: { port: 8080, path: /ready }',
          '    timeout: 3s',
        ].join('\n'),
        command: 'touch command-ran',
      },
    });
    assert.equal(run.main.exitCode, 1);
    assert.equal(run.main.outputs.conclusion, 'failure');
    const [reason] = errors(run);
    assert.match(
      reason ?? '',
      /^Service "api" \(busybox:1\.35\): not healthy after 3s: GET http:\/\/127\.0\.0\.1:\d+\/ready/,
    );
    assert.match(
      run.main.stdout,
      /::group::Last 2 lines of api's output\nstarting up\nstill not ready\n::endgroup::/,
    );
    assert.equal(run.main.outputs['exit-code'], '');
    assert.match(run.main.summary, /\| api \| busybox:1\.35 \| ❌ not healthy \|/);
  });

  test('a container that exits fails at once with its exit code and output', async () => {
    const started = Date.now();
    const run = await runAction({
      inputs: {
        services: [
          `broken:`,
          `  image: ${IMAGES.busybox}`,
          '  command: sh -c "echo config missing >&2; exit 3"',
          '  ports: [80]',
        ].join('\n'),
        command: 'true',
      },
    });
    assert.ok(Date.now() - started < 60_000);
    assert.equal(run.main.exitCode, 1);
    assert.match(errors(run)[0] ?? '', /Service "broken" \(busybox:1\.35\): exited with code 3/);
    assert.match(run.main.stdout, /config missing/);
  });

  test('an image that cannot be had is named with the reason', async () => {
    const run = await runAction({
      inputs: { services: 'ghost:\n  image: 127.0.0.1:9/itest/missing:1\n', command: 'true' },
    });
    assert.equal(run.main.exitCode, 1);
    assert.match(
      errors(run)[0] ?? '',
      /Service "ghost" \(127\.0\.0\.1:9\/itest\/missing:1\): the image could not be pulled: .+/,
    );
  });

  test('SIGTERM while the command runs stops it and removes the containers: cancelled', async () => {
    const run = await runAction({
      cancelAfterMs: 4000,
      cancelSignal: 'SIGTERM',
      inputs: {
        services: `redis:\n  image: ${IMAGES.redis}\n`,
        command: 'redis-cli -u "$REDIS_URL" ping; sleep 120',
      },
    });
    assert.equal(run.main.outputs.conclusion, 'cancelled');
    assert.ok(run.main.elapsedMs < 30_000);
    assert.deepEqual(await leftovers(), [], 'main removed the containers itself');
  });

  test('keep-services leaves them up for later steps with their variables; the post step removes them', async () => {
    let betweenSteps: string[] = [];
    let ping = '';
    const run = await runAction({
      inputs: {
        services: `cache:\n  preset: redis\n  image: ${IMAGES.redis}\n`,
        'keep-services': 'true',
        command: 'true',
      },
      betweenSteps: async (main) => {
        betweenSteps = await leftovers();
        ping = execFileSync('redis-cli', ['-u', main.env.REDIS_URL ?? '', 'ping'], {
          encoding: 'utf8',
        }).trim();
      },
    });
    assert.equal(run.main.exitCode, 0);
    assert.match(run.main.env.REDIS_URL ?? '', /^redis:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(run.main.env.CACHE_HOST, '127.0.0.1');
    assert.equal(
      betweenSteps.length,
      2,
      `a container and a network stay up between the steps: ${betweenSteps.join(', ')}`,
    );
    assert.equal(ping, 'PONG', 'a later step reaches the service with the exported variables');
    assert.equal(run.post?.exitCode, 0);
    assert.match(run.post?.stdout ?? '', /Removed 1 container\(s\) and 1 network\(s\) of this run/);
  });

  test('compose-file: its services are started, awaited and handed over next to the services input', async () => {
    const workspace = await mkdtemp(path.join(tmpdir(), 'itest-compose-'));
    await writeFile(
      path.join(workspace, 'compose.yml'),
      [
        'services:',
        '  db:',
        `    image: ${IMAGES.postgres}`,
        '    environment: { POSTGRES_PASSWORD: composepw1, POSTGRES_DB: inventory }',
        '    ports: ["5432"]',
        '    healthcheck:',
        '      test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "postgres"]',
        '      interval: 1s',
        '      retries: 60',
      ].join('\n'),
    );
    const run = await runAction({
      workspace,
      inputs: {
        'compose-file': 'compose.yml',
        services: `redis:\n  image: ${IMAGES.redis}\n`,
        command: [
          'PGPASSWORD=composepw1 psql -h "$DB_HOST" -p "$DB_PORT" -U postgres -d inventory -tAc "select 6 * 7"',
          'redis-cli -u "$REDIS_URL" ping',
        ].join('\n'),
      },
    });
    assert.equal(run.main.exitCode, 0, run.main.stdout + run.main.stderr);
    const lines = run.main.stdout.split('\n');
    assert.ok(lines.includes('42') && lines.includes('PONG'), run.main.stdout);
    const json = await report(run);
    assert.deepEqual(
      json.extra.services.map((s: { name: string; status: string }) => `${s.name}:${s.status}`),
      ['redis:healthy', 'db:healthy'],
    );
  });

  test('compose-file that does not exist is an input error', async () => {
    const run = await runAction({ inputs: { 'compose-file': 'nope.yml', command: 'touch ran' } });
    assert.equal(run.main.exitCode, 1);
    assert.match(errors(run)[0] ?? '', /^Input "compose-file": "nope\.yml" does not exist in /);
  });
});
