/**
 * Compose files on a real Docker engine, with Compose v2 (`docker compose`) and v1
 * (`docker-compose`) each: services come up labelled with the run, are awaited the same way
 * as `services` (their healthcheck, else TCP), hand out `<NAME>_HOST`/`<NAME>_PORT`, and leave
 * nothing behind. Only images already on the machine are used; nothing is pulled.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  composeProjectName,
  detectComposeCommand,
  removeComposeProject,
  startComposeServices,
} from '../../src/services/compose.js';
import { DockerCli } from '../../src/services/docker-cli.js';
import { serviceVariables } from '../../src/services/environment.js';
import type { ServicesResult } from '../../src/services/start-services.js';
import { dockerSkipReason, IMAGES, LABEL, leftovers } from '../support/docker.js';

const exec = promisify(execFile);
const skip = await dockerSkipReason();

async function installed(binary: string, args: string[]): Promise<boolean> {
  try {
    await exec(binary, args, { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const VARIANTS = [
  {
    name: 'Compose v2 (docker compose)',
    command: ['compose'],
    missing:
      skip ??
      ((await installed('docker', ['compose', 'version'])) ? undefined : 'no `docker compose`'),
  },
  {
    name: 'Compose v1 (docker-compose)',
    command: ['docker-compose'],
    missing:
      skip ??
      ((await installed('docker-compose', ['version'])) ? undefined : 'no `docker-compose`'),
  },
];

/** A host port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

/** What one run left: other service tests may run on the same engine at the same time. */
const runLeftovers = (runId: string) => leftovers(`label=${LABEL}=${runId}`);

/** Everything Compose made for the project, labelled with our run label or not. */
const projectLeftovers = (project: string) =>
  leftovers(`label=com.docker.compose.project=${project}`, { volumes: true });

describe('detectComposeCommand', { skip: skip ?? false }, () => {
  test('prefers v2, the plugin GitHub runners have', async () => {
    const expected = VARIANTS.find((v) => v.missing === undefined)?.command;
    assert.deepEqual(await detectComposeCommand(new DockerCli()), expected);
  });

  test('neither installed: one clear error naming both commands', async () => {
    // A docker without the compose plugin, and a PATH without docker-compose.
    const bin = await mkdtemp(path.join(tmpdir(), 'itest-nocompose-'));
    const real = (await exec('sh', ['-c', 'command -v docker'])).stdout.trim();
    const fake = path.join(bin, 'docker');
    await writeFile(
      fake,
      `#!/bin/sh\n[ "$1" = compose ] && { echo "'compose' is not a docker command." >&2; exit 1; }\nexec ${real} "$@"\n`,
      { mode: 0o755 },
    );
    const savedPath = process.env.PATH;
    process.env.PATH = bin;
    try {
      const docker = new DockerCli(fake);
      assert.equal(await detectComposeCommand(docker), undefined);
      const result = await startComposeServices({
        files: [path.join(bin, 'compose.yml')],
        docker,
        runId: randomUUID().replace(/-/g, ''),
        logDirectory: path.join(bin, 'logs'),
        log: () => undefined,
      });
      assert.equal(result.healthy, false);
      assert.deepEqual(result.outcomes, []);
      assert.match(
        result.error ?? '',
        /neither `docker compose` \(Compose v2\) nor `docker-compose` \(Compose v1\) is installed/,
      );
    } finally {
      process.env.PATH = savedPath;
      await rm(bin, { recursive: true, force: true });
    }
  });
});

