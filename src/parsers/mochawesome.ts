import type { TestCase, TestReport, TestStatus } from '../model/tests.js';
import {
  groupByFile,
  numberField,
  objectField,
  objectsField,
  parseJsonObject,
  requireArrayField,
  stringField,
  suiteFromFullTitle,
  sumDurations,
  type JsonObject,
} from './json-report.js';
import { describeError, MOCHA_STATS, MOCHAWESOME_MARKERS } from './mocha-json.js';
import type { ParseContext, ResultParser } from './parser.js';

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
  const what = 'a mochawesome report';
  const document = parseJsonObject(source, context.path, what);
  const tests = collectTests(requireArrayField(document, 'results', context.path, what));
  const durationMs = numberField(objectField(document, 'stats'), 'duration') ?? sumDurations(tests);
  return { format: 'mochawesome', suites: groupByFile(tests), durationMs };
}

/**
 * Depth first, in file order. A loop with its own stack rather than recursion: nesting is as
 * deep as the file says, and a crafted file must not overflow the call stack.
 */
function collectTests(roots: readonly JsonObject[]): TestCase[] {
  const tests: TestCase[] = [];
  const pending: { suite: JsonObject; file: string | undefined }[] = roots
    .map((suite) => ({ suite, file: undefined }))
    .reverse();
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { suite } = next;
    // Nested suites usually have an empty `file`: they are in their root's file.
    const file = stringField(suite, 'fullFile') || stringField(suite, 'file') || next.file;
    for (const test of objectsField(suite, 'tests')) tests.push(readTest(test, file));
    const hooks = [...objectsField(suite, 'beforeHooks'), ...objectsField(suite, 'afterHooks')];
    for (const hook of hooks) {
      if (stateOf(hook) === 'failed') tests.push({ ...readTest(hook, file), status: 'errored' });
    }
    const inner = objectsField(suite, 'suites');
    for (let i = inner.length - 1; i >= 0; i--) pending.push({ suite: inner[i]!, file });
  }
  return tests;
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
