import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LABEL_RUN, LABEL_SERVICE } from './docker-args.js';
import { DockerCli, lastLine, type DockerResult } from './docker-cli.js';
import type { StartedService } from './environment.js';
import {
  DEFAULT_HEALTH_INTERVAL_MS,
  DEFAULT_HEALTH_TIMEOUT_MS,
  type HealthSettings,
} from './health.js';
import type { ServiceOutcome, ServiceSpec } from './service.js';
import { SERVICE_HOST, type ServiceRun, type ServicesResult } from './start-services.js';
import type { ServiceProbe } from './wait/probe.js';
import { waitUntilHealthy } from './wait/wait-until-healthy.js';

/** Labels Compose (v1 and v2) puts on what it creates. */
const COMPOSE_LABEL_PROJECT = 'com.docker.compose.project';
const COMPOSE_LABEL_SERVICE = 'com.docker.compose.service';

/** `up` may pull and build images, and waits for `depends_on` conditions. */
const UP_TIMEOUT_MS = 20 * 60_000;
const DOWN_TIMEOUT_MS = 2 * 60_000;
const CONFIG_TIMEOUT_MS = 60_000;

export interface StartComposeOptions extends ServiceRun {
  /** Absolute paths of the compose files, merged in this order. */
  readonly files: readonly string[];
  /** `['compose']` (v2) or `['docker-compose']` (v1); detected when not given. */
  readonly command?: readonly string[];
  /** Limit of each service's wait; 2 minutes unless a test needs it shorter. */
  readonly healthTimeoutMs?: number;
}

/** The project of the run: unique, so nothing of another run or of the user is touched. */
export function composeProjectName(runId: string): string {
  // Compose v1 drops characters outside [a-z0-9_-] from a project name; v2 rejects them.
  return `itest-${runId
    .slice(0, 8)
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')}`;
}

/**
 * `['compose']` when the Docker CLI has the Compose v2 plugin (GitHub's runners do), else
 * `['docker-compose']` when the v1 binary is installed, else undefined.
 */
export async function detectComposeCommand(docker: DockerCli): Promise<string[] | undefined> {
  if ((await docker.run(['compose', 'version'], { timeoutMs: 20_000 })).exitCode === 0)
    return ['compose'];
  const v1 = new DockerCli('docker-compose');
  if ((await v1.run(['version'], { timeoutMs: 20_000 })).exitCode === 0) return ['docker-compose'];
  return undefined;
}

/**
 * Brings the compose files' services up and waits until each is healthy, side by side: the
 * service's healthcheck as Docker reports it, else TCP on every published port, else nothing.
 * A service that does not start or never becomes healthy is an outcome with a reason; what
 * stops every service (no Docker, no Compose, files Compose rejects) is `error`, as with
 * startServices. Never throws for those. The caller removes the project.
 */
export async function startComposeServices(options: StartComposeOptions): Promise<ServicesResult> {
  const { files, docker, runId, log } = options;
  if (files.length === 0) return { outcomes: [], started: [], healthy: true };
  const notStarted = (error: string): ServicesResult => ({
    error,
    outcomes: [],
    started: [],
    healthy: false,
  });
  let compose: Compose;
  try {
    await docker.assertReachable();
    compose = await composeFor(docker, options.command);
  } catch (error) {
    return notStarted((error as Error).message);
  }
  await mkdir(options.logDirectory, { recursive: true });
  const project = composeProjectName(runId);
  const base = ['-p', project, ...files.flatMap((file) => ['-f', file])];

  const config = await compose.run([...base, 'config'], { timeoutMs: CONFIG_TIMEOUT_MS });
  if (config.exitCode !== 0) {
    return notStarted(
      `The compose file${files.length > 1 ? 's' : ''} ${files.join(', ')} could not be read ` +
        `by \`${compose.name}\`: ${errorText(config.stderr)}`,
    );
  }
  for (const line of warnings(config.stderr)) log(line);
  const model = readModel(config.stdout, activeProfiles());
  if (model.services.length === 0) return { outcomes: [], started: [], healthy: true };

  // Compose labels nothing with the run's label by itself: an override merged last adds it to
  // every container and network, so the post step's removal by label finds them too.
  const override = path.join(options.logDirectory, `compose-labels-${project}.yml`);
  await writeFile(override, labelOverride(model, runId));

  const startedAt = Date.now();
  log(`Starting ${model.services.map((s) => s.name).join(', ')} with \`${compose.name}\`...`);
  // Missing images are pulled (quietly: progress lines would only fill the log) and `build:`
  // services built, as plain `up` does in v1 and v2; present images are used as they are.
  if (options.signal?.aborted) {
    const outcomes = model.services.map((s) => ({
      name: s.name,
      image: s.image ?? '',
      status: 'failed' as const,
      reason: 'cancelled',
    }));
    return { outcomes, started: [], healthy: false };
  }
  const up = await compose.run([...base, '-f', override, 'up', '--detach', '--quiet-pull'], {
    timeoutMs: UP_TIMEOUT_MS,
  });
  for (const line of up.stderr.trim().split('\n').filter(Boolean)) log(line.trim());

  const containers = await projectContainers(docker, project);
  const logFiles = new Map<string, string>();
  for (const service of model.services) {
    const id = containers.get(service.name);
    if (id === undefined) continue;
    const logFile = path.join(options.logDirectory, `${service.name}.log`);
    docker.followLogs(id, logFile);
    logFiles.set(service.name, logFile);
  }

  if (up.exitCode !== 0) {
    const reasons = upErrors(up.stderr);
    return {
      outcomes: model.services.map((service) => ({
        name: service.name,
        image: service.image ?? '',
        status: 'failed',
        reason: `\`${compose.name} up\` failed: ${
          reasons.byService.get(service.name) ?? (reasons.last || `exit ${up.exitCode}`)
        }`,
        logFile: logFiles.get(service.name),
      })),
      started: [],
      healthy: false,
    };
  }

  const results = await Promise.all(
    model.services.map((service) =>
      awaitService(service, containers.get(service.name), logFiles.get(service.name), {
        ...options,
        startedAt,
      }),
    ),
  );
  return {
    outcomes: results.map((r) => r.outcome),
    started: results.flatMap((r) => (r.started ? [r.started] : [])),
    healthy: results.every((r) => r.outcome.status === 'healthy'),
  };
}

