import { mergeRetries } from '../../src/model/merge-retries.js';
import type { TestCase, TestReport } from '../../src/model/tests.js';

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
