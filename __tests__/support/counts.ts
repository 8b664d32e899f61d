import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mergeRetries } from '../../src/model/merge-retries.js';
import type { TestCase, TestReport } from '../../src/model/tests.js';
import { countTests } from '../../src/model/totals.js';
import { CORPUS } from './corpus.js';

export const testsOf = (report: TestReport): TestCase[] => report.suites.flatMap((s) => s.tests);

/** Totals as the upstream projects count them: runs are result elements, tests after merging. */
export interface Counts {
  runs: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  tests: number;
}

export function countsOf(report: TestReport): Counts {
  const tests = testsOf(report);
  const count = (status: string) => tests.filter((t) => t.status === status).length;
  return {
    runs: tests.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('errored'),
    skipped: count('skipped'),
    tests: mergeRetries(tests).length,
  };
}

/** Counts written compactly in expectation tables; `tests` is `runs` unless repeats merge. */
export const c = (
  runs: number,
  passed: number,
  failed: number,
  errored: number,
  skipped: number,
  tests = runs,
): Counts => ({ runs, passed, failed, errored, skipped, tests });

/** EnricoMi's asserted totals by corpus path (EXPECTED-enricomi.tsv; its header says the columns). */
export function enricoMiTotals(): Map<string, Counts> {
  const lines = readFileSync(path.join(CORPUS, 'EXPECTED-enricomi.tsv'), 'utf8').split('\n');
  const totals = new Map<string, Counts>();
  for (const line of lines) {
    if (line === '' || line.startsWith('#') || line.startsWith('path\t')) continue;
    const [file, runs, passed, failed, errored, skipped, tests] = line.split('\t');
    totals.set(file!, c(+runs!, +passed!, +failed!, +errored!, +skipped!, +tests!));
  }
  return totals;
}

/** Totals per distinct test, each counted once with its final status: what our outputs mean. */
export interface PerTestTotals {
  tests: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
}

/** Our per-test totals for a report: retries merged, then counted as the action's outputs count. */
export function perTestTotalsOf(report: TestReport): PerTestTotals {
  const { tests, passed, failed, errored, skipped } = countTests(mergeRetries(testsOf(report)), 0);
  return { tests, passed, failed, errored, skipped };
}

/**
 * EnricoMi's per-test line by corpus path, for the files of EXPECTED-enricomi.tsv: the `tests`,
 * `tests_succ`, `tests_fail`, `tests_error` and `tests_skip` of the `stats` in its expected
 * output next to each input (the same stem with `.results.json`, which its test suite asserts).
 * These count each distinct test once, where the TSV's columns are its runs line.
 */
export function enricoMiTestTotals(): Map<string, PerTestTotals> {
  const totals = new Map<string, PerTestTotals>();
  for (const file of enricoMiTotals().keys()) {
    const expected = path.join(CORPUS, file.replace(/\.[^./]+$/, '') + '.results.json');
    assert.ok(existsSync(expected), `${file}: no ${path.basename(expected)} next to it`);
    const { stats } = JSON.parse(readFileSync(expected, 'utf8')) as {
      stats: Record<'tests' | 'tests_succ' | 'tests_fail' | 'tests_error' | 'tests_skip', number>;
    };
    totals.set(file, {
      tests: stats.tests,
      passed: stats.tests_succ,
      failed: stats.tests_fail,
      errored: stats.tests_error,
      skipped: stats.tests_skip,
    });
  }
  return totals;
}

/** How many of each result a dorny jest snapshot records, by the fixture path it names. */
export function dornySnapshotCounts(snapshotFile: string): Map<string, Record<string, number>> {
  const counts = new Map<string, Record<string, number>>();
  for (const chunk of readFileSync(snapshotFile, 'utf8').split('\nexports[').slice(1)) {
    const fixture = /"path": "([^"]+)"/.exec(chunk)?.[1];
    if (!fixture || counts.has(fixture)) continue;
    const results: Record<string, number> = {};
    for (const match of chunk.matchAll(/"result": "(\w+)"/g)) {
      results[match[1]!] = (results[match[1]!] ?? 0) + 1;
    }
    counts.set(fixture, results);
  }
  return counts;
}

/** A text in pieces of `size` characters, as a stream reader would get it. */
export async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let index = 0; index < text.length; index += size) yield text.slice(index, index + size);
}
