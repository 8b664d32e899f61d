/**
 * Service-start benchmark: the four stand-in images started together (one startServices call)
 * against each started alone and against all four one after another, with the action's own
 * startServices() and DockerCli. Figures are reported as ratios against baselines measured in
 * the same run, never as absolute thresholds: a benchmark reports, it does not assert.
 *
 *   node --import tsx bench/services.bench.ts [--rounds N] [--warmup N]
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dockerSkipReason, IMAGES } from '../__tests__/support/docker.js';
import { parseServices } from '../src/config/services.js';
import { loadYaml } from '../src/vendor/yaml.js';
import { LABEL_RUN, LABEL_SERVICE } from '../src/services/docker-args.js';
import { DockerCli, type DockerResult } from '../src/services/docker-cli.js';
import type { ServiceOutcome, ServiceSpec } from '../src/services/service.js';
import { startServices } from '../src/services/start-services.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = path.join(HERE, 'results', 'services.json');
const SERVICES = ['postgres', 'redis', 'rabbitmq', 'mariadb'] as const;
type ServiceName = (typeof SERVICES)[number];
/** The floor the requirement sets for together / slowest alone; reported, never asserted. */
const FLOOR = 1.5;
/** Lets the engine finish tearing down the last start, so it does not load the next one. */
const SETTLE_MS = 500;

// The services input is YAML, which the action loads on first need.
await loadYaml();

type Scenario =
  { readonly kind: 'alone'; readonly service: ServiceName } | { readonly kind: 'together' };

/** One docker CLI call during a start, for finding where the time goes. */
interface DockerCall {
  readonly command: string;
  readonly service?: string;
  /** From the startServices call. */
  readonly atMs: number;
  readonly durationMs: number;
  readonly exitCode: number;
}

interface ServiceTiming {
  readonly status: ServiceOutcome['status'];
  readonly reason?: string;
  /** The action's own figure: from `docker run` to the first passing check. */
  readonly healthyAfterMs?: number;
  /** From the startServices call to `docker run` being issued: the overhead before any wait. */
  readonly runIssuedAtMs?: number;
  readonly checks: number;
  /** Median time from one health attempt to the next (state + check + interval). */
  readonly pollCycleMs?: number;
  /** Median duration of one health check (`docker exec`). */
  readonly checkMs?: number;
}

interface StartRecord {
  readonly round: number;
  readonly warmup: boolean;
  readonly scenario: string;
  readonly runId: string;
  /** The whole startServices call: what a workflow waits for. */
  readonly wallMs: number;
  readonly healthy: boolean;
  readonly error?: string;
  readonly services: Partial<Record<ServiceName, ServiceTiming>>;
  /** `docker rm` of the run afterwards; outside every other figure. */
  readonly cleanupMs: number;
  readonly dockerCalls: readonly DockerCall[];
}

/**
 * The real DockerCli, timing each call it makes: the behaviour is unchanged, so the figures stay
 * the action's own, and the calls show which step costs what.
 */
class TimedDockerCli extends DockerCli {
  readonly calls: DockerCall[] = [];
  private readonly serviceOfContainer = new Map<string, string>();

  constructor(private readonly origin: number) {
    super();
  }