for (const variant of VARIANTS) {
  describe(variant.name, { skip: variant.missing ?? false, concurrency: false }, () => {
    const docker = new DockerCli();
    let dir = '';
    let runId = '';
    let files: string[] = [];
    const logs: string[] = [];

    const start = (healthTimeoutMs?: number): Promise<ServicesResult> =>
      startComposeServices({
        files,
        docker,
        runId,
        logDirectory: path.join(dir, 'logs'),
        log: (message) => logs.push(message),
        command: variant.command,
        healthTimeoutMs,
      });

    const composeFile = async (name: string, lines: string[]): Promise<string> => {
      const file = path.join(dir, name);
      await writeFile(file, `${lines.join('\n')}\n`);
      return file;
    };

    afterEach(async () => {
      // Whatever a test did or failed to do: the project goes, then anything labelled.
      await removeComposeProject(docker, runId, files, variant.command);
      await docker.removeRun(runId);
      const left = [
        ...(await runLeftovers(runId)),
        ...(await projectLeftovers(composeProjectName(runId))),
      ];
      await rm(dir, { recursive: true, force: true });
      assert.deepEqual(left, [], 'something of the run was left behind');
    });

    const fresh = async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'itest-compose-'));
      runId = randomUUID().replace(/-/g, '');
      files = [];
      logs.length = 0;
    };

    test('a healthcheck and a plain port: both healthy, reached through <NAME>_HOST/_PORT', async () => {
      await fresh();
      files = [
        await composeFile('compose.yml', [
          'services:',
          '  postgres:',
          `    image: ${IMAGES.postgres}`,
          '    environment:',
          '      POSTGRES_PASSWORD: composed',
          '      POSTGRES_DB: app',
          '    ports: ["5432"]',
          '    healthcheck:',
          '      test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "postgres"]',
          '      interval: 1s',
          '      retries: 60',
          '  redis:',
          `    image: ${IMAGES.redis}`,
          '    labels: ["org.example.kept=yes"]',
          '    ports: ["6379"]',
          '  debug:', // not started: its profile is not enabled
          `    image: ${IMAGES.busybox}`,
          '    profiles: [debug]',
        ]),
      ];
      const result = await start();
      assert.equal(result.healthy, true, JSON.stringify(result.outcomes));
      assert.deepEqual(
        result.outcomes.map((o) => [o.name, o.image, o.status]),
        [
          ['postgres', IMAGES.postgres, 'healthy'],
          ['redis', IMAGES.redis, 'healthy'],
        ],
      );
      // postgres had a compose healthcheck (Docker's status); redis none: TCP on its port.
      const checks = Object.fromEntries(
        result.started.map((s) => [s.spec.name, s.spec.health.check.kind]),
      );
      assert.deepEqual(checks, { postgres: 'image', redis: 'tcp' });

      const variables = serviceVariables(result.started);
      assert.equal(variables.POSTGRES_HOST, '127.0.0.1');
      assert.equal(variables.REDIS_HOST, '127.0.0.1');
      assert.match(variables.POSTGRES_PORT ?? '', /^\d+$/);
      assert.equal(variables.POSTGRES_PORT_5432, variables.POSTGRES_PORT);
      assert.equal(variables.REDIS_PORT_6379, variables.REDIS_PORT);
      assert.equal(variables.DATABASE_URL, undefined, 'no preset variables for compose services');

      const database = execFileSync(
        'psql',
        [
          '-h',
          variables.POSTGRES_HOST!,
          '-p',
          variables.POSTGRES_PORT!,
          '-U',
          'postgres',
          '-d',
          'app',
        ],
        {
          env: { ...process.env, PGPASSWORD: 'composed', PGCONNECT_TIMEOUT: '10' },
          input: 'select current_database()',
          encoding: 'utf8',
        },
      );
      assert.match(database, /\bapp\b/);
      const pong = execFileSync(
        'redis-cli',
        ['-h', variables.REDIS_HOST!, '-p', variables.REDIS_PORT!, 'ping'],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(pong.trim(), 'PONG');

      // Labelled with the run (so the post step finds them), the user's own labels kept.
      const labels = JSON.parse(
        (
          await exec('docker', [
            'ps',
            '--filter',
            `label=com.github.integration-test-action.run=${runId}`,
            '--filter',
            'label=com.github.integration-test-action.service=redis',
            '--format',
            '{{json .Labels}}',
          ])
        ).stdout,
      ) as string;
      assert.match(labels, /org\.example\.kept=yes/);
      // Each service's output goes to its own file as it comes.
      const redisLog = result.outcomes.find((o) => o.name === 'redis')?.logFile ?? '';
      assert.equal(redisLog, path.join(dir, 'logs', 'redis.log'));
      assert.match(await readFile(redisLog, 'utf8'), /Ready to accept connections/);
    });

    test('a healthcheck that never passes: unhealthy, named, with the reason', async () => {
      await fresh();
      files = [
        await composeFile('compose.yml', [
          'services:',
          '  web:',
          `    image: ${IMAGES.busybox}`,
          '    command: ["sh", "-c", "echo never ready; sleep 300"]',
          '    healthcheck:',
          '      test: ["CMD", "false"]',
          '      interval: 500ms',
          '      retries: 1',
          '  cache:',
          `    image: ${IMAGES.redis}`,
          '    ports: ["6379"]',
        ]),
      ];
      const started = Date.now();
      const result = await start(3000);
      assert.ok(Date.now() - started < 60_000);
      assert.equal(result.healthy, false);
      const web = result.outcomes.find((o) => o.name === 'web');
      assert.equal(web?.status, 'unhealthy');
      assert.match(web?.reason ?? '', /^not healthy after 3s: .*HEALTHCHECK/);
      assert.match(await readFile(web?.logFile ?? '', 'utf8'), /never ready/);
      assert.equal(result.outcomes.find((o) => o.name === 'cache')?.status, 'healthy');
      assert.deepEqual(
        result.started.map((s) => s.spec.name),
        ['cache'],
      );
    });

    test('`up` failing: every service failed with what Compose said', async () => {
      await fresh();
      const port = await freePort();
      files = [
        await composeFile('compose.yml', [
          'services:',
          ...['one', 'two'].flatMap((name) => [
            `  ${name}:`,
            `    image: ${IMAGES.busybox}`,
            '    command: ["sleep", "300"]',
            `    ports: ["127.0.0.1:${port}:80"]`,
          ]),
        ]),
      ];
      const result = await start();
      assert.equal(result.healthy, false);
      assert.deepEqual(
        result.outcomes.map((o) => [o.name, o.status]),
        [
          ['one', 'failed'],
          ['two', 'failed'],
        ],
      );
      // One of them got the port, but `up` failed as a whole: both are reported, and the
      // daemon's reason is given rather than v1's closing "Encountered errors" line.
      for (const outcome of result.outcomes) {
        assert.match(outcome.reason ?? '', /up` failed: .*port is already allocated/i);
      }
    });

    test('an invalid file: one error with what Compose said', async () => {
      await fresh();
      files = [await composeFile('compose.yml', ['services:', '  bad:', '    ports: 12'])];
      const result = await start();
      assert.equal(result.healthy, false);
      assert.deepEqual(result.outcomes, []);
      assert.match(
        result.error ?? '',
        /compose\.yml could not be read by `docker.compose`: .*ports/,
      );
    });

    test('a service that exits: unhealthy at once, with its exit code and output', async () => {
      await fresh();
      files = [
        await composeFile('compose.yml', [
          'services:',
          '  broken:',
          `    image: ${IMAGES.busybox}`,
          '    command: ["sh", "-c", "echo config missing >&2; sleep 1; exit 3"]',
          '    ports: ["80"]',
        ]),
      ];
      const started = Date.now();
      const result = await start();
      assert.ok(Date.now() - started < 30_000, 'not only at the 2-minute timeout');
      const [broken] = result.outcomes;
      assert.equal(broken?.status, 'unhealthy');
      assert.match(broken?.reason ?? '', /exited with code 3/);
      assert.match(await readFile(broken?.logFile ?? '', 'utf8'), /config missing/);
    });

    test('several files merged; removal by label alone (the post step) leaves nothing', async () => {
      await fresh();
      files = [
        await composeFile('compose.yml', [
          'services:',
          '  cache:',
          `    image: ${IMAGES.redis}`,
          '    networks: [back]',
          '    volumes: ["data:/data"]',
          'networks:',
          '  back: {}',
          'volumes:',
          '  data: {}',
        ]),
        await composeFile('compose.ports.yml', ['services:', '  cache:', '    ports: ["6379"]']),
      ];
      const result = await start();
      assert.equal(result.healthy, true, JSON.stringify(result.outcomes));
      assert.match(serviceVariables(result.started).CACHE_PORT ?? '', /^\d+$/);
      // The container and the network it uses; Compose creates no unused default network.
      const labelled = await runLeftovers(runId);
      assert.equal(labelled.length, 2, `a container and a network: ${labelled.join(', ')}`);

      const removed = await docker.removeRun(runId);
      assert.deepEqual(removed.errors, []);
      assert.deepEqual(await runLeftovers(runId), []);
      // Only the named volume is Compose's alone: `down --volumes` takes it.
      const project = composeProjectName(runId);
      assert.deepEqual(await projectLeftovers(project), [`${project}_data`]);
      await removeComposeProject(docker, runId, files, variant.command);
      assert.deepEqual(await projectLeftovers(project), []);
    });

    test('removeComposeProject removes containers, networks and volumes of the run', async () => {
      await fresh();
      files = [
        await composeFile('compose.yml', [
          'services:',
          '  cache:',
          `    image: ${IMAGES.redis}`,
          '    ports: ["6379"]',
          '  idle:',
          `    image: ${IMAGES.busybox}`,
          '    command: ["sleep", "300"]',
        ]),
      ];
      const result = await start();
      assert.equal(result.healthy, true, JSON.stringify(result.outcomes));
      assert.equal(
        result.started.find((s) => s.spec.name === 'idle')?.spec.health.check.kind,
        'none',
      );
      assert.ok((await runLeftovers(runId)).length >= 3);
      await removeComposeProject(docker, runId, files, variant.command);
      assert.deepEqual(await runLeftovers(runId), []);
      assert.deepEqual(await projectLeftovers(composeProjectName(runId)), []);
    });
  });
}
