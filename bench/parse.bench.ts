/**
 * Result-parsing benchmark: the whole bundled action (dist/main, started as the runner starts
 * it, report-only mode: find, parse, job summary, JSON report) on large generated reports, with
 * wall time and peak memory (GNU time's maximum resident set size), against a baseline measured
 * in the same run on the same file: a Node process that reads the file and counts its tests.
 *
 *   node --import tsx bench/parse.bench.ts [--rounds N] [--sizes 1000,10000,100000]
 *
 * Inputs come from ../shared/bench's deterministic generators (same bytes every time), so
 * figures compare with other tools measured on the same files (../shared/bench/README.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const GENERATORS = path.resolve(ROOT, '..', 'shared', 'bench');
const CACHE = path.join(os.tmpdir(), 'itest-bench-inputs');
const RESULTS_FILE = path.join(HERE, 'results', 'parse.json');
/** What ../shared/bench/README.md gives for the 100,000-test JUnit file on this kind of machine. */
const OTHERS_100K = {
  'EnricoMi/publish-unit-test-result-action': { wallS: 1.29, peakMiB: 252 },
  'dorny/test-reporter': { wallS: 1.61, peakMiB: 567 },
  'fast-xml-parser alone': { wallS: 0.67, peakMiB: 277 },
};

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '1000,10000,100000' },
  },
  strict: false,
});
const rounds = Number(values.rounds);
const sizes = String(values.sizes).split(',').map(Number);

if (!existsSync(GENERATORS)) {
  console.log('skipped: ../shared/bench (the input generators) is absent');
  process.exit(0);
}
if (!existsSync('/usr/bin/time')) {
  console.log('skipped: GNU time (/usr/bin/time) is needed for peak memory (apt-get install time)');
  process.exit(0);
}

interface Input {
  readonly label: string;
  readonly file: string;
  readonly tests: number;
}

async function inputs(): Promise<Input[]> {
  await mkdir(CACHE, { recursive: true });
  const list: Input[] = [];
  for (const size of sizes) {
    const file = path.join(CACHE, `junit-${size}.xml`);
    if (!existsSync(file))
      execFileSync('python3', [path.join(GENERATORS, 'gen-junit.py'), String(size), file], {
        stdio: 'ignore',
      });
    list.push({ label: `JUnit ${size.toLocaleString('en')} tests`, file, tests: size });
  }
  const large = path.join(CACHE, 'large');
  if (!existsSync(path.join(large, 'go-test-100k.json'))) {
    execFileSync('python3', [path.join(GENERATORS, 'gen-large.py'), large], { stdio: 'ignore' });
  }
  list.push({
    label: 'go test -json 100,000 tests',
    file: path.join(large, 'go-test-100k.json'),
    tests: 100_000,
  });
  return list;
}

interface Measure {
  readonly wallMs: number;
  readonly peakMiB: number;
  readonly exitCode: number;
  readonly outputs?: Record<string, string>;
}

