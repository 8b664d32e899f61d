/**
 * What the benchmarks that run the bundled action share: the input generators of
 * ../shared/bench, GNU time, a run of dist/main as the runner starts it, medians.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.dirname(HERE);
export const GENERATORS = path.resolve(ROOT, '..', 'shared', 'bench');
/** Generated inputs, kept between runs: the generators are deterministic. */
export const CACHE = path.join(os.tmpdir(), 'itest-bench-inputs');

/** Exits with a "skipped:" line (run.mjs quotes it) when what every run needs is missing. */
export function requireGeneratorsAndTime(): void {
  if (!existsSync(GENERATORS)) {
    console.log('skipped: ../shared/bench (the input generators) is absent');
    process.exit(0);
  }
  if (!existsSync('/usr/bin/time')) {
    console.log(
      'skipped: GNU time (/usr/bin/time) is needed for peak memory (apt-get install time)',
    );
    process.exit(0);
  }
}

/** The files of `gen-large.py` (JUnit, go test -json, LCOV, Cobertura and their true totals). */
export async function largeInputs(): Promise<string> {
  const large = path.join(CACHE, 'large');
  if (!existsSync(path.join(large, 'truth-large.json'))) {
    await mkdir(CACHE, { recursive: true });
    execFileSync('python3', [path.join(GENERATORS, 'gen-large.py'), large], { stdio: 'ignore' });
  }
  return large;
}

export interface Measure {
  readonly wallMs: number;
  readonly peakMiB: number;
  readonly exitCode: number;
}

/** Runs a command under GNU time: wall clock and maximum resident set size of the process. */
export function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Measure {
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

/**
 * The baseline: a Node process that reads the file whole and counts a needle in it, the least
 * any reader of the file must do.
 */
export function timeBaseline(file: string, needle: string): Measure {
  const script = `const fs=require('fs');const s=fs.readFileSync(process.argv[1],'utf8');let n=0,i=0;while((i=s.indexOf(process.argv[2],i)+1)>0)n++;console.log(n)`;
  return timed(process.execPath, ['-e', script, file, needle], process.env);
}

export interface ActionMeasure extends Measure {
  readonly outputs: Record<string, string>;
  /** The JSON report the run wrote, parsed. */
  readonly report: { extra?: Record<string, unknown> } | undefined;
}

/**
 * The bundled action in report-only mode, started as the runner starts it, in a workspace of
 * its own holding only `files` (linked), so that no other input is found by the automatic
 * searches. `inputs` are the `with:` values.
 */
export async function runBundledAction(
  files: readonly string[],
  inputs: Record<string, string>,
): Promise<ActionMeasure> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'itest-bench-run-'));
  try {
    const workspace = path.join(dir, 'workspace');
    await mkdir(workspace);
    for (const file of files) await symlink(file, path.join(workspace, path.basename(file)));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: path.join(dir, 'tmp'),
      GITHUB_JOB: 'bench',
      'INPUT_FAIL-ON': 'never',
      INPUT_SUMMARY: 'true',
      INPUT_NAME: 'bench',
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const commandFiles = ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE', 'GITHUB_ENV'];
    for (const name of commandFiles) {
      env[name] = path.join(dir, name.toLowerCase());
      await writeFile(env[name]!, '');
    }
    const measure = timed(process.execPath, [path.join(ROOT, 'dist/main/index.js')], env);
    const outputs: Record<string, string> = {};
    const text = await readFile(env.GITHUB_OUTPUT!, 'utf8');
    for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
      outputs[match[1]!] = match[3]!;
    const report = outputs['report-json']
      ? JSON.parse(await readFile(outputs['report-json'], 'utf8'))
      : undefined;
    return { ...measure, outputs, report };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Medians of interleaved baseline and action rounds, and their ratios. */
export function summarize(baseline: readonly Measure[], action: readonly Measure[]) {
  const row = {
    baselineWallMs: median(baseline.map((m) => m.wallMs)),
    baselinePeakMiB: median(baseline.map((m) => m.peakMiB)),
    actionWallMs: median(action.map((m) => m.wallMs)),
    actionPeakMiB: median(action.map((m) => m.peakMiB)),
  };
  return {
    ...row,
    wallRatio: row.actionWallMs / row.baselineWallMs,
    peakRatio: row.actionPeakMiB / row.baselinePeakMiB,
  };
}

export type Summary = ReturnType<typeof summarize>;

/**
 * Prints one row per input: its label, `extra` columns, size, then time and peak memory of the
 * baseline and the action with their ratios.
 */
export function printComparison<R extends Summary & { input: string; bytes: number }>(
  rows: readonly R[],
  extra: readonly [title: string, value: (row: R) => string][] = [],
): void {
  const width = Math.max(24, ...rows.map((r) => r.input.length + 2));
  const columns: [string, number, (r: R) => string][] = [
    ...extra.map(([title, value]): [string, number, (r: R) => string] => [title, 8, value]),
    ['MB', 7, (r) => (r.bytes / 1e6).toFixed(1)],
    ['read s', 8, (r) => (r.baselineWallMs / 1000).toFixed(2)],
    ['action s', 9, (r) => (r.actionWallMs / 1000).toFixed(2)],
    ['x read', 7, (r) => r.wallRatio.toFixed(2)],
    ['read MiB', 9, (r) => r.baselinePeakMiB.toFixed(0)],
    ['action MiB', 11, (r) => r.actionPeakMiB.toFixed(0)],
    ['x read', 7, (r) => r.peakRatio.toFixed(2)],
  ];
  console.log('input'.padEnd(width), ...columns.map(([title, w]) => title.padStart(w)));
  for (const row of rows) {
    console.log(row.input.padEnd(width), ...columns.map(([, w, value]) => value(row).padStart(w)));
  }
}