  override async run(
    args: readonly string[],
    options: { env?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<DockerResult> {
    const startedAt = performance.now();
    const result = await super.run(args, options);
    const service = this.serviceOf(args, result);
    this.calls.push({
      command: commandOf(args),
      ...(service ? { service } : {}),
      atMs: round1(startedAt - this.origin),
      durationMs: round1(performance.now() - startedAt),
      exitCode: result.exitCode,
    });
    return result;
  }

  /** `docker run` names the service in a label; later calls name its container id. */
  private serviceOf(args: readonly string[], result: DockerResult): string | undefined {
    if (args[0] === 'run') {
      const label = args.find((arg) => arg.startsWith(`${LABEL_SERVICE}=`));
      const service = label?.slice(LABEL_SERVICE.length + 1);
      if (service && result.exitCode === 0)
        this.serviceOfContainer.set(result.stdout.trim(), service);
      return service;
    }
    return args.map((arg) => this.serviceOfContainer.get(arg)).find(Boolean);
  }
}

/** `container inspect`, `exec`, `run`...: the subcommand without its arguments. */
function commandOf(args: readonly string[]): string {
  const [first = '', second = ''] = args;
  return ['image', 'container', 'network'].includes(first) ? `${first} ${second}` : first;
}

/** Every run labelled by its id, so a stop at any point can remove what it started. */
const activeRuns = new Set<string>();
const stop = new AbortController();

async function main(): Promise<number> {
  const options = readOptions();
  const skip = await dockerSkipReason();
  if (skip) {
    console.log(`skipped: services benchmark: ${skip}`);
    return 0;
  }
  installSignalHandlers();

  const docker = new DockerCli();
  const serverVersion = await docker.assertReachable();
  const clientVersion = (
    await docker.run(['version', '--format', '{{.Client.Version}}'])
  ).stdout.trim();
  const images = Object.fromEntries(SERVICES.map((name) => [name, IMAGES[name]])) as Record<
    ServiceName,
    string
  >;
  const machineBefore = await machineLoad(docker);
  const logRoot = await mkdtemp(path.join(os.tmpdir(), 'itest-bench-services-'));

  console.log(
    `Services benchmark: ${SERVICES.map((s) => images[s]).join(', ')}; ` +
      `${options.rounds} round(s) + ${options.warmup} warm-up; ${os.cpus().length} CPUs, ` +
      `load ${machineBefore.loadavg.join(' ')}, ${machineBefore.otherContainers} other container(s) running`,
  );

  const records: StartRecord[] = [];
  let failure: string | undefined;
  const plan = schedule(options.rounds, options.warmup);
  for (const [index, step] of plan.entries()) {
    if (stop.signal.aborted) break;
    const record = await measure(step.scenario, step.round, step.warmup, images, logRoot);
    records.push(record);
    console.log(`  [${index + 1}/${plan.length}] ${progressLine(record)}`);
    if (!record.healthy && !stop.signal.aborted) {
      failure = `${record.scenario} (round ${record.round}) failed: ${record.error ?? failedReasons(record)}`;
      // Other jobs on a shared engine may remove every labelled container, not just their own.
      if (failure.includes('the container is gone')) {
        failure += ' (removed from outside: another job cleaning up every labelled container?)';
      }
      break;
    }
    await delay(SETTLE_MS);
  }

  if (stop.signal.aborted) {
    console.log('Stopped: every container of the benchmark was removed.');
    return 130;
  }
  const leftovers = await leftoversOf(docker, records);
  if (failure === undefined) await rm(logRoot, { recursive: true, force: true });

  const summary = summarise(records.filter((r) => !r.warmup));
  const machineAfter = await machineLoad(docker);
  // Medians of an incomplete run would compare different things: the raw starts are in the JSON.
  if (failure === undefined) printTable(summary, images, options);
  printDockerCalls(records.filter((r) => !r.warmup));

  await writeResults({
    benchmark: 'services',
    date: new Date().toISOString(),
    rounds: options.rounds,
    warmup: options.warmup,
    images,
    machine: {
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      totalMemoryBytes: os.totalmem(),
      before: machineBefore,
      after: machineAfter,
    },
    node: process.version,
    docker: { server: serverVersion, client: clientVersion },
    medians: summary.medians,
    ratios: summary.ratios,
    perRound: summary.perRound,
    ...(failure ? { failure, logDirectory: logRoot } : {}),
    leftovers,
    starts: records,
  });
  console.log(`results: ${path.relative(process.cwd(), RESULTS_FILE)}`);

  if (leftovers.length > 0) {
    console.error(`Left behind (not removed): ${leftovers.join(', ')}`);
    return 1;
  }
  if (failure) {
    console.error(`FAILED: ${failure}\nService logs kept in ${logRoot}`);
    return 1;
  }
  return 0;
}

interface Options {
  readonly rounds: number;
  readonly warmup: number;
}

/** Lenient on unknown options: `npm run bench -- ...` passes the same argv to every benchmark. */
function readOptions(): Options {
  const { values, tokens } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '1' },
    },
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'option' && token.name !== 'rounds' && token.name !== 'warmup') {
      console.warn(`services benchmark: ignoring --${token.name}`);
    }
  }
  const count = (value: unknown, name: string, least: number): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < least) {
      throw new Error(
        `--${name} must be a whole number of at least ${least}, not "${String(value)}"`,
      );
    }
    return number;
  };
  return { rounds: count(values.rounds, 'rounds', 1), warmup: count(values.warmup, 'warmup', 0) };
}

interface Step {
  readonly round: number;
  readonly warmup: boolean;
  readonly scenario: Scenario;
}

/**
 * Warm-up starts first (the first containers after a while read image layers from disk), then
 * every round runs all five scenarios, the order rotated each round so that drift of the machine
 * (other jobs, caches) falls on every scenario alike rather than on whichever runs last.
 */
