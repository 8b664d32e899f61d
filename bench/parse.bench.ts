/**
 * Result-parsing benchmark: the whole bundled action (dist/main, started as the runner starts
 * it, report-only mode: find, parse, job summary, JSON and HTML reports) on large generated reports, with
 * wall time and peak memory (GNU time's maximum resident set size), against a baseline measured
 * in the same run on the same file: a Node process that reads the file and counts its tests.
 *
 *   node --import tsx bench/parse.bench.ts [--rounds N] [--sizes 1000,10000,100000]
 *
 * Inputs come from ../shared/bench's deterministic generators (same bytes every time), so
 * figures compare with other tools measured on the same files (../shared/bench/README.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CACHE,
  GENERATORS,
  HERE,
  ROOT,
  largeInputs,
  requireGeneratorsAndTime,
  runBundledAction,
  printComparison,
  summarize,
  timeBaseline,
  type Measure,
} from './support.js';

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

requireGeneratorsAndTime();

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
  const large = await largeInputs();
  list.push({
    label: 'go test -json 100,000 tests',
    file: path.join(large, 'go-test-100k.json'),
    tests: 100_000,
  });
  return list;
}

const rows = [];
for (const input of await inputs()) {
  const baseline: Measure[] = [];
  const action: Measure[] = [];
  let counted: string | undefined;
  for (let round = 0; round < rounds; round++) {
    // Interleaved, so that drift of a busy machine affects both alike.
    const needle = input.file.endsWith('.json') ? '"Action":"run"' : '<testcase';
    baseline.push(timeBaseline(input.file, needle));
    const run = await runBundledAction([input.file], { results: path.basename(input.file) });
    if (run.exitCode !== 0) throw new Error(`the action failed on ${input.file}`);
    counted = run.outputs.tests;
    action.push(run);
  }
  rows.push({
    input: input.label,
    bytes: statSync(input.file).size,
    testsCounted: Number(counted),
    ...summarize(baseline, action),
  });
}

console.log(
  `\nWhole action run (report-only: find, parse, summary, JSON and HTML reports) vs reading the file, median of ${rounds}:`,
);
printComparison(rows, [['tests', (r) => String(r.testsCounted)]]);
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
