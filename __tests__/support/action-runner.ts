/**
 * Starts the bundled action the way GitHub's runner does: `node dist/main/index.js`, then
 * `node dist/post/index.js`, each with INPUT_* variables (defaults from action.yml applied),
 * fresh GITHUB_* command files per step, the event payload file and the state handed from
 * main to post as STATE_* variables. Tests assert on what the steps write and how they exit.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ArtifactService, type StoredArtifact } from './artifact-service.js';
import { DEFAULT_REPOSITORY, pushEvent } from './events.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface WorkflowCommand {
  readonly command: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

export interface StepResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly env: Record<string, string>;
  readonly summary: string;
  /** `::error ...::`, `::warning::`, ... lines the step printed, decoded as the runner does. */
  readonly commands: readonly WorkflowCommand[];
  /** Wall time of the step, for sanity checks on timeouts (not for speed claims). */
  readonly elapsedMs: number;
}

export interface ActionRun {
  readonly main: StepResult;
  readonly post: StepResult | undefined;
  readonly workspace: string;
  readonly runnerTemp: string;
  /** What the run uploaded to the artifact service, as it arrived. */
  readonly artifacts: readonly StoredArtifact[];
}

export interface RunActionOptions {
  /** Inputs as a workflow's `with:` gives them; unset ones get action.yml's defaults. */
  readonly inputs?: Record<string, string>;
  /** The checkout; a new empty directory when not given. */
  readonly workspace?: string;
  readonly eventName?: string;
  readonly event?: unknown;
  readonly apiUrl?: string;
  readonly token?: string;
  readonly jobKey?: string;
  readonly runnerName?: string;
  /** More variables for both steps. */
  readonly env?: Record<string, string>;
  /**
   * The results service artifacts go to, as the runner always provides one
   * (ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN); by default a fresh stand-in for the run.
   */
  readonly artifactService?: ArtifactService;
  /** Run the post step too (as the runner always does). Default true. */
  readonly post?: boolean;
  /** Cancel the job this long after main starts: SIGINT, then SIGTERM 7.5 s later, as the runner does. */
  readonly cancelAfterMs?: number;
  /** The first signal of the cancellation; the runner sends SIGINT, other supervisors SIGTERM. */
  readonly cancelSignal?: NodeJS.Signals;
  /** Called with main's pid once it has started (to inspect its process tree). */
  readonly onMainStarted?: (pid: number) => void;
  /** Called between the main and the post step, as later steps of the job would run. */
  readonly betweenSteps?: (main: StepResult) => Promise<void>;
  /** Called with each chunk main prints, as it prints it. */
  readonly onMainOutput?: (chunk: string) => void;
}

export const TEST_TOKEN = 'ghs_TestToken0123456789abcdefABCDEF0123';

let actionYml: { inputs?: Record<string, { default?: string }> } | undefined;

async function inputDefaults(token: string): Promise<Record<string, string>> {
  actionYml ??= parseYaml(await readFile(path.join(PROJECT_ROOT, 'action.yml'), 'utf8'));
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(actionYml?.inputs ?? {})) {
    const value = String(spec.default ?? '');
    defaults[name] = value.replace(/\$\{\{\s*github\.token\s*\}\}/g, token);
  }
  return defaults;
}

