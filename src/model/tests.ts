/** The one result model every parser produces and every renderer reads. Plain readonly data. */

export type TestStatus = 'passed' | 'failed' | 'errored' | 'skipped';

/** One run of a test; a test that was retried has several. */
export interface TestAttempt {
  readonly status: TestStatus;
  readonly durationMs: number;
  readonly message?: string;
  readonly details?: string;
  readonly output?: string;
}

export interface TestCase {
  readonly name: string;
  /** Suite or class the test belongs to, as the report names it. */
  readonly suite: string;
  readonly file?: string;
  readonly line?: number;
  /** The final status; for a retried test, the status of its last attempt. */
  readonly status: TestStatus;
  readonly durationMs: number;
  /** Failure, error or skip message (one line, as the tool wrote it). */
  readonly message?: string;
  /** Stack trace or longer failure text. */
  readonly details?: string;
  /** What the test itself printed (stdout and stderr). */
  readonly output?: string;
  /** Earlier attempts, oldest first; empty when the test ran once. */
  readonly retries: readonly TestAttempt[];
}

export interface TestSuite {
  readonly name: string;
  readonly tests: readonly TestCase[];
}

/** Everything one result file says. */
export interface TestReport {
  readonly format: string;
  readonly suites: readonly TestSuite[];
  /** The file's own total duration, or the sum of its tests' when it states none. */
  readonly durationMs: number;
}

/** A test is flaky when it passed in the end after failing at least once. */
export function isFlaky(test: TestCase): boolean {
  return (
    test.status === 'passed' &&
    test.retries.some((attempt) => attempt.status === 'failed' || attempt.status === 'errored')
  );
}