function schedule(rounds: number, warmup: number): Step[] {
  const scenarios: Scenario[] = [
    ...SERVICES.map((service) => ({ kind: 'alone' as const, service })),
    { kind: 'together' },
  ];
  const steps: Step[] = [];
  for (let w = 1; w <= warmup; w++)
    steps.push({ round: 0, warmup: true, scenario: { kind: 'together' } });
  for (let round = 1; round <= rounds; round++) {
    const shift = (round - 1) % scenarios.length;
    for (const scenario of [...scenarios.slice(shift), ...scenarios.slice(0, shift)]) {
      steps.push({ round, warmup: false, scenario });
    }
  }
  return steps;
}

function scenarioName(scenario: Scenario): string {
  return scenario.kind === 'together' ? 'together' : `${scenario.service} alone`;
}

/** Fresh specs per start, as a new action run parses them (fresh generated passwords too). */
function specsFor(scenario: Scenario, images: Record<ServiceName, string>): ServiceSpec[] {
  const wanted = scenario.kind === 'together' ? SERVICES : [scenario.service];
  // JSON strings are YAML strings: any image override stays one scalar.
  const yaml = wanted
    .map((name) => `${name}:\n  preset: ${name}\n  image: ${JSON.stringify(images[name])}\n`)
    .join('');
  return parseServices(yaml, process.cwd());
}

/** One startServices call with a run of its own, removed afterwards whatever happened. */
async function measure(
  scenario: Scenario,
  round: number,
  warmup: boolean,
  images: Record<ServiceName, string>,
  logRoot: string,
): Promise<StartRecord> {
  const runId = randomUUID().replace(/-/g, '');
  const specs = specsFor(scenario, images);
  activeRuns.add(runId);
  const origin = performance.now();
  const docker = new TimedDockerCli(origin);
  let wallMs = 0;
  let outcomes: readonly ServiceOutcome[] = [];
  let error: string | undefined;
  try {
    const result = await startServices({
      specs,
      docker,
      runId,
      logDirectory: path.join(logRoot, runId),
      signal: stop.signal,
      log: () => undefined,
    });
    wallMs = performance.now() - origin;
    outcomes = result.outcomes;
    // "Nothing could start" (no Docker, no network) comes back here, not as an exception.
    if (result.error) error = result.error;
  } catch (thrown) {
    wallMs = performance.now() - origin;
    error = thrown instanceof Error ? thrown.message : String(thrown);
  }
  const cleanupStarted = performance.now();
  const removed = await new DockerCli().removeRun(runId);
  const cleanupMs = performance.now() - cleanupStarted;
  if (removed.errors.length === 0) activeRuns.delete(runId);
  else error ??= `cleanup failed: ${removed.errors.join('; ')}`;

  const services: Partial<Record<ServiceName, ServiceTiming>> = {};
  for (const outcome of outcomes) {
    services[outcome.name as ServiceName] = timingOf(outcome, docker.calls);
  }
  return {
    round,
    warmup,
    scenario: scenarioName(scenario),
    runId,
    wallMs: round1(wallMs),
    healthy:
      error === undefined && outcomes.length > 0 && outcomes.every((o) => o.status === 'healthy'),
    ...(error ? { error } : {}),
    services,
    cleanupMs: round1(cleanupMs),
    dockerCalls: docker.calls,
  };
}

function timingOf(outcome: ServiceOutcome, calls: readonly DockerCall[]): ServiceTiming {
  const own = calls.filter((call) => call.service === outcome.name);
  const checks = own.filter((call) => call.command === 'exec');
  const cycles = checks.slice(1).map((call, i) => call.atMs - (checks[i]?.atMs ?? 0));
  const runCall = own.find((call) => call.command === 'run');
  return {
    status: outcome.status,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    ...(outcome.healthyAfterMs !== undefined ? { healthyAfterMs: outcome.healthyAfterMs } : {}),
    ...(runCall ? { runIssuedAtMs: runCall.atMs } : {}),
    checks: checks.length,
    ...(cycles.length > 0 ? { pollCycleMs: round1(median(cycles)) } : {}),
    ...(checks.length > 0 ? { checkMs: round1(median(checks.map((c) => c.durationMs))) } : {}),
  };
}

function failedReasons(record: StartRecord): string {
  return Object.entries(record.services)
    .filter(([, timing]) => timing?.status !== 'healthy')
    .map(([name, timing]) => `${name} ${timing?.status}: ${timing?.reason ?? 'no reason given'}`)
    .join('; ');
}