/**
 * `down --volumes --remove-orphans` of the run's project: its containers, networks and named
 * volumes. Best effort, never throws; removal by label (DockerCli.removeRun) is the backstop.
 */
export async function removeComposeProject(
  docker: DockerCli,
  runId: string,
  files: readonly string[],
  command?: readonly string[],
): Promise<void> {
  try {
    const compose = await composeFor(docker, command);
    const project = composeProjectName(runId);
    const down = ['down', '--volumes', '--remove-orphans', '--timeout', '2'];
    const withFiles = ['-p', project, ...files.flatMap((file) => ['-f', file]), ...down];
    const result = await compose.run(withFiles, { timeoutMs: DOWN_TIMEOUT_MS });
    // The files may be gone or broken by now; v2 finds a project's resources by name alone.
    if (result.exitCode !== 0 && compose.name === 'docker compose') {
      await compose.run(['-p', project, ...down], { timeoutMs: DOWN_TIMEOUT_MS });
    }
  } catch {
    // Best effort: the caller removes whatever is left by label.
  }
}

interface Compose {
  /** How the user would type it, for messages. */
  readonly name: string;
  run(args: readonly string[], options: { timeoutMs: number }): Promise<DockerResult>;
}

/** v2 is a subcommand of the Docker CLI; v1 a binary of its own, run through the same edge. */
async function composeFor(docker: DockerCli, given?: readonly string[]): Promise<Compose> {
  const command = given ?? (await detectComposeCommand(docker));
  if (command === undefined || command.length === 0) {
    throw new Error(
      'Compose files were given, but neither `docker compose` (Compose v2) nor ' +
        '`docker-compose` (Compose v1) is installed on this runner.',
    );
  }
  const [first, ...rest] = command as [string, ...string[]];
  const [cli, prefix] = first === 'compose' ? [docker, command] : [new DockerCli(first), rest];
  return {
    name: first === 'compose' ? 'docker compose' : command.join(' '),
    run: (args, runOptions) => cli.run([...prefix, ...args], runOptions),
  };
}

interface ComposeService {
  readonly name: string;
  /** Undefined for a service that is only built. */
  readonly image?: string;
  /** Container ports it publishes (TCP), in the order the file gives them. */
  readonly ports: readonly number[];
}

interface ComposeModel {
  readonly services: readonly ComposeService[];
  /** Networks Compose creates for the project (not external ones). */
  readonly networks: readonly string[];
}

/** Profiles Compose enables without `--profile` (which the action does not pass). */
function activeProfiles(): Set<string> {
  return new Set((process.env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim()));
}

/** The parts of `compose config` (the merged, normalized file; same shape in v1 and v2) used. */
function readModel(text: string, profiles: ReadonlySet<string>): ComposeModel {
  const doc = asRecord(parseYaml(text));
  const entries = Object.entries(asRecord(doc.services)).filter(([, value]) => {
    // v2 leaves services of inactive profiles out of `config`; v1 lists them.
    const own = asArray(asRecord(value).profiles);
    return own.length === 0 || own.some((p) => typeof p === 'string' && profiles.has(p));
  });
  const services = entries.map(([name, value]) => {
    const service = asRecord(value);
    const ports = asArray(service.ports).flatMap((entry) => {
      const port = asRecord(entry);
      const target = Number(port.target);
      return Number.isInteger(target) && port.protocol !== 'udp' ? [target] : [];
    });
    return {
      name,
      image: typeof service.image === 'string' ? service.image : undefined,
      ports: [...new Set(ports)],
    };
  });
  const declared = asRecord(doc.networks);
  const networks = new Set(['default', ...Object.keys(declared)]);
  for (const [name, value] of Object.entries(declared)) {
    // Compose does not create external networks, and rejects labels on them.
    if (asRecord(value).external) networks.delete(name);
  }
  return { services, networks: [...networks] };
}

