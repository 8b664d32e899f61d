// Runs the built action (dist/, so `npm run build` first) on examples/node-service the way
// GitHub's runner runs it: `node dist/main/index.js`, then `node dist/post/index.js`, with
// INPUT_* variables (action.yml's defaults for those not set here), fresh GITHUB_* command files,
// a push event payload and RUNNER_TEMP. The step is the demo of the README: it starts PostgreSQL
// and Redis, installs the example's dependencies and runs its unit and integration tests against
// them (DATABASE_URL, REDIS_URL). Then prints what a workflow would show: the step outputs, the
// job summary and where the JSON report is, and checks that no container of the run is left.
// Exits with main's exit code.
//
// Docker is needed, with the images `postgres:15` and `redis:7` or a registry to pull them from.
// Where ../shared/testbed exists next to the project and this runs as root, its `docker-up` and
// `build-images` are run first (both idempotent): a local engine and stand-ins for those images.
//
// Nothing talks to GitHub: the token is empty and `name` is set, so no job-name lookup happens,
// and GITHUB_API_URL points at a closed local port in case anything tried.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';

const run = promisify(execFile);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The checkout, as GITHUB_WORKSPACE; the step runs in the example's folder within it. */
const workspace = root;
const example = 'examples/node-service';
const testbed = path.resolve(root, '..', 'shared', 'testbed');
/** The label the action puts on every container and network of a run. */
const RUN_LABEL = 'com.github.integration-test-action.run';

/** What the example's workflow step would give in `with:`. */
const INPUTS = {
  services: [
    'postgres:',
    '  image: postgres:15',
    '  env: { POSTGRES_DB: shop }',
    'redis:',
    '  image: redis:7',
  ].join('\n'),
  command: 'npm ci --no-audit --no-fund && npm test',
  'working-directory': example,
  results: 'reports/junit.xml',
  timeout: '5m',
  name: 'example',
};

for (const entry of ['dist/main/index.js', 'dist/post/index.js']) {
  await access(path.join(root, entry)).catch(() => {
    console.error(`${entry} is missing: run \`npm run build\` first.`);
    process.exit(1);
  });
}

await prepareDocker();

const temp = await mkdtemp(path.join(tmpdir(), 'integration-test-action-example-'));
const runnerTemp = path.join(temp, 'runner-temp');
await mkdir(runnerTemp); // the runner creates it (and empties it) for every job
const sha = '0123456789abcdef0123456789abcdef01234567';
const repository = { owner: 'example-org', name: 'node-service' };
const eventPath = path.join(temp, 'event.json');
await writeFile(eventPath, JSON.stringify(pushEvent(sha, repository), null, 2));

const env = {
  ...inheritedEnvironment(),
  // The command's `node` is the Node running this script, as the runner's is the one it installed.
  PATH: [path.dirname(process.execPath), process.env.PATH].filter(Boolean).join(path.delimiter),
  CI: 'true',
  GITHUB_ACTIONS: 'true',
  GITHUB_WORKSPACE: workspace,
  GITHUB_REPOSITORY: `${repository.owner}/${repository.name}`,
  GITHUB_REPOSITORY_OWNER: repository.owner,
  GITHUB_RUN_ID: '1',
  GITHUB_RUN_NUMBER: '1',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'example',
  GITHUB_WORKFLOW: 'Example',
  GITHUB_ACTION: '__integration-test-action',
  GITHUB_ACTION_PATH: root,
  GITHUB_ACTOR: 'octocat',
  GITHUB_SHA: sha,
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REF_NAME: 'main',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_EVENT_PATH: eventPath,
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'http://127.0.0.1:9',
  GITHUB_GRAPHQL_URL: 'http://127.0.0.1:9/graphql',
  RUNNER_OS: runnerOs(),
  RUNNER_ARCH: process.arch.toUpperCase(),
  RUNNER_TEMP: runnerTemp,
  RUNNER_TOOL_CACHE: path.join(temp, 'tool-cache'),
  ...(await inputVariables(INPUTS)),
};