function progressLine(record: StartRecord): string {
  const label = record.warmup ? 'warm-up' : `round ${record.round}`;
  const healthy = Object.entries(record.services)
    .map(
      ([name, t]) =>
        `${name} ${t?.healthyAfterMs === undefined ? t?.status : seconds(t.healthyAfterMs)}`,
    )
    .join(', ');
  return `${label}: ${record.scenario.padEnd(16)} ${seconds(record.wallMs).padStart(7)}  (${healthy || record.error})`;
}

interface Summary {
  readonly medians: {
    readonly aloneWallMs: Record<ServiceName, number>;
    readonly aloneHealthyAfterMs: Record<ServiceName, number>;
    readonly togetherWallMs: number;
    readonly togetherHealthyAfterMs: Record<ServiceName, number>;
    /** The slowest service's healthyAfterMs within each together start. */
    readonly togetherSlowestHealthyAfterMs: number;
    readonly sequentialWallMs: number;
    readonly sequentialHealthyAfterMs: number;
    readonly slowestAlone: ServiceName;
    readonly togetherRunIssuedAtMs: Record<ServiceName, number>;
    readonly aloneRunIssuedAtMs: Record<ServiceName, number>;
    readonly cleanupMs: number;
  };
  readonly ratios: {
    /** The requirement's figure: must stay under FLOOR. */
    readonly togetherOverSlowestAloneWall: number;
    readonly togetherOverSlowestAloneHealthyAfter: number;
    readonly togetherOverSequentialWall: number;
    readonly floor: number;
    readonly floorMet: boolean;
  };
  readonly perRound: readonly {
    readonly round: number;
    readonly togetherWallMs: number;
    readonly slowestAloneWallMs: number;
    readonly sequentialWallMs: number;
    readonly togetherOverSlowestAlone: number;
    readonly togetherOverSequential: number;
  }[];
}

/**
 * Medians across rounds. "Sequential" is the same runs as "alone": within a round the four alone
 * starts already run one after another, each a startServices call of its own, so their sum is
 * what starting the four one by one costs (including the per-call overhead four times, as four
 * separate starts would pay it), without spending another four starts of machine time per round.
 */
function summarise(records: readonly StartRecord[]): Summary {
  const alone = (service: ServiceName) => records.filter((r) => r.scenario === `${service} alone`);
  const together = records.filter((r) => r.scenario === 'together');
  const perService = <T>(pick: (service: ServiceName) => T) =>
    Object.fromEntries(SERVICES.map((service) => [service, pick(service)])) as Record<
      ServiceName,
      T
    >;
  const healthyAfter = (r: StartRecord, service: ServiceName) =>
    r.services[service]?.healthyAfterMs ?? NaN;
  const runIssued = (r: StartRecord, service: ServiceName) =>
    r.services[service]?.runIssuedAtMs ?? NaN;

  const aloneWallMs = perService((s) => median(alone(s).map((r) => r.wallMs)));
  const aloneHealthyAfterMs = perService((s) => median(alone(s).map((r) => healthyAfter(r, s))));
  const slowestAlone = SERVICES.reduce((a, b) => (aloneWallMs[b] > aloneWallMs[a] ? b : a));
  const rounds = [...new Set(records.map((r) => r.round))];
  const perRound = rounds.flatMap((round) => {
    const inRound = records.filter((r) => r.round === round);
    const togetherRun = inRound.find((r) => r.scenario === 'together');
    const aloneRuns = inRound.filter((r) => r.scenario.endsWith(' alone'));
    if (!togetherRun || aloneRuns.length !== SERVICES.length) return [];
    const slowest = Math.max(...aloneRuns.map((r) => r.wallMs));
    const sequential = sum(aloneRuns.map((r) => r.wallMs));
    return [
      {
        round,
        togetherWallMs: togetherRun.wallMs,
        slowestAloneWallMs: slowest,
        sequentialWallMs: round1(sequential),
        togetherOverSlowestAlone: round3(togetherRun.wallMs / slowest),
        togetherOverSequential: round3(togetherRun.wallMs / sequential),
      },
    ];
  });
  const sequentialHealthy = rounds.map((round) =>
    sum(
      records
        .filter((r) => r.round === round && r.scenario.endsWith(' alone'))
        .flatMap((r) => SERVICES.map((s) => r.services[s]?.healthyAfterMs ?? 0)),
    ),
  );
  const togetherWallMs = median(together.map((r) => r.wallMs));
  const togetherSlowestHealthyAfterMs = median(
    together.map((r) => Math.max(...SERVICES.map((s) => healthyAfter(r, s)))),
  );
  const sequentialWallMs = median(perRound.map((r) => r.sequentialWallMs));
  const wallRatio = togetherWallMs / aloneWallMs[slowestAlone];
  return {
    medians: {
      aloneWallMs,
      aloneHealthyAfterMs,
      togetherWallMs,
      togetherHealthyAfterMs: perService((s) => median(together.map((r) => healthyAfter(r, s)))),
      togetherSlowestHealthyAfterMs,
      sequentialWallMs,
      sequentialHealthyAfterMs: median(sequentialHealthy),
      slowestAlone,
      togetherRunIssuedAtMs: perService((s) => median(together.map((r) => runIssued(r, s)))),
      aloneRunIssuedAtMs: perService((s) => median(alone(s).map((r) => runIssued(r, s)))),
      cleanupMs: median(records.map((r) => r.cleanupMs)),
    },
    ratios: {
      togetherOverSlowestAloneWall: round3(wallRatio),
      togetherOverSlowestAloneHealthyAfter: round3(
        togetherSlowestHealthyAfterMs / Math.max(...SERVICES.map((s) => aloneHealthyAfterMs[s])),
      ),
      togetherOverSequentialWall: round3(togetherWallMs / sequentialWallMs),
      floor: FLOOR,
      floorMet: wallRatio < FLOOR,
    },
    perRound,
  };
}