/** JSON is YAML to both Compose versions, and no version key keeps it mergeable with any file. */
function labelOverride(model: ComposeModel, runId: string): string {
  const services = Object.fromEntries(
    model.services.map((s) => [
      s.name,
      { labels: { [LABEL_RUN]: runId, [LABEL_SERVICE]: s.name } },
    ]),
  );
  const networks = Object.fromEntries(
    model.networks.map((name) => [name, { labels: { [LABEL_RUN]: runId } }]),
  );
  return `${JSON.stringify({ services, networks }, null, 2)}\n`;
}

/** Service name -> container id, from the labels Compose puts on its containers. */
async function projectContainers(docker: DockerCli, project: string): Promise<Map<string, string>> {
  const listed = await docker.run([
    'ps',
    '--all',
    '--no-trunc',
    '--filter',
    `label=${COMPOSE_LABEL_PROJECT}=${project}`,
    '--format',
    `{{.ID}}\t{{.Label "${COMPOSE_LABEL_SERVICE}"}}`,
  ]);
  const containers = new Map<string, string>();
  for (const line of listed.stdout.split('\n')) {
    const [id, service] = line.trim().split('\t');
    // With replicas, the first container stands for the service.
    if (id && service && !containers.has(service)) containers.set(service, id);
  }
  return containers;
}

async function awaitService(
  service: ComposeService,
  id: string | undefined,
  logFile: string | undefined,
  options: StartComposeOptions & { startedAt: number },
): Promise<{ outcome: ServiceOutcome; started?: StartedService }> {
  const { docker } = options;
  const name = service.name;
  if (id === undefined || logFile === undefined) {
    return {
      outcome: {
        name,
        image: service.image ?? '',
        status: 'failed',
        reason: 'Compose created no container for it',
      },
    };
  }
  const details = await docker.inspectContainer(id);
  const published: { ports: Readonly<Record<number, number>>; image?: string } = details ?? {
    ports: {},
  };
  const image = service.image ?? published.image ?? '';
  const containerPorts = [
    ...service.ports.filter((port) => published.ports[port] !== undefined),
    ...Object.keys(published.ports)
      .map(Number)
      .filter((port) => !service.ports.includes(port))
      .sort((a, b) => a - b),
  ];
  // Docker reports a health status (from the first moment) only when there is a healthcheck.
  const check =
    details?.health !== undefined
      ? ({ kind: 'image' } as const)
      : containerPorts.length > 0
        ? ({ kind: 'tcp' } as const)
        : ({ kind: 'none' } as const);
  const health: HealthSettings = {
    check,
    timeoutMs: options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS,
    intervalMs: DEFAULT_HEALTH_INTERVAL_MS,
  };
  const spec: ServiceSpec = {
    name,
    image,
    env: {},
    ports: containerPorts,
    volumes: [],
    options: [],
    health,
    healthFromImage: false,
    secrets: [],
  };
  const endpoint = { name, host: SERVICE_HOST, ports: published.ports };
  const probe: ServiceProbe = {
    name,
    host: SERVICE_HOST,
    containerPorts,
    hostPort: (containerPort) => published.ports[containerPort],
    exec: (command, timeoutMs) => docker.exec(id, command, timeoutMs),
    readLog: () => readFile(logFile, 'utf8').catch(() => ''),
    state: async () =>
      (await docker.inspectContainer(id)) ?? { running: false, error: 'the container is gone' },
  };
  const result = await waitUntilHealthy(probe, health, { signal: options.signal });
  const base = { name, image, endpoint, logFile };
  if (!result.healthy) {
    return { outcome: { ...base, status: 'unhealthy', reason: result.reason } };
  }
  const healthyAfterMs = Date.now() - options.startedAt;
  options.log(`${name} (${image}) is healthy after ${(healthyAfterMs / 1000).toFixed(1)} s.`);
  return {
    outcome: { ...base, status: 'healthy', healthyAfterMs },
    started: { spec, endpoint },
  };
}

/**
 * What `up` said went wrong: v1 prints `ERROR: for <service>  <why>` per service and ends with
 * a line that says nothing ("Encountered errors..."); v2 prints the daemon's error last.
 */
function upErrors(stderr: string): { last: string; byService: Map<string, string> } {
  const byService = new Map<string, string>();
  let last = '';
  for (const raw of stderr.split('\n')) {
    const line = raw.trim();
    const forService = /^ERROR: for (\S+) +(.+)$/.exec(line);
    if (forService) byService.set(forService[1]!, forService[2]!);
    if (/^(ERROR|Error)\b/.test(line)) last = forService?.[2] ?? line;
  }
  return { last: last || lastLine(stderr), byService };
}

/** Compose's complaint without its warnings, on one line. */
function errorText(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !isWarning(line));
  return lines.join(' ') || lastLine(stderr) || 'no reason given';
}

function warnings(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(isWarning);
}

function isWarning(line: string): boolean {
  return /^(WARN(ING)?\b|time="[^"]*" level=warning)/.test(line);
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
