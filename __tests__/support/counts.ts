import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mergeRetries } from '../../src/model/merge-retries.js';
import type { TestCase, TestReport } from '../../src/model/tests.js';
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
