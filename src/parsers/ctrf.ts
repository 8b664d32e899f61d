import type { TestAttempt, TestCase, TestReport, TestStatus, TestSuite } from '../model/tests.js';
import {
  attemptCount,
  cleanText,
  numberField,
  objectField,
  objectsField,
  parseJsonObject,
  requireArrayField,
  stringField,
  sumDurations,
  type JsonObject,
} from './json-report.js';
import type { ParseContext, ResultParser } from './parser.js';

/*
 * CTRF (ctrf.io): {results: {tool, summary, tests[]}}, written by many tools' CTRF reporters
 * and by this action itself (src/render/ctrf.ts), which must read its own report back exactly.
 */

export const ctrfParser: ResultParser = {
  format: 'ctrf',
  detect: (head) =>
    /^\s*\{/.test(head) &&
    (/"reportFormat"\s*:\s*"CTRF"/i.test(head) ||
      (/"results"\s*:\s*\{/.test(head) && /"tool"\s*:\s*\{\s*"name"\s*:/.test(head))),
  parse: parseCtrf,
};

export function parseCtrf(source: string, context: ParseContext): TestReport {
  const what = 'a CTRF report';
  const document = parseJsonObject(source, context.path, what);
  const results = objectField(document, 'results');
  const tests = requireArrayField(results, 'tests', context.path, what, 'results.tests').map(
    readTest,
  );
  const summary = objectField(results, 'summary');
  const start = numberField(summary, 'start');
  const stop = numberField(summary, 'stop');
  const durationMs =
    numberField(summary, 'duration') ??
    (start !== undefined && stop !== undefined && stop >= start
      ? stop - start
      : sumDurations(tests));
  return { format: 'ctrf', suites: groupBySuite(tests), durationMs };
}

/**
 * CTRF's statuses are passed, failed, skipped, pending and other. `pending` is a test marked
 * as not to run yet (Jest's test.todo, Mocha's pending), so it was not run: skipped. `other`
 * is what a reporter had no status for (a test never reached, an unknown tool state); CTRF's
 * own summary counts it apart from failures, so it is not run here too. CTRF has no
 * `errored`: a `rawStatus` of errored (as this action writes) is one.
 */
function statusOf(status: string | undefined, rawStatus: string | undefined): TestStatus {
  if (status === 'passed') return 'passed';
  if (status === 'failed') return rawStatus === 'errored' ? 'errored' : 'failed';
  if (status === 'other' && rawStatus === 'errored') return 'errored';
  return 'skipped';
}

function readTest(test: JsonObject): TestCase {
  const status = statusOf(stringField(test, 'status'), stringField(test, 'rawStatus'));
  const output = [lines(test['stdout']), lines(test['stderr'])].filter(Boolean).join('\n');
  return {
    name: stringField(test, 'name') ?? '',
    suite: suiteOf(test['suite']),
    file: stringField(test, 'filePath') || undefined,
    line: numberField(test, 'line'),
    status,
    durationMs: numberField(test, 'duration') ?? 0,
    message: cleanText(stringField(test, 'message')),
    details: cleanText(stringField(test, 'trace')),
    output: output || undefined,
    retries: earlierAttempts(test, status),
  };
}

/** A string, or the suite path as an array (outermost first). */
function suiteOf(suite: unknown): string {
  if (typeof suite === 'string') return suite;
  if (Array.isArray(suite)) {
    return suite.filter((part): part is string => typeof part === 'string').join(' > ');
  }
  return '';
}

/** stdout/stderr: an array of lines in the spec, a plain string from some reporters. */
function lines(value: unknown): string | undefined {
  const text = Array.isArray(value)
    ? value.filter((line): line is string => typeof line === 'string').join('\n')
    : typeof value === 'string'
      ? value
      : undefined;
  return cleanText(text);
}

/**
 * `retryAttempts` lists each attempt; this action's writer and most reporters include the
 * final one, which is the test itself. `retries` is only a count, and `flaky: true` alone
 * still says an earlier attempt failed: those earlier attempts come without detail.
 */
function earlierAttempts(test: JsonObject, status: TestStatus): TestAttempt[] {
  const attempts = objectsField(test, 'retryAttempts')
    .slice()
    .sort((a, b) => (numberField(a, 'attempt') ?? 0) - (numberField(b, 'attempt') ?? 0))
    .map(readAttempt);
  const count = numberField(test, 'retries');
  const flaky = test['flaky'] === true && status === 'passed';
  if (attempts.length > 0) {
    const last = attempts[attempts.length - 1]!;
    const includesFinal = count !== undefined ? attempts.length > count : last.status === status;
    const earlier = includesFinal ? attempts.slice(0, -1) : attempts;
    if (!flaky || earlier.some((a) => a.status === 'failed' || a.status === 'errored')) {
      return earlier;
    }
    return [...earlier, { status: 'failed', durationMs: 0 }];
  }
  const earlier = Math.max(attemptCount(count), flaky ? 1 : 0);
  // A retried test ran again because it failed; that is all a bare count says.
  return Array.from({ length: earlier }, () => ({ status: 'failed' as const, durationMs: 0 }));
}

function readAttempt(attempt: JsonObject): TestAttempt {
  const extra = objectField(attempt, 'extra');
  const rawStatus = stringField(attempt, 'rawStatus') ?? stringField(extra, 'rawStatus');
  const output = [lines(attempt['stdout']), lines(attempt['stderr'])].filter(Boolean).join('\n');
  return {
    status: statusOf(stringField(attempt, 'status'), rawStatus),
    durationMs: numberField(attempt, 'duration') ?? 0,
    message: cleanText(stringField(attempt, 'message')),
    details: cleanText(stringField(attempt, 'trace')),
    output: output || undefined,
  };
}

/**
 * One suite per run of tests of the same file (or suite, when the report names no files), in
 * the report's order: reading a report back must not reorder its tests.
 */
function groupBySuite(tests: readonly TestCase[]): TestSuite[] {
  const suites: { name: string; tests: TestCase[] }[] = [];
  for (const test of tests) {
    const name = test.file ?? test.suite;
    const last = suites[suites.length - 1];
    if (last && last.name === name) last.tests.push(test);
    else suites.push({ name, tests: [test] });
  }
  return suites;
}
