import type { TestAttempt, TestCase, TestReport, TestStatus, TestSuite } from '../model/tests.js';
import {
  attemptCount,
  cleanText,
  firstLine,
  numberField,
  objectField,
  objectsField,
  parseJsonObject,
  requireArrayField,
  stringField,
  stringsField,
  sumDurations,
  type JsonObject,
} from './json-report.js';
import type { ParseContext, ResultParser } from './parser.js';

/*
 * `jest --json` and Vitest's `--reporter=json` write the same shape: run counters
 * (numTotalTests, numFailedTests, ...), then testResults[] per file with assertionResults[].
 * Jest's own writer also has numRuntimeErrorTestSuites, openHandles and wasInterrupted, which
 * Vitest's lacks, and both write the counters before testResults: that tells the tools apart
 * in a file's first bytes. One parser body reads both; the two entries name the tool.
 */

const RUN_COUNTER = /"num(?:Total|Failed|Passed|Pending|Todo)Test(?:s|Suites)"\s*:\s*\d/g;
const JEST_ONLY = /"(?:numRuntimeErrorTestSuites|openHandles|wasInterrupted)"\s*:/;

function looksJestShaped(head: string): boolean {
  if (!/^\s*\{/.test(head)) return false;
  const counters = new Set([...head.matchAll(RUN_COUNTER)].map((match) => match[0].split('"')[1]));
  return counters.size >= 2;
}

export const jestJsonParser: ResultParser = {
  format: 'jest-json',
  detect: (head) => looksJestShaped(head) && JEST_ONLY.test(head),
  parse: (source, context) => parseJestJson(source, context, 'jest-json'),
};

export const vitestJsonParser: ResultParser = {
  format: 'vitest-json',
  detect: (head) => looksJestShaped(head) && !JEST_ONLY.test(head),
  parse: (source, context) => parseJestJson(source, context, 'vitest-json'),
};

export function parseJestJson(
  source: string,
  context: ParseContext,
  format: 'jest-json' | 'vitest-json' = 'jest-json',
): TestReport {
  const what = 'a Jest/Vitest JSON report';
  const document = parseJsonObject(source, context.path, what);
  const files = requireArrayField(document, 'testResults', context.path, what);
  // Which writer it was decides how a file-level message reads (see fileFailure).
  const jest = 'numRuntimeErrorTestSuites' in document || 'wasInterrupted' in document;
  const suites: TestSuite[] = files.map((file) => readFile(file, jest));

  const startTime = numberField(document, 'startTime');
  const lastEnd = files.reduce(
    (last, file) => Math.max(last, numberField(file, 'endTime') ?? 0),
    0,
  );
  const durationMs =
    startTime !== undefined && lastEnd >= startTime
      ? lastEnd - startTime
      : suites.reduce((sum, suite) => sum + sumDurations(suite.tests), 0);
  return { format, suites, durationMs };
}

function readFile(file: JsonObject, jest: boolean): TestSuite {
  const path = stringField(file, 'name') ?? '';
  const tests = objectsField(file, 'assertionResults').map((result) => readTest(result, path));
  const failure = fileFailure(file, tests, jest);
  if (failure) {
    // A file that failed outside its tests (syntax error, failing afterAll, no tests at all)
    // is a failure of its own: counted as one errored test named after the file.
    tests.push({
      name: path || '(unnamed test file)',
      suite: '',
      file: path || undefined,
      status: 'errored',
      durationMs: 0,
      message: firstLine(failure),
      details: failure,
      retries: [],
    });
  }
  return { name: path, tests };
}

/** The text of a failure that belongs to the file rather than to one of its tests, if any. */
function fileFailure(
  file: JsonObject,
  tests: readonly TestCase[],
  jest: boolean,
): string | undefined {
  const message = cleanText(stringField(file, 'message') ?? stringField(file, 'failureMessage'));
  const failed = stringField(file, 'status') === 'failed';
  const testsFailed = tests.some((test) => test.status === 'failed');
  if (jest && message) {
    // Jest's file message repeats every failed test's message; its own failures are the
    // sections headed "● Test suite failed to run".
    const own = message.indexOf('● Test suite failed to run');
    if (own >= 0) return dedent(message.slice(own + '● Test suite failed to run'.length));
    return failed && !testsFailed ? dedent(message) : undefined;
  }
  // Vitest writes a file message only for the file's own errors.
  if (message) return dedent(message);
  if (failed && !testsFailed) {
    // Vitest leaves out errors thrown in a describe block's hooks: the file only says failed.
    return 'the test file failed outside its tests, and the report gives no message';
  }
  return undefined;
}

const SKIPPED_STATUSES = new Set(['pending', 'skipped', 'todo', 'disabled']);

function readTest(result: JsonObject, file: string): TestCase {
  const rawStatus = stringField(result, 'status') ?? '';
  const failures = stringsField(result, 'failureMessages')
    .map((text) => cleanText(text))
    .filter((text): text is string => text !== undefined);
  const status = statusOf(rawStatus, failures.length > 0);
  const title = stringField(result, 'title') ?? stringField(result, 'fullName') ?? '';
  const ancestors = stringsField(result, 'ancestorTitles');
  const line = numberField(objectField(result, 'location'), 'line');
  const failedFinal = status === 'failed' && failures.length > 0;
  const details = failedFinal ? failures.join('\n\n') : undefined;
  return {
    name: title,
    suite: ancestors.join(' › '),
    file: file || undefined,
    line,
    status,
    durationMs: numberField(result, 'duration') ?? 0,
    message: failedFinal
      ? firstLine(details)
      : status === 'skipped' && rawStatus !== 'pending' && rawStatus !== 'skipped'
        ? rawStatus
        : undefined,
    details,
    retries: earlierAttempts(result, status, failures),
  };
}

/** Jest's `focused` and any status a later version adds: failed if it says why, else not run. */
function statusOf(rawStatus: string, hasFailures: boolean): TestStatus {
  if (rawStatus === 'passed' || rawStatus === 'failed') return rawStatus;
  if (SKIPPED_STATUSES.has(rawStatus)) return 'skipped';
  return hasFailures ? 'failed' : 'skipped';
}

/**
 * Jest retries (jest.retryTimes) only failed attempts and counts every run in `invocations`,
 * with the earlier errors in retryReasons when it logs them. Vitest has no count: a test that
 * passed in the end keeps the errors of its failed tries in failureMessages, one per try (an
 * attempt with several soft-assertion errors then counts more than once; it is flaky either way).
 */
function earlierAttempts(
  result: JsonObject,
  status: TestStatus,
  failures: string[],
): TestAttempt[] {
  const invocations = numberField(result, 'invocations');
  const logged = stringsField(result, 'retryReasons');
  const reasons = (logged.length > 0 ? logged : stringsField(result, 'retryMessages'))
    .map((text) => cleanText(text))
    .filter((text): text is string => text !== undefined);
  const earlier = attemptCount(
    invocations !== undefined && invocations > 1
      ? invocations - 1
      : status === 'passed'
        ? failures.length
        : 0,
  );
  const messages = invocations === undefined && status === 'passed' ? failures : reasons;
  return Array.from({ length: earlier }, (_, index) => {
    const text = messages[index];
    return {
      status: 'failed' as const,
      durationMs: 0,
      message: firstLine(text),
      details: text,
    };
  });
}

function dedent(text: string): string {
  const lines = text
    .replace(/^\s*\n/, '')
    .trimEnd()
    .split('\n');
  const indents = lines
    .filter((line) => line.trim() !== '')
    .map((line) => /^ */.exec(line)![0].length);
  const indent = indents.reduce((least, n) => Math.min(least, n), indents[0] ?? 0);
  return lines.map((line) => line.slice(Math.min(indent, /^ */.exec(line)![0].length))).join('\n');
}