function printTable(summary: Summary, images: Record<ServiceName, string>, options: Options): void {
  const { medians: m, ratios: r } = summary;
  const rows: [string, string, string, string][] = [
    ['scenario (median)', 'startServices wall', 'healthyAfterMs', 'docker run issued at'],
  ];
  for (const s of SERVICES) {
    rows.push([
      `${s} alone (${images[s]})`,
      seconds(m.aloneWallMs[s]),
      seconds(m.aloneHealthyAfterMs[s]),
      seconds(m.aloneRunIssuedAtMs[s]),
    ]);
  }
  rows.push([`slowest alone: ${m.slowestAlone}`, seconds(m.aloneWallMs[m.slowestAlone]), '', '']);
  rows.push([
    'one after another (sum of alone)',
    seconds(m.sequentialWallMs),
    seconds(m.sequentialHealthyAfterMs),
    '',
  ]);
  rows.push([
    'all four together',
    seconds(m.togetherWallMs),
    seconds(m.togetherSlowestHealthyAfterMs),
    '',
  ]);
  for (const s of SERVICES) {
    rows.push([
      `  ${s} within together`,
      '',
      `${seconds(m.togetherHealthyAfterMs[s])} (${ratio(m.togetherHealthyAfterMs[s] / m.aloneHealthyAfterMs[s])} alone)`,
      seconds(m.togetherRunIssuedAtMs[s]),
    ]);
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  console.log(`\nService start, medians of ${options.rounds} round(s):`);
  for (const [i, row] of rows.entries()) {
    console.log(
      `  ${row[0].padEnd(widths[0]!)}  ${row[1].padStart(widths[1]!)}  ${row[2].padStart(widths[2]!)}  ${row[3].padStart(widths[3]!)}`.trimEnd(),
    );
    if (i === 0) console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  }
  console.log('\nRatios (baselines measured in this run):');
  console.log(
    `  together / slowest alone: ${ratio(r.togetherOverSlowestAloneWall)} wall, ` +
      `${ratio(r.togetherOverSlowestAloneHealthyAfter)} healthyAfterMs ` +
      `(floor < ${FLOOR}: ${r.floorMet ? 'met' : 'NOT met'})`,
  );
  console.log(`  together / one after another: ${ratio(r.togetherOverSequentialWall)} wall`);
  for (const round of summary.perRound) {
    console.log(
      `  round ${round.round}: together ${seconds(round.togetherWallMs)}, slowest alone ${seconds(round.slowestAloneWallMs)}, ` +
        `sequential ${seconds(round.sequentialWallMs)} -> ${ratio(round.togetherOverSlowestAlone)} / ${ratio(round.togetherOverSequential)}`,
    );
  }
  console.log(`  (docker rm of a run afterwards, not counted: ${seconds(m.cleanupMs)} median)`);
}

/** Where the time of a start goes, by docker CLI call: evidence for what to make faster. */
function printDockerCalls(records: readonly StartRecord[]): void {
  const byCommand = new Map<string, number[]>();
  for (const call of records.flatMap((r) => r.dockerCalls)) {
    byCommand.set(call.command, [...(byCommand.get(call.command) ?? []), call.durationMs]);
  }
  console.log('\ndocker CLI calls made by startServices (all measured starts):');
  console.log(
    `  ${'command'.padEnd(18)} ${'calls'.padStart(6)} ${'median'.padStart(8)} ${'max'.padStart(8)}`,
  );
  for (const [command, durations] of [...byCommand].sort((a, b) => sum(b[1]) - sum(a[1]))) {
    console.log(
      `  ${command.padEnd(18)} ${String(durations.length).padStart(6)} ${seconds(median(durations)).padStart(8)} ${seconds(Math.max(...durations)).padStart(8)}`,
    );
  }
  const timings = records.flatMap((r) => Object.entries(r.services));
  for (const service of SERVICES) {
    const own = timings.filter(([name]) => name === service).map(([, t]) => t);
    const checks = own.map((t) => t?.checks ?? 0);
    const cycle = own.flatMap((t) => (t?.pollCycleMs === undefined ? [] : [t.pollCycleMs]));
    const check = own.flatMap((t) => (t?.checkMs === undefined ? [] : [t.checkMs]));
    if (own.length === 0) continue;
    console.log(
      `  ${service}: ${median(checks)} health check(s) per start (median), one check ${seconds(median(check))}, ` +
        `attempt to attempt ${cycle.length > 0 ? seconds(median(cycle)) : '-'}`,
    );
  }
}

async function writeResults(results: object): Promise<void> {
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, await formatJson(results));
}