// Ctrl-C reaches the action too (same process group): it stops the command and still reports,
// as on a cancelled job. This script stays alive to print what it wrote.
process.on('SIGINT', () => {});

const main = await runStep('main', 'dist/main/index.js', env);
const state = Object.fromEntries(
  Object.entries(main.state).map(([name, value]) => [`STATE_${name}`, value]),
);
await runStep('post', 'dist/post/index.js', { ...env, ...state });

heading('Outputs');
const width = Math.max(0, ...Object.keys(main.outputs).map((name) => name.length));
for (const [name, value] of Object.entries(main.outputs)) {
  console.log(`${name.padEnd(width)}  ${value}`);
}
heading('Job summary (Markdown)');
console.log(main.summary.trimEnd() || '(empty)');
heading('JSON report');
console.log(main.outputs['report-json'] || '(none written)');
console.log(`\nmain exited with ${main.exitCode ?? main.signal}; files of this run: ${temp}`);

// Nothing of the run may be left. The engine may be shared (other runs, the project's own tests),
// so their containers are told apart by the run's label value, which main hands to post.
const thisRun = runIdOf(main.state);
const labelled = await leftovers();
if (labelled === undefined) {
  console.log('warning: could not ask Docker whether containers of the run were left behind');
} else {
  const mine = labelled.filter((item) => thisRun === undefined || item.run === thisRun);
  const others = labelled.filter((item) => !mine.includes(item));
  if (mine.length > 0) {
    console.log(
      `warning: the run left containers or networks behind: ${mine.map((i) => i.name).join(', ')}`,
    );
  } else {
    console.log('No container or network of the run is left.');
  }
  if (others.length > 0) {
    console.log(
      `warning: containers or networks of other runs of the action exist (not this one's: ` +
        `something else uses this Docker engine?): ${others.map((i) => i.name).join(', ')}`,
    );
  }
}

process.exitCode = main.exitCode ?? 1;

/**
 * Starts the testbed where there is one (and we may: it needs root), then makes sure a Docker
 * engine answers; exits with a message saying what is missing otherwise.
 */
async function prepareDocker() {
  if (existsSync(testbed) && process.getuid?.() === 0) {
    console.log(`Docker testbed: ${testbed} (docker-up, build-images)`);
    for (const [script, timeout] of [
      ['docker-up', 300_000],
      ['build-images', 900_000],
    ]) {
      try {
        await run(path.join(testbed, script), [], { timeout, maxBuffer: 16 * 1024 * 1024 });
      } catch (error) {
        const output = `${error.stderr ?? ''}${error.stdout ?? ''}`.trim();
        const why = error.killed
          ? `did not finish within ${timeout / 1000} s`
          : `failed (${error.code ?? error.signal ?? error.message})`;
        console.error(`../shared/testbed/${script} ${why}${output ? `:\n${output}` : ''}`);
        process.exit(1);
      }
    }
  }
  try {
    await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 20_000 });
  } catch (error) {
    const detail = `${error.stderr ?? ''}`.trim() || error.message;
    const hint = existsSync(testbed) ? ' (../shared/testbed/docker-up can start one, as root)' : '';
    console.error(
      'Docker is needed: the example starts PostgreSQL (postgres:15) and Redis (redis:7) ' +
        `containers, and no Docker engine answers${hint}.\n${detail}`,
    );
    process.exit(1);
  }
}

/** The containers and networks of any run of the action, with their run; undefined if Docker fails. */
async function leftovers() {
  try {
    const found = [];
    for (const [command, name] of [
      [['ps', '-a'], '{{.Names}}'],
      [['network', 'ls'], '{{.Name}}'],
    ]) {
      const format = `${name}\t{{.Label "${RUN_LABEL}"}}`;
      const { stdout } = await run(
        'docker',
        [...command, '--filter', `label=${RUN_LABEL}`, '--format', format],
        { timeout: 20_000 },
      );
      for (const line of stdout.split('\n').filter(Boolean)) {
        const [itemName, runId] = line.split('\t');
        found.push({ name: itemName, run: runId });
      }
    }
    return found;
  } catch {
    return undefined;
  }
}

