import type { TestAttempt, TestCase, TestReport, TestStatus } from '../model/tests.js';
import {
  attemptCount,
  cleanText,
  firstLine,
  groupByFile,
  isObject,
  numberField,
  objectField,
  objectsField,
  parseJsonObject,
  stringField,
  suiteFromFullTitle,
  sumDurations,
  type JsonObject,
} from './json-report.js';
import { ParseError, type ParseContext, type ResultParser } from './parser.js';

/*
 * Mocha's `json` reporter: {stats, tests, pending, failures, passes}. `tests` lists every test
 * that ran or was skipped, once; the other three repeat some of them by status. A failing hook
 * ("before all" hook for "x") is only in `failures`, and the tests it kept from running are in
 * no list at all.
 */

/** Mocha's stats object is flat and has `passes`; Playwright's `stats` has neither shape. */
export const MOCHA_STATS = /"stats"\s*:\s*\{[^{}]*"passes"\s*:/;
/** Keys only mochawesome adds to the same stats, or its `results` list. */
export const MOCHAWESOME_MARKERS =
  /"(?:testsRegistered|passPercent|hasSkipped)"\s*:|"results"\s*:\s*\[/;

export const mochaJsonParser: ResultParser = {
  format: 'mocha-json',
  detect: (head) =>
    MOCHA_STATS.test(head) &&
    !MOCHAWESOME_MARKERS.test(head) &&
    /"(?:tests|passes|failures|pending)"\s*:\s*\[/.test(head),
  parse: parseMochaJson,
};

const HOOK_TITLE = /^"(?:before|after) (?:all|each)" hook\b/;

export function parseMochaJson(source: string, context: ParseContext): TestReport {
  const document = parseJsonObject(skipLeadingOutput(source), context.path, 'a Mocha JSON report');
  const stats = objectField(document, 'stats');
  const lists = ['tests', 'passes', 'failures', 'pending'].filter((key) =>
    Array.isArray(document[key]),
  );
  if (!stats || lists.length === 0) {
    throw new ParseError(
      context.path,
      'not a Mocha JSON report: it needs a "stats" object and a "tests" array',
    );
  }
  const failures = objectsField(document, 'failures');
  const pending = new Multiset(objectsField(document, 'pending').map(keyOf));
  const failedKeys = new Multiset(failures.map(keyOf));

  // Files from Mocha before `tests` existed, or trimmed by hand: the status lists are the tests.
  const listed = Array.isArray(document['tests'])
    ? objectsField(document, 'tests')
    : [
        ...objectsField(document, 'passes'),
        ...failures.filter((failure) => !isHook(failure)),
        ...objectsField(document, 'pending'),
      ];
  // A failing test carries its error: it takes its `failures` entry first, so that a passing
  // test of the same name (Mocha allows duplicates) is not taken for it.
  const withError = listed.map((test) => hasError(test.err));
  listed.forEach((test, index) => {
    if (withError[index]) failedKeys.take(keyOf(test));
  });
  const tests: TestCase[] = listed.map((test, index) => {
    const key = keyOf(test);
    const status: TestStatus = withError[index]
      ? 'failed'
      : pending.take(key)
        ? 'skipped'
        : failedKeys.take(key)
          ? 'failed'
          : 'passed';
    const err = withError[index]
      ? objectField(test, 'err')
      : status === 'failed'
        ? objectField(
            failures.find((failure) => keyOf(failure) === key),
            'err',
          )
        : undefined;
    return readTest(test, status, err);
  });

  // Failures that are no test: hooks (and Mocha's "Uncaught error outside test suite").
  const testKeys = new Set(listed.map(keyOf));
  for (const failure of failures) {
    if (testKeys.has(keyOf(failure)) && !isHook(failure)) continue;
    tests.push(readTest(failure, 'errored', objectField(failure, 'err')));
  }

  const durationMs = numberField(stats, 'duration') ?? sumDurations(tests);
  return { format: 'mocha-json', suites: groupByFile(tests), durationMs };
}

/**
 * `mocha --reporter json > file` puts what the tests printed before the JSON, which may be
 * anything, braces too. The report is where a line starts `{"stats":`.
 */
function skipLeadingOutput(source: string): string {
  if (/^\uFEFF?\s*\{\s*"stats"/.test(source)) return source;
  const start = source.search(/^\{\s*"stats"\s*:/m);
  return start > 0 ? source.slice(start) : source;
}

function readTest(test: JsonObject, status: TestStatus, err: JsonObject | undefined): TestCase {
  const title = stringField(test, 'title') ?? stringField(test, 'fullTitle') ?? '';
  const failed = status === 'failed' || status === 'errored';
  const { message, details } = failed
    ? describeError(err)
    : { message: undefined, details: undefined };
  return {
    name: title,
    suite: suiteFromFullTitle(stringField(test, 'fullTitle'), title),
    file: stringField(test, 'file') || undefined,
    status,
    durationMs: numberField(test, 'duration') ?? 0,
    message: message ?? (status === 'errored' ? 'the hook failed' : undefined),
    details,
    // `currentRetry` is how many times Mocha had retried the test (this.retries()): each
    // earlier try failed, or there would have been no retry.
    retries: Array.from(
      { length: attemptCount(numberField(test, 'currentRetry')) },
      (): TestAttempt => ({ status: 'failed', durationMs: 0 }),
    ),
  };
}

function isHook(failure: JsonObject): boolean {
  return HOOK_TITLE.test(stringField(failure, 'title') ?? '');
}

/** Mocha writes `err: {}` for tests that did not fail. */
function hasError(err: unknown): boolean {
  return isObject(err) && Object.keys(err).length > 0;
}

/** The error's first line as the message; the stack (which repeats the message) as details. */
export function describeError(err: JsonObject | undefined): {
  message?: string;
  details?: string;
} {
  const text = cleanText(stringField(err, 'message'));
  const stack = cleanText(stringField(err, 'stack') ?? stringField(err, 'estack'));
  // Stacks start "AssertionError [ERR_ASSERTION]: ..." where the message may read
  // "AssertionError: ...": compare without the error's name.
  const body = firstLine(text)?.replace(/^[\w.$]+(?: \[\w+\])?: /, '');
  const details = stack && body && !stack.includes(body) ? `${text}\n${stack}` : (stack ?? text);
  return { message: firstLine(text ?? stack), details: details?.trimEnd() };
}

function keyOf(test: JsonObject | undefined): string {
  return `${stringField(test, 'file') ?? ''}\u0000${stringField(test, 'fullTitle') ?? stringField(test, 'title') ?? ''}`;
}

/** Counts of keys, taken one at a time. */
class Multiset {
  readonly #counts = new Map<string, number>();

  constructor(keys: readonly string[]) {
    for (const key of keys) this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  take(key: string): boolean {
    const count = this.#counts.get(key) ?? 0;
    if (count === 0) return false;
    this.#counts.set(key, count - 1);
    return true;
  }
}