/** Formatted as the repository's Prettier would, so `prettier --check .` stays clean. */
async function formatJson(value: object): Promise<string> {
  const text = JSON.stringify(value, null, 2);
  try {
    const prettier = await import('prettier');
    return await prettier.format(text, { parser: 'json', printWidth: 100 });
  } catch {
    return `${text}\n`;
  }
}

interface MachineLoad {
  readonly loadavg: readonly number[];
  readonly freeMemoryBytes: number;
  /** Containers not of this benchmark: other jobs sharing the engine make figures noisy. */
  readonly otherContainers: number;
}

async function machineLoad(docker: DockerCli): Promise<MachineLoad> {
  const running = await docker.run(['ps', '--quiet']);
  return {
    loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
    freeMemoryBytes: os.freemem(),
    otherContainers: running.stdout.split(/\s+/).filter(Boolean).length,
  };
}

/** Containers or networks of this benchmark's runs still there: there must be none. */
async function leftoversOf(docker: DockerCli, records: readonly StartRecord[]): Promise<string[]> {
  const ours = new Set(records.map((r) => r.runId));
  const label = `{{.Label "${LABEL_RUN}"}}`;
  const filter = ['--filter', `label=${LABEL_RUN}`];
  const listed = await Promise.all([
    docker.run(['ps', '--all', ...filter, '--format', `${label} {{.Names}}`]),
    docker.run(['network', 'ls', ...filter, '--format', `${label} {{.Name}}`]),
  ]);
  return listed
    .flatMap((result) => result.stdout.split('\n'))
    .map((line) => line.trim().split(' '))
    .filter(([runId, name]) => runId !== undefined && ours.has(runId) && name)
    .map(([, name]) => name!);
}

/**
 * Ctrl-C or a job's SIGTERM: stop waiting (startServices returns "cancelled"), and the start's
 * own cleanup removes its containers. A second signal removes every run at once and exits,
 * for a start stuck in a docker call.
 */
function installSignalHandlers(): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!stop.signal.aborted) {
      console.error(`\n${signal}: stopping, removing the benchmark's containers...`);
      stop.abort();
      return;
    }
    void removeEveryRun().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function removeEveryRun(): Promise<void> {
  const docker = new DockerCli();
  await Promise.all([...activeRuns].map((runId) => docker.removeRun(runId)));
}

function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : round1((sorted[middle - 1]! + sorted[middle]!) / 2);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function seconds(ms: number): string {
  return Number.isNaN(ms) ? '-' : `${(ms / 1000).toFixed(2)} s`;
}

function ratio(value: number): string {
  return Number.isNaN(value) ? '-' : `${value.toFixed(2)}x`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(`services benchmark: ${error instanceof Error ? error.message : String(error)}`);
    await removeEveryRun();
    process.exit(1);
  },
);
