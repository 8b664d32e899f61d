import type { TestCase, TestReport, TestStatus } from '../model/tests.js';
import {
  numberField,
  objectField,
  objectsField,
  parseJsonDocument,
  requireObject,
  stringField,
  suiteFromFullTitle,
  type JsonObject,
} from './json-report.js';
import { describeError, groupByFile, MOCHA_STATS, MOCHAWESOME_MARKERS } from './mocha-json.js';
import { ParseError, type ParseContext, type ResultParser } from './parser.js';

/*
 * mochawesome (and mochawesome-merge, and Cypress with it): {stats, results: [root suites]},
 * each suite with tests[], suites[] and beforeHooks/afterHooks[]. Tests a failing hook kept
 * from running have `skipped: true` and no state; the hook itself is only under the hooks.
 */

export const mochawesomeParser: ResultParser = {
  format: 'mochawesome',
  detect: (head) => MOCHA_STATS.test(head) && MOCHAWESOME_MARKERS.test(head),
  parse: parseMochawesome,
};

export function parseMochawesome(source: string, context: ParseContext): TestReport {
  const document = requireObject(
    parseJsonDocument(source, context.path),
    context.path,
    'a mochawesome report',
  );
  if (!Array.isArray(document['results'])) {
    throw new ParseError(context.path, 'not a mochawesome report: there is no "results" array');
  }
  const tests: TestCase[] = [];
  for (const root of objectsField(document, 'results')) collectSuite(root, undefined, tests, 0);
  const durationMs =
    numberField(objectField(document, 'stats'), 'duration') ??
    tests.reduce((sum, test) => sum + test.durationMs, 0);
  return { format: 'mochawesome', suites: groupByFile(tests), durationMs };
}

/** Deeper nesting than any real suite tree: a guard against a crafted file's stack overflow. */
const MAX_DEPTH = 200;

function collectSuite(
  suite: JsonObject,
  parentFile: string | undefined,
  into: TestCase[],
  depth: number,
): void {
  if (depth > MAX_DEPTH) return;
  // Nested suites usually have an empty `file`: they are in their root's file.
  const file = stringField(suite, 'fullFile') || stringField(suite, 'file') || parentFile;
  for (const test of objectsField(suite, 'tests')) into.push(readTest(test, file));
  for (const hook of [
    ...objectsField(suite, 'beforeHooks'),
    ...objectsField(suite, 'afterHooks'),
  ]) {
    if (stateOf(hook) === 'failed') into.push({ ...readTest(hook, file), status: 'errored' });
  }
  for (const inner of objectsField(suite, 'suites')) collectSuite(inner, file, into, depth + 1);
}

function readTest(test: JsonObject, file: string | undefined): TestCase {
  const title = stringField(test, 'title') ?? stringField(test, 'fullTitle') ?? '';
  const state = stateOf(test);
  const status: TestStatus =
    state === 'failed' && test['isHook'] === true ? 'errored' : (state ?? 'skipped');
  const failed = status === 'failed' || status === 'errored';
  const { message, details } = failed ? describeError(objectField(test, 'err')) : {};
  return {
    name: title,
    suite: suiteFromFullTitle(stringField(test, 'fullTitle'), title),
    file,
    status,
    durationMs: numberField(test, 'duration') ?? 0,
    message,
    details,
    retries: [],
  };
}

/** The state, else the boolean flags; a test with neither was not run. */
function stateOf(test: JsonObject): 'passed' | 'failed' | 'skipped' | undefined {
  const state = stringField(test, 'state');
  if (state === 'passed' || state === 'failed') return state;
  if (state === 'pending') return 'skipped';
  if (test['fail'] === true) return 'failed';
  if (test['pass'] === true) return 'passed';
  if (test['pending'] === true || test['skipped'] === true) return 'skipped';
  return undefined;
}
