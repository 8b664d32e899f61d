/**
 * Docker for the service tests: the testbed in ../shared (a real engine and stand-in images
 * with official tags) where it exists, else whatever engine the machine has.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './action-runner.js';

const run = promisify(execFile);

export const TESTBED = path.resolve(PROJECT_ROOT, '..', 'shared', 'testbed');

/** Image names from the environment, with the official tags the testbed also provides. */
export const IMAGES = {
  postgres: process.env.ITEST_POSTGRES_IMAGE ?? 'postgres:15',
  redis: process.env.ITEST_REDIS_IMAGE ?? 'redis:7',
  rabbitmq: process.env.ITEST_RABBITMQ_IMAGE ?? 'rabbitmq:3-management',
  mariadb: process.env.ITEST_MARIADB_IMAGE ?? 'mariadb:10.11',
  busybox: process.env.ITEST_BUSYBOX_IMAGE ?? 'busybox:1.35',
};

export const LABEL = 'com.github.integration-test-action.run';

let ready: Promise<string | undefined> | undefined;

/**
 * Undefined when Docker and the images are there (starting the testbed first if it exists),
 * else why the tests that need them are skipped.
 */
export function dockerSkipReason(): Promise<string | undefined> {
  ready ??= (async () => {
    if (existsSync(TESTBED) && process.getuid?.() === 0) {
      try {
        execFileSync(path.join(TESTBED, 'docker-up'), { stdio: 'ignore', timeout: 300_000 });
        execFileSync(path.join(TESTBED, 'build-images'), { stdio: 'ignore', timeout: 600_000 });
      } catch (error) {
        return `the Docker testbed in ../shared/testbed did not start: ${(error as Error).message}`;
      }
    }
    try {
      await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 20_000 });
    } catch {
      return existsSync(TESTBED)
        ? 'no Docker engine answers (../shared/testbed/docker-up needs root)'
        : 'no Docker engine answers, and ../shared/testbed is absent';
    }
    return undefined;
  })();
  return ready;
}

/**
 * Containers and networks (and volumes, when asked) that match a Docker filter: by default
 * whatever any run of the action left behind.
 */
export async function leftovers(
  filter = `label=${LABEL}`,
  options: { volumes?: boolean } = {},
): Promise<string[]> {
  const names = async (command: string[], format: string) =>
    (await run('docker', [...command, '--filter', filter, '--format', format])).stdout.split('\n');
  const found = [
    ...(await names(['ps', '-a'], '{{.Names}}')),
    ...(await names(['network', 'ls'], '{{.Name}}')),
    ...(options.volumes ? await names(['volume', 'ls'], '{{.Name}}') : []),
  ];
  return found.filter(Boolean);
}

/** After a test that failed half-way: leave the engine clean for the next. */
export async function removeLeftovers(): Promise<void> {
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=${LABEL}`]);
  const ids = stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await run('docker', ['rm', '-f', '-v', ...ids]);
  const networks = (
    await run('docker', ['network', 'ls', '-q', '--filter', `label=${LABEL}`])
  ).stdout
    .split('\n')
    .filter(Boolean);
  if (networks.length > 0) await run('docker', ['network', 'rm', ...networks]);
}
