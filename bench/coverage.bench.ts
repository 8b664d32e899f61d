/**
 * Coverage benchmark: the whole bundled action (dist/main, report-only: find, parse, merge,
 * summary, JSON report) on the 5,000-file LCOV (18 MB) and Cobertura (53 MB, lines repeated
 * under methods) of ../shared/bench/gen-large.py, alone and both at once, with wall time and
 * peak memory against reading the same files in the same run. Each run's totals are checked
 * against the generator's truth-large.json: a fast wrong answer fails the benchmark.
 *
 *   node --import tsx bench/coverage.bench.ts [--rounds N]
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  HERE,
  ROOT,
  largeInputs,
  requireGeneratorsAndTime,
  runBundledAction,
  printComparison,
  summarize,
  timeBaseline,
  type ActionMeasure,
  type Measure,
} from './support.js';

const RESULTS_FILE = path.join(HERE, 'results', 'coverage.json');
const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '5' } },
  strict: false,
});
const rounds = Number(values.rounds);
requireGeneratorsAndTime();

interface Truth {
  readonly file: string;
  readonly lines_covered: number;
  readonly lines_total: number;
  readonly branches_covered: number;
  readonly branches_total: number;
}

const large = await largeInputs();
const truths = (
  JSON.parse(readFileSync(path.join(large, 'truth-large.json'), 'utf8')) as { files: Truth[] }
).files;
const truthOf = (name: string) => truths.find((t) => t.file === name)!;
const lcov = truthOf('lcov-5000.info');
const cobertura = truthOf('cobertura-5000.xml');

const cases = [
  { label: 'LCOV 5,000 files', files: [lcov], needle: 'end_of_record' },
  { label: 'Cobertura 5,000 files', files: [cobertura], needle: '<class ' },
  // The generator's two files name different paths: merged totals are the sums.
  { label: 'both, merged', files: [lcov, cobertura], needle: '\n' },
];

/** The run's totals against the generator's: exact counts, or the benchmark fails. */
function check(run: ActionMeasure, expected: readonly Truth[]): void {
  const coverage = run.report?.extra?.coverage as
    | { lines: { covered: number; total: number }; branches?: { covered: number; total: number } }
    | undefined;
  const sum = (pick: (t: Truth) => number) => expected.reduce((n, t) => n + pick(t), 0);
  const want = {
    lines: { covered: sum((t) => t.lines_covered), total: sum((t) => t.lines_total) },
    branches: { covered: sum((t) => t.branches_covered), total: sum((t) => t.branches_total) },
  };
  const got = {
    lines: coverage && { covered: coverage.lines.covered, total: coverage.lines.total },
    branches: coverage?.branches && {
      covered: coverage.branches.covered,
      total: coverage.branches.total,
    },
  };
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`wrong totals: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
}

const rows = [];
for (const entry of cases) {
  const files = entry.files.map((t) => path.join(large, t.file));
  const baseline: Measure[] = [];
  const action: Measure[] = [];
  for (let round = 0; round < rounds; round++) {
    // Interleaved, so that drift of a busy machine affects both alike. The baseline reads
    // every file of the case, one process each, and its time is their sum.
    const reads = files.map((file) => timeBaseline(file, entry.needle));
    baseline.push({
      wallMs: reads.reduce((n, m) => n + m.wallMs, 0),
      peakMiB: Math.max(...reads.map((m) => m.peakMiB)),
      exitCode: 0,
    });
    const run = await runBundledAction(files, {
      coverage: files.map((f) => path.basename(f)).join('\n'),
      results: 'none-*.xml',
    });
    if (run.exitCode !== 0) throw new Error(`the action failed on ${entry.label}`);
    check(run, entry.files);
    action.push(run);
  }
  rows.push({
    input: entry.label,
    bytes: files.reduce((n, f) => n + statSync(f).size, 0),
    ...summarize(baseline, action),
  });
}

console.log(
  `\nWhole action run (report-only: find, parse, merge, summary, JSON report) vs reading the files, median of ${rounds}; totals checked against truth-large.json:`,
);
printComparison(rows);
await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
await writeFile(
  RESULTS_FILE,
  JSON.stringify({ rounds, node: process.version, cpus: os.cpus().length, rows }, null, 2) + '\n',
);
console.log(`\nresults: ${path.relative(ROOT, RESULTS_FILE)}`);
