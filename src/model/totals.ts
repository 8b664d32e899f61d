import { isFlaky, type TestCase, type TestReport } from './tests.js';

export interface TestTotals {
  /** passed + failed + errored + skipped: each test once, retries merged. */
  readonly tests: number;
  readonly passed: number;
  readonly failed: number;
  readonly errored: number;
  readonly skipped: number;
  /** Passed tests that failed before passing: a subset of `passed`. */
  readonly flaky: number;
  /** Sum over result files of each file's own total. */
  readonly durationMs: number;
}

export function countTests(tests: readonly TestCase[], durationMs: number): TestTotals {
  let passed = 0;
  let failed = 0;
  let errored = 0;
  let skipped = 0;
  let flaky = 0;
  for (const test of tests) {
    if (test.status === 'passed') passed++;
    else if (test.status === 'failed') failed++;
    else if (test.status === 'errored') errored++;
    else skipped++;
    if (isFlaky(test)) flaky++;
  }
  return {
    tests: passed + failed + errored + skipped,
    passed,
    failed,
    errored,
    skipped,
    flaky,
    durationMs: Math.round(durationMs),
  };
}

export function totalDuration(reports: readonly TestReport[]): number {
  return reports.reduce((sum, report) => sum + report.durationMs, 0);
}