/** Runs a command under GNU time: wall clock and maximum resident set size of the process. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Measure {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kib] = last.split(' ').map(Number);
  return {
    wallMs: (seconds ?? NaN) * 1000,
    peakMiB: (kib ?? NaN) / 1024,
    exitCode: result.status ?? -1,
  };
}

const BASELINE = `const fs=require('fs');const s=fs.readFileSync(process.argv[1],'utf8');let n=0,i=0;while((i=s.indexOf(process.argv[2],i)+1)>0)n++;console.log(n)`;

async function runAction(input: Input): Promise<Measure & { outputs: Record<string, string> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'itest-bench-run-'));
  const files = {
    GITHUB_OUTPUT: 'out',
    GITHUB_STEP_SUMMARY: 'summary.md',
    GITHUB_STATE: 'state',
    GITHUB_ENV: 'env',
  };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: path.dirname(input.file),
    RUNNER_TEMP: path.join(dir, 'tmp'),
    GITHUB_JOB: 'bench',
    INPUT_RESULTS: path.basename(input.file),
    'INPUT_FAIL-ON': 'never',
    INPUT_SUMMARY: 'true',
    INPUT_NAME: 'bench',
  };
  for (const [name, file] of Object.entries(files)) {
    env[name] = path.join(dir, file);
    await writeFile(env[name]!, '');
  }
  const measure = timed(process.execPath, [path.join(ROOT, 'dist/main/index.js')], env);
  const { readFile } = await import('node:fs/promises');
  const outputs: Record<string, string> = {};
  const text = await readFile(env.GITHUB_OUTPUT!, 'utf8');
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
    outputs[match[1]!] = match[3]!;
  await rm(dir, { recursive: true, force: true });
  return { ...measure, outputs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const rows = [];
for (const input of await inputs()) {
  const baseline: Measure[] = [];
  const action: Measure[] = [];
  let counted: string | undefined;
  for (let round = 0; round < rounds; round++) {
    // Interleaved, so that drift of a busy machine affects both alike.
    const needle = input.file.endsWith('.json') ? '"Action":"run"' : '<testcase';
    baseline.push(timed(process.execPath, ['-e', BASELINE, input.file, needle], process.env));
    const run = await runAction(input);
    if (run.exitCode !== 0) throw new Error(`the action failed on ${input.file}`);
    counted = run.outputs.tests;
    action.push(run);
  }
  const row = {
    input: input.label,
    bytes: (await import('node:fs')).statSync(input.file).size,
    testsCounted: Number(counted),
    baselineWallMs: median(baseline.map((m) => m.wallMs)),
    baselinePeakMiB: median(baseline.map((m) => m.peakMiB)),
    actionWallMs: median(action.map((m) => m.wallMs)),
    actionPeakMiB: median(action.map((m) => m.peakMiB)),
  };
  rows.push({
    ...row,
    wallRatio: row.actionWallMs / row.baselineWallMs,
    peakRatio: row.actionPeakMiB / row.baselinePeakMiB,
  });
}

console.log(
  `\nWhole action run (report-only: find, parse, summary, JSON report) vs reading the file, median of ${rounds}:`,
);
console.log(
  'input'.padEnd(30),
  'tests'.padStart(8),
  'MB'.padStart(7),
  'read s'.padStart(8),
  'action s'.padStart(9),
  'x read'.padStart(7),
  'read MiB'.padStart(9),
  'action MiB'.padStart(11),
  'x read'.padStart(7),
);
for (const r of rows) {
  console.log(
    r.input.padEnd(30),
    String(r.testsCounted).padStart(8),
    (r.bytes / 1e6).toFixed(1).padStart(7),
    (r.baselineWallMs / 1000).toFixed(2).padStart(8),
    (r.actionWallMs / 1000).toFixed(2).padStart(9),
    r.wallRatio.toFixed(2).padStart(7),
    r.baselinePeakMiB.toFixed(0).padStart(9),
    r.actionPeakMiB.toFixed(0).padStart(11),
    r.peakRatio.toFixed(2).padStart(7),
  );
}
const big = rows.find((r) => r.input === 'JUnit 100,000 tests');
if (big) {
  console.log(
    '\nOn the 100,000-test JUnit file, against other tools (../shared/bench/README.md, same file, this kind of machine):',
  );
  for (const [tool, figures] of Object.entries(OTHERS_100K)) {
    console.log(
      `  ${tool.padEnd(42)} ${(big.actionWallMs / 1000 / figures.wallS).toFixed(2)}x its time, ${(big.actionPeakMiB / figures.peakMiB).toFixed(2)}x its memory`,
    );
  }
  console.log(
    `  floor: under 0.8 s and 200 MiB -> ${(big.actionWallMs / 1000).toFixed(2)} s, ${big.actionPeakMiB.toFixed(0)} MiB`,
  );
}
await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
await writeFile(
  RESULTS_FILE,
  JSON.stringify({ rounds, node: process.version, cpus: os.cpus().length, rows }, null, 2) + '\n',
);
console.log(`\nresults: ${path.relative(ROOT, RESULTS_FILE)}`);
