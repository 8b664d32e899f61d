import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { containerName, dockerRunArguments, networkName, LABEL_RUN } from './docker-args.js';
import { lastLine, type DockerCli } from './docker-cli.js';
import { connectionContext, type StartedService } from './environment.js';
import type { HealthSettings } from './health.js';
import type { ServiceOutcome, ServiceSpec } from './service.js';
import type { ServiceProbe } from './wait/probe.js';
import { waitUntilHealthy } from './wait/wait-until-healthy.js';

export const SERVICE_HOST = '127.0.0.1';

/** What starting services of any origin (the input, a compose file) needs from the run. */
export interface ServiceRun {
  readonly docker: DockerCli;
  /** Labels everything of this run; the post step removes by it. */
  readonly runId: string;
  /** Where each service's output is written, one file per service. */
  readonly logDirectory: string;
  readonly signal?: AbortSignal;
  readonly log: (message: string) => void;
}

export interface StartServicesOptions extends ServiceRun {
  readonly specs: readonly ServiceSpec[];
}

export interface ServicesResult {
  /** Why no service could be started at all (Docker not reachable, no network): said once. */
  readonly error?: string;
  readonly outcomes: readonly ServiceOutcome[];
  /** The services that became healthy, with where to reach them. */
  readonly started: readonly StartedService[];
  readonly healthy: boolean;
}

/**
 * Starts every service side by side on a network of the run's own, and waits until each is
 * healthy. A service that cannot start or never becomes healthy is an outcome with a reason,
 * never an exception: the caller decides and cleans up.
 */
export async function startServices(options: StartServicesOptions): Promise<ServicesResult> {
  const { specs, docker, runId } = options;
  if (specs.length === 0) return { outcomes: [], started: [], healthy: true };
  const notStarted = (error: string) => ({ error, outcomes: [], started: [], healthy: false });
  try {
    await docker.assertReachable();
  } catch (error) {
    return notStarted((error as Error).message);
  }
  await mkdir(options.logDirectory, { recursive: true });
  const network = networkName(runId);
  const label = `${LABEL_RUN}=${runId}`;
  const created = await docker.run(['network', 'create', '--label', label, network]);
  if (created.exitCode !== 0) {
    return notStarted(
      `Could not create the services' network ${network}: ${lastLine(created.stderr)}`,
    );
  }
  const results = await Promise.all(specs.map((spec) => startOne(spec, network, options)));
  const started = results.flatMap((r) => (r.started ? [r.started] : []));
  return {
    outcomes: results.map((r) => r.outcome),
    started,
    healthy: results.every((r) => r.outcome.status === 'healthy'),
  };
}

async function startOne(
  spec: ServiceSpec,
  network: string,
  options: StartServicesOptions,
): Promise<{ outcome: ServiceOutcome; started?: StartedService }> {
  const { docker, log } = options;
  const base = { name: spec.name, image: spec.image };
  const failed = (reason: string, logFile?: string) => ({
    outcome: { ...base, status: 'failed' as const, reason, logFile },
  });

  if (!(await docker.imageExists(spec.image))) {
    log(`Pulling ${spec.image} for ${spec.name}...`);
    const pulled = await docker.pull(spec.image, log);
    if (pulled.exitCode !== 0) {
      return failed(`the image could not be pulled: ${lastLine(pulled.stderr)}`);
    }
  }

  const { args, env } = dockerRunArguments(spec, {
    container: containerName(options.runId, spec.name),
    network,
    runId: options.runId,
  });
  const startedAt = Date.now();
  const run = await docker.run(args, { env });
  if (run.exitCode !== 0)
    return failed(`the container could not be started: ${lastLine(run.stderr)}`);
  const id = run.stdout.trim();

  const logFile = path.join(options.logDirectory, `${spec.name}.log`);
  docker.followLogs(id, logFile);

  const details = await docker.inspectContainer(id);
  const ports = details?.ports ?? {};
  const missing = spec.ports.filter((port) => ports[port] === undefined);
  if (missing.length > 0 && details?.running) {
    return failed(
      `Docker published no host port for container port ${missing.join(', ')}`,
      logFile,
    );
  }
  const endpoint = {
    name: spec.name,
    host: SERVICE_HOST,
    ports,
    url: undefined as string | undefined,
  };
  if (spec.preset?.url && missing.length === 0) {
    endpoint.url = spec.preset.url(connectionContext(spec, endpoint));
  }

  const probe: ServiceProbe = {
    name: spec.name,
    host: SERVICE_HOST,
    containerPorts: spec.ports,
    hostPort: (containerPort) => ports[containerPort],
    exec: (command, timeoutMs) => docker.exec(id, command, timeoutMs),
    readLog: () => readFile(logFile, 'utf8').catch(() => ''),
    state: async () =>
      (await docker.inspectContainer(id)) ?? { running: false, error: 'the container is gone' },
  };
  const health = await resolveHealth(spec, docker);
  const result = await waitUntilHealthy(probe, health, { signal: options.signal });
  if (!result.healthy) {
    return { outcome: { ...base, status: 'unhealthy', reason: result.reason, endpoint, logFile } };
  }
  const healthyAfterMs = Date.now() - startedAt;
  log(`${spec.name} (${spec.image}) is healthy after ${(healthyAfterMs / 1000).toFixed(1)} s.`);
  return {
    outcome: { ...base, status: 'healthy', healthyAfterMs, endpoint, logFile },
    started: { spec, endpoint },
  };
}

/** No check asked for and no preset: the image's HEALTHCHECK, else TCP on every port. */
async function resolveHealth(spec: ServiceSpec, docker: DockerCli): Promise<HealthSettings> {
  if (!spec.healthFromImage) return spec.health;
  if (await docker.imageHasHealthcheck(spec.image))
    return { ...spec.health, check: { kind: 'image' } };
  return { ...spec.health, check: spec.ports.length > 0 ? { kind: 'tcp' } : { kind: 'none' } };
}