/** The run's id from the state main saved for post, if it can be read. */
function runIdOf(state) {
  try {
    const { runId } = JSON.parse(state['integration-test-action'] ?? '');
    return typeof runId === 'string' && runId !== '' ? runId : undefined;
  } catch {
    return undefined;
  }
}

/** Starts one step with its own command files and waits for it; its output goes straight through. */
async function runStep(step, entry, stepEnv) {
  const files = {
    GITHUB_OUTPUT: path.join(temp, `${step}-output.txt`),
    GITHUB_STATE: path.join(temp, `${step}-state.txt`),
    GITHUB_ENV: path.join(temp, `${step}-env.txt`),
    GITHUB_PATH: path.join(temp, `${step}-path.txt`),
    GITHUB_STEP_SUMMARY: path.join(temp, `${step}-summary.md`),
  };
  for (const file of Object.values(files)) await writeFile(file, '');
  heading(`${step}: node ${entry}`);
  const child = spawn(process.execPath, [path.join(root, entry)], {
    cwd: workspace,
    env: { ...stepEnv, ...files },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [exitCode, signal] = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, sig) => resolve([code, sig]));
  });
  return {
    exitCode,
    signal,
    outputs: parseFileCommand(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommand(await readFile(files.GITHUB_STATE, 'utf8')),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

/** INPUT_<NAME> for every input of action.yml: the given value, else its default. */
async function inputVariables(given) {
  const actionYml = parseYaml(await readFile(path.join(root, 'action.yml'), 'utf8'));
  const variables = {};
  for (const [name, spec] of Object.entries(actionYml.inputs ?? {})) {
    // No token: the example must not reach GitHub.
    const fallback = String(spec?.default ?? '').replace(/\$\{\{\s*github\.token\s*\}\}/g, '');
    // The runner upper-cases the name and turns spaces into underscores; hyphens stay.
    variables[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = given[name] ?? fallback;
  }
  for (const name of Object.keys(given)) {
    if (!(name in (actionYml.inputs ?? {}))) throw new Error(`action.yml has no input "${name}"`);
  }
  return variables;
}

/**
 * The developer's environment (PATH, HOME, ...) minus what a runner would set itself and what
 * `npm run` adds, so a run inside a CI job or an npm script sees the same as a run from a shell.
 */
function inheritedEnvironment() {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_|npm_)/i.test(name) && name !== 'INIT_CWD',
    ),
  );
}

function runnerOs() {
  return (
    { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }[process.platform] ?? process.platform
  );
}

/** `name=value` lines and `name<<DELIMITER` ... `DELIMITER` blocks, as the runner reads them. */
function parseFileCommand(text) {
  const values = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body = [];
      for (index++; index < lines.length && lines[index] !== delimiter; index++) {
        body.push(lines[index]);
      }
      if (index >= lines.length) throw new Error(`Unterminated "${name}" in a command file`);
      values[name] = body.join('\n');
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`Not a command-file line: ${line}`);
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}

function pushEvent(after, repo) {
  const owner = { login: repo.owner, id: 1, type: 'Organization' };
  return {
    ref: 'refs/heads/main',
    before: '0'.repeat(40),
    after,
    created: false,
    deleted: false,
    forced: false,
    head_commit: { id: after, message: 'Example run', timestamp: new Date().toISOString() },
    pusher: { name: 'octocat', email: 'octocat@github.com' },
    repository: {
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      private: false,
      owner,
      html_url: `https://github.com/${repo.owner}/${repo.name}`,
      default_branch: 'main',
    },
    sender: { login: 'octocat', id: 583231, type: 'User' },
  };
}

function heading(title) {
  console.log(`\n=== ${title} ===`);
}