/** INPUT_ + the name upper-cased with spaces as underscores; hyphens are kept, as the runner does. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export async function runAction(options: RunActionOptions = {}): Promise<ActionRun> {
  const root = await mkdtemp(path.join(tmpdir(), 'itest-runner-'));
  const workspace = options.workspace ?? path.join(root, 'workspace');
  const runnerTemp = path.join(root, 'runner-temp');
  await mkdir(workspace, { recursive: true });
  await mkdir(runnerTemp, { recursive: true });
  // Without an API to talk to, no token: a token would send the action to GitHub's API (job
  // name, check run), which is not there, and it retries before giving up.
  const token = options.token ?? (options.apiUrl ? TEST_TOKEN : '');
  const sha = 'a'.repeat(40);
  const eventPath = path.join(root, 'event.json');
  await writeFile(eventPath, JSON.stringify(options.event ?? pushEvent(sha)));

  const inputs = { ...(await inputDefaults(token)), ...options.inputs };
  const artifactService = options.artifactService ?? (await ArtifactService.start());
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? root,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: `${DEFAULT_REPOSITORY.owner}/${DEFAULT_REPOSITORY.name}`,
    GITHUB_REPOSITORY_OWNER: DEFAULT_REPOSITORY.owner,
    GITHUB_RUN_ID: '1234567890',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: options.jobKey ?? 'test',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_ACTION: '__integration-test-action',
    GITHUB_ACTION_PATH: PROJECT_ROOT,
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_GRAPHQL_URL: `${options.apiUrl ?? 'http://127.0.0.1:9'}/graphql`,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: options.runnerName ?? 'GitHub Actions 7',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: path.join(root, 'toolcache'),
    ...artifactService.env(),
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) baseEnv[inputVariable(name)] = value;

  const uploadedBefore = artifactService.artifacts.length;
  const main = await runStep(root, 'main', 'dist/main/index.js', baseEnv, options).finally(() => {
    if (!options.artifactService) void artifactService.close();
  });
  await options.betweenSteps?.(main);
  let post: StepResult | undefined;
  if (options.post !== false) {
    const stateEnv = Object.fromEntries(
      Object.entries(main.state).map(([name, value]) => [`STATE_${name}`, value]),
    );
    post = await runStep(root, 'post', 'dist/post/index.js', { ...baseEnv, ...stateEnv }, {});
  }
  const artifacts = artifactService.artifacts.slice(uploadedBefore);
  if (!options.artifactService) artifactService.assertNoViolations();
  return { main, post, workspace, runnerTemp, artifacts };
}

async function runStep(
  root: string,
  step: string,
  entry: string,
  env: Record<string, string>,
  options: Pick<
    RunActionOptions,
    'cancelAfterMs' | 'cancelSignal' | 'onMainStarted' | 'onMainOutput'
  >,
): Promise<StepResult> {
  const files = {
    GITHUB_OUTPUT: path.join(root, `${step}-output.txt`),
    GITHUB_STATE: path.join(root, `${step}-state.txt`),
    GITHUB_ENV: path.join(root, `${step}-env.txt`),
    GITHUB_PATH: path.join(root, `${step}-path.txt`),
    GITHUB_STEP_SUMMARY: path.join(root, `${step}-summary.md`),
  };
  for (const file of Object.values(files)) await writeFile(file, '');
  const started = Date.now();
  // The runner starts actions with its own node24 binary; here that is the one running the tests.
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, entry)], {
    cwd: env.GITHUB_WORKSPACE,
    env: { ...env, ...files },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) options.onMainStarted?.(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    options.onMainOutput?.(chunk);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timers: NodeJS.Timeout[] = [];
  if (options.cancelAfterMs !== undefined) {
    timers.push(
      setTimeout(() => child.kill(options.cancelSignal ?? 'SIGINT'), options.cancelAfterMs),
    );
    timers.push(setTimeout(() => child.kill('SIGTERM'), options.cancelAfterMs + 7500));
  }
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (code, sig) => resolve([code, sig])),
  );
  timers.forEach(clearTimeout);
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseFileCommand(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommand(await readFile(files.GITHUB_STATE, 'utf8')),
    env: parseFileCommand(await readFile(files.GITHUB_ENV, 'utf8')),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
    commands: parseWorkflowCommands(stdout),
    elapsedMs: Date.now() - started,
  };
}

/** `name=value` lines and `name<<DELIMITER` ... `DELIMITER` blocks, as the runner reads them. */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      index++;
      while (index < lines.length && lines[index] !== delimiter) body.push(lines[index++]!);
      if (index >= lines.length) throw new Error(`Unterminated ${name} in a file command`);
      values[name!] = body.join('\n');
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`Invalid file command line: ${line}`);
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}

function unescape(value: string): string {
  return value
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const equals = pair.indexOf('=');
      properties[pair.slice(0, equals)] = unescape(pair.slice(equals + 1));
    }
    commands.push({ command: match[1]!, properties, message: unescape(match[3] ?? '') });
  }
  return commands;
}
