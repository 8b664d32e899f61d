/**
 * How JUnit XML is read, flavour by flavour, from the tree of one suite at a time: what each
 * tool writes and what it means. junit.ts streams the file and hands each suite's tree here.
 */
import type { TestAttempt, TestCase, TestReport, TestStatus, TestSuite } from '../model/tests.js';
import { ParseError, type ParseContext } from './parser.js';
import { locationFromStack, sameFile } from './stack-location.js';
import {
  ATTRIBUTES,
  attributeOf as attribute,
  children,
  parseXml,
  textOf,
  type XmlNode,
} from './xml.js';

/** Longer one-line messages are cut; the whole text stays in `details`. */
const MAX_MESSAGE_CHARS = 1000;
/** Multi-line messages up to this long are joined into one line rather than cut to the first. */
const JOINED_MESSAGE_CHARS = 200;

/** `status` values that say a test did not run (tst, CTest, Google Test, Catch2). */
const NOT_RUN_STATUSES = new Set(['disabled', 'ignored', 'notrun', 'skipped', 'skip', 'pending']);
/** Google Test marks skipped and disabled tests with `result`. */
const NOT_RUN_RESULTS = new Set(['skipped', 'suppressed']);

/** Roots of other XML formats, named in the error so a mis-pointed glob is easy to see. */
export const OTHER_ROOTS: Record<string, string> = {
  'test-run': 'an NUnit 3 report',
  'test-results': 'an NUnit 2 report',
  'test-suite': 'an NUnit report fragment',
  assemblies: 'an xUnit.net report',
  assembly: 'an xUnit.net report',
  TestRun: 'a Visual Studio TRX report',
  html: 'an HTML page',
  coverage: 'a Cobertura coverage report',
  checkstyle: 'a Checkstyle report',
};

/**
 * What holds for the whole file. The helpers below that take it are exported for junit-stream.ts,
 * which reads each suite of a large file with this same code.
 */
const REPEATED = new Set([
  'testsuite',
  'testcase',
  'failure',
  'error',
  'skipped',
  'system-out',
  'system-err',
  'flakyFailure',
  'flakyError',
  'rerunFailure',
  'rerunError',
]);

/**
 * The whole document as one tree (fast-xml-parser), for files that are not well-formed XML and
 * that the streaming reader must refuse, but that a lenient reading still makes sense of (a raw
 * '<' inside an attribute value, as @web/test-runner writes). Truncated files stay refused.
 */
export function parseJunitTree(source: string, context: ParseContext): TestReport {
  refuseNonXml(source, context.path);
  const document = parseXml(source, context.path, REPEATED, { attributesApart: true });
  const rootName = Object.keys(document).find((key) => !key.startsWith('?') && key !== '#text');
  if (rootName !== 'testsuites' && rootName !== 'testsuite') {
    const what = rootName ? OTHER_ROOTS[rootName] : undefined;
    throw new ParseError(
      context.path,
      `not a JUnit report: the root element is <${rootName ?? 'none'}>${what ? ` (${what})` : ''}, not <testsuites> or <testsuite>`,
    );
  }
  const root = document[rootName];
  const topSuites = rootName === 'testsuites' ? children(root, 'testsuite') : asNodes(root);
  const reading: Reading = {
    pytest: isPytest(root, rootName, topSuites),
    nodeTest: isNodeTest(root),
    locatedFromFailure: new Set(),
  };
  const suites: TestSuite[] = [];
  const looseTests =
    rootName === 'testsuites'
      ? children(root, 'testcase').map((testcase, index) =>
          readTestCase(testcase, index, { name: '', reading }),
        )
      : [];
  if (looseTests.length > 0) suites.push({ name: '', tests: looseTests });
  for (const suite of topSuites) collectSuite(suite, suites, reading);
  const stated = rootName === 'testsuites' ? seconds(attribute(root, 'time')) : undefined;
  const durationMs =
    stated ??
    topSuites.reduce((sum, suite) => sum + suiteTime(suite), 0) +
      looseTests.reduce((sum, test) => sum + test.durationMs, 0);
  return { format: 'junit', suites: sameFileForRepeats(suites, reading), durationMs };
}

export interface Reading {
  /** pytest writes `line` 0-based. */
  readonly pytest: boolean;
  /** node:test on Node 20 writes classname="test" for every test: its describe() is the suite. */
  readonly nodeTest: boolean;
  /** Tests whose file was read from their failure text rather than stated by the report. */
  readonly locatedFromFailure: Set<TestCase>;
}

export interface SuiteScope {
  readonly name: string;
  /** The test file the suite states in an attribute. */
  readonly file?: string;
  /** The suite's name, when that is a test file's path. */
  readonly namedFile?: string;
  /** Suite-level output, given to the suite's only test (Bazel writes the test log there). */
  readonly output?: string;
  readonly reading: Reading;
}

function asNodes(value: unknown): XmlNode[] {
  if (Array.isArray(value)) return value as XmlNode[];
  return value && typeof value === 'object' ? [value as XmlNode] : [];
}

/** Nested suites (Bazel, PHPUnit, some pytest plugins) are flattened; each keeps its own name. */
export function collectSuite(suite: XmlNode, into: TestSuite[], reading: Reading): void {
  // Unnamed suites go by their id, so two of them do not read as one (test-summary 01-common).
  const name = attribute(suite, 'name') || attribute(suite, 'id') || '';
  const testcases = children(suite, 'testcase');
  const nested = children(suite, 'testsuite');
  const scope: SuiteScope = {
    name,
    file: attribute(suite, 'file') || attribute(suite, 'filepath') || undefined,
    namedFile: sourcePath(name),
    output: testcases.length === 1 ? joinOutput(suite) : undefined,
    reading,
  };
  const tests = testcases.map((testcase, index) => readTestCase(testcase, index, scope));
  if (testcases.length === 0 && nested.length === 0) {
    tests.push(...unlistedTests(suite, scope));
  }
  if (tests.length > 0 || nested.length === 0) into.push({ name, tests });
  for (const inner of nested) collectSuite(inner, into, reading);
}

const NO_RETRIES: readonly TestAttempt[] = Object.freeze([]);

function hasReruns(testcase: XmlNode): boolean {
  return (
    testcase.flakyFailure !== undefined ||
    testcase.flakyError !== undefined ||
    testcase.rerunFailure !== undefined ||
    testcase.rerunError !== undefined
  );
}

/** The attributes a <testcase> is read by. */
interface TestcaseAttributes {
  readonly classname?: unknown;
  readonly name?: unknown;
  readonly file?: unknown;
  readonly filepath?: unknown;
  readonly line?: unknown;
  readonly time?: unknown;
  readonly status?: unknown;
  readonly result?: unknown;
}

const NO_ATTRIBUTES: TestcaseAttributes = Object.freeze({});
const NO_NODES: readonly XmlNode[] = Object.freeze([]);

/**
 * A test case's attributes, read by name rather than through `attribute(node, key)`: 100,000
 * tests of a file share one shape of attributes object, and a named read of it is a fixed offset,
 * where a read by a variable key is a lookup each time.
 */
function testcaseAttributes(testcase: XmlNode): TestcaseAttributes {
  const own = testcase[ATTRIBUTES];
  return own !== null && typeof own === 'object' ? (own as TestcaseAttributes) : NO_ATTRIBUTES;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function readTestCase(testcase: XmlNode, index: number, scope: SuiteScope): TestCase {
  const own = testcaseAttributes(testcase);
  const { status, outcomes } = outcomeOf(testcase, own);
  const classname = text(own.classname)?.trim() ?? '';
  const name = text(own.name) || `(unnamed test ${index + 1})`;
  const suite = classname !== '' && !scope.reading.nodeTest ? classname : scope.name;
  const file =
    text(own.file) || text(own.filepath) || scope.file || sourcePath(classname) || scope.namedFile;
  const stated = wholeNumber(text(own.line));
  const statedLine =
    scope.reading.pytest && stated !== undefined ? stated + 1 : stated || undefined;
  const location =
    status === 'failed' || status === 'errored'
      ? failureLocation(outcomes, {
          classname: scope.reading.nodeTest ? '' : classname,
          file,
          name,
        })
      : undefined;

  // Surefire writes earlier attempts of a rerun test as flaky*/rerun* children of its final result.
  const retries: readonly TestAttempt[] = hasReruns(testcase)
    ? [
        ...children(testcase, 'flakyFailure').map((n) => rerun(n, 'failed')),
        ...children(testcase, 'flakyError').map((n) => rerun(n, 'errored')),
        ...children(testcase, 'rerunFailure').map((n) => rerun(n, 'failed')),
        ...children(testcase, 'rerunError').map((n) => rerun(n, 'errored')),
      ]
    : NO_RETRIES;

  const test: TestCase = {
    name,
    suite,
    file: file ?? location?.file,
    line: location?.line ?? statedLine,
    status,
    durationMs: seconds(text(own.time)) ?? 0,
    // Most tests passed: no outcome, and nothing to allocate for one (100,000 tests a file).
    message: outcomes.length > 0 ? firstDefined(outcomes.map(messageOf)) : undefined,
    details: outcomes.length > 0 ? detailsOfAll(outcomes) : undefined,
    output: joinOutput(testcase) ?? scope.output,
    retries,
  };
  if (file === undefined && location) scope.reading.locatedFromFailure.add(test);
  return test;
}

/**
 * The status and the elements that explain it, most telling first. An <error> outranks a
 * <failure> on the same test (pytest: a failed test whose teardown then crashed), as EnricoMi's
 * publisher counts it; both outrank <skipped>. A `status` of disabled or ignored wins over all
 * (mikepenz/action-junit-report#761: a disabled test that fails does not fail the run).
 */
function outcomeOf(
  testcase: XmlNode,
  own: TestcaseAttributes,
): { status: TestStatus; outcomes: readonly XmlNode[] } {
  // Named reads first: most tests have none of these, and a read by name is cheap.
  const failures = testcase.failure === undefined ? NO_NODES : children(testcase, 'failure');
  const errors = testcase.error === undefined ? NO_NODES : children(testcase, 'error');
  const skips = testcase.skipped === undefined ? NO_NODES : children(testcase, 'skipped');
  const statusAttribute = text(own.status)?.trim().toLowerCase() ?? '';
  const resultAttribute = text(own.result)?.trim().toLowerCase() ?? '';
  if (statusAttribute === 'disabled' || statusAttribute === 'ignored') {
    return { status: 'skipped', outcomes: [...skips, ...errors, ...failures] };
  }
  if (errors.length > 0) return { status: 'errored', outcomes: [...errors, ...failures] };
  if (failures.length > 0) return { status: 'failed', outcomes: failures };
  if (
    skips.length > 0 ||
    NOT_RUN_STATUSES.has(statusAttribute) ||
    NOT_RUN_RESULTS.has(resultAttribute)
  ) {
    return { status: 'skipped', outcomes: skips };
  }
  return { status: 'passed', outcomes: [] };
}

/**
 * Where a failing test failed: the failure element's own file/line (Catch2, some xunit tools),
 * else its stack trace. With the test's file known, only a place in that file refines the line.
 */
function failureLocation(
  outcomes: readonly XmlNode[],
  hints: { classname: string; file: string | undefined; name: string },
): { file: string; line: number } | undefined {
  for (const outcome of outcomes) {
    const file = attribute(outcome, 'file');
    const line = wholeNumber(attribute(outcome, 'line')) || undefined;
    if (file && line !== undefined && (hints.file === undefined || sameFile(file, hints.file))) {
      return { file, line };
    }
  }
  for (const outcome of outcomes) {
    const text = [attribute(outcome, 'message'), textOf(outcome)].filter(Boolean).join('\n');
    const found = locationFromStack(text, {
      classname: hints.classname || undefined,
      file: hints.file,
      name: hints.name,
    });
    if (found) return found;
  }
  return undefined;
}

/**
 * Attempts of one test listed as separate <testcase> elements (gotestsum reruns, pytest's
 * failed-call-then-teardown-error, web-test-runner retries) are folded later by file, suite and
 * name. A file read from one attempt's failure text would split them, so within the file, every
 * attempt without a stated file gets the place found for the first failing one.
 */
export function sameFileForRepeats(suites: TestSuite[], reading: Reading): TestSuite[] {
  if (reading.locatedFromFailure.size === 0) return suites;
  const key = (test: TestCase) => `${test.suite}\u0000${test.name}`;
  const places = new Map<string, { file?: string; line?: number }>();
  for (const test of reading.locatedFromFailure) {
    if (!places.has(key(test))) places.set(key(test), { file: test.file, line: test.line });
  }
  return suites.map((suite) => ({
    name: suite.name,
    tests: suite.tests.map((test) => {
      const located = reading.locatedFromFailure.has(test);
      const place = test.file === undefined || located ? places.get(key(test)) : undefined;
      if (!place || place.file === test.file) return test;
      return { ...test, file: place.file, line: located ? test.line : (test.line ?? place.line) };
    }),
  }));
}

/** Beyond this many, a suite's stated counters are not spelled out as entries (hostile input). */
const MAX_UNLISTED = 10_000;

/**
 * A suite that lists no test cases but states counters (tests="6" failures="1" skipped="2"):
 * its counters are all the report says, so they become as many entries, "(unlisted test N)",
 * with the failure, error or skip they state, as EnricoMi reads such suites. A suite that holds
 * an <error> of its own, or whose counters cannot be spelled out, gets one failing entry so it
 * never reads as green.
 */
function unlistedTests(suite: XmlNode, scope: SuiteScope): TestCase[] {
  const failures = count(attribute(suite, 'failures'));
  const errors = count(attribute(suite, 'errors'));
  const skipped = count(attribute(suite, 'skipped')) || count(attribute(suite, 'disabled'));
  const own = [...children(suite, 'error'), ...children(suite, 'failure')];
  const total = Math.max(count(attribute(suite, 'tests')), failures + errors + skipped);
  const stated = [
    `${total} ${total === 1 ? 'test' : 'tests'}`,
    failures > 0 ? `${failures} ${failures === 1 ? 'failure' : 'failures'}` : '',
    errors > 0 ? `${errors} ${errors === 1 ? 'error' : 'errors'}` : '',
    skipped > 0 ? `${skipped} skipped` : '',
  ].filter(Boolean);
  const message = `the suite counts ${stated.join(', ')} but lists no test cases`;
  const entry = (index: number, status: TestStatus, durationMs = 0): TestCase => ({
    name: total > 1 ? `(unlisted test ${index} of ${total})` : '(unlisted test)',
    suite: scope.name,
    file: scope.file,
    status,
    durationMs,
    message: status === 'passed' ? undefined : (firstDefined(own.map(messageOf)) ?? message),
    details: status === 'passed' ? undefined : detailsOfAll(own),
    output: total === 1 || own.length > 0 ? joinOutput(suite) : undefined,
    retries: NO_RETRIES,
  });
  if (own.length > 0 || total > MAX_UNLISTED) {
    if (own.length === 0 && failures + errors === 0) return [];
    const status = errors > 0 || children(suite, 'error').length > 0 ? 'errored' : 'failed';
    return [
      { ...entry(1, status, seconds(attribute(suite, 'time')) ?? 0), name: '(unlisted test)' },
    ];
  }
  const statuses: TestStatus[] = [
    ...Array<TestStatus>(errors).fill('errored'),
    ...Array<TestStatus>(failures).fill('failed'),
    ...Array<TestStatus>(skipped).fill('skipped'),
  ];
  while (statuses.length < total) statuses.push('passed');
  return statuses.map((status, index) => entry(index + 1, status));
}

function rerun(node: XmlNode, status: TestStatus): TestAttempt {
  return {
    status,
    durationMs: seconds(attribute(node, 'time')) ?? 0,
    message: messageOf(node),
    details: detailsOf(node) ?? textOf(children(node, 'stackTrace')[0]),
    output: nonEmpty(textOf(children(node, 'system-out')[0])),
  };
}

/**
 * One line. A short multi-line message attribute is joined into one ("Expected: <1>" / "but: was
 * <2>" reads as a sentence); a long one, or a message taken from the element's text (a stack
 * trace), gives its first line. Past MAX_MESSAGE_CHARS it is cut; details keep the whole.
 */
function messageOf(node: XmlNode): string | undefined {
  const stated = nonEmpty(attribute(node, 'message'))?.trim();
  const joined = stated?.replace(/\s*\n\s*/g, ' ');
  const source =
    joined !== undefined && joined.length <= JOINED_MESSAGE_CHARS
      ? joined
      : (stated ?? nonEmpty(textOf(node)?.trim()) ?? nonEmpty(attribute(node, 'type')));
  const line = source
    ?.split('\n')
    .find((part) => part.trim() !== '')
    ?.trim();
  if (line === undefined) return undefined;
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS)}…` : line;
}

function detailsOf(node: XmlNode): string | undefined {
  return nonEmpty(textOf(node)?.replace(/^\n+|\s+$/g, ''));
}

/**
 * The text of every element behind the status. A message attribute longer than the one-line
 * `message` keeps its whole text here unless the element's text already holds it.
 */
function detailsOfAll(outcomes: readonly XmlNode[]): string | undefined {
  const parts = outcomes.map((node, index) => {
    const text = detailsOf(node);
    const stated = nonEmpty(attribute(node, 'message'))?.trim();
    const cut = stated !== undefined && stated !== messageOf(node);
    const lead = (index > 0 || cut) && !text?.includes(stated ?? '') ? stated : undefined;
    return [lead, text].filter(Boolean).join('\n\n');
  });
  return nonEmpty(parts.filter((part) => part !== '').join('\n\n'));
}

function joinOutput(node: XmlNode): string | undefined {
  if (node['system-out'] === undefined && node['system-err'] === undefined) return undefined;
  const parts = [...children(node, 'system-out'), ...children(node, 'system-err')]
    .map((child) => textOf(child))
    .filter((text): text is string => !!text && text.trim() !== '');
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/**
 * JUnit times are seconds. Some tools format them for a locale: "1,234.5" (thousands
 * separators) and "0,123" (decimal comma, .NET under de-DE) both occur.
 */
export function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  // Most times are plain numbers, read as they are; the locale forms below are the rest.
  const plain = Number(text);
  if (plain >= 0) return Number.isFinite(plain) ? plain * 1000 : undefined;
  const normalized =
    text.includes('.') || /,\d{3},/.test(text) ? text.replace(/,/g, '') : text.replace(',', '.');
  const parsed = Number(normalized);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed * 1000 : undefined;
}

/** A suite's own time, else as long as its tests and nested suites together. */
export function suiteTime(suite: XmlNode): number {
  const stated = seconds(attribute(suite, 'time'));
  if (stated !== undefined) return stated;
  const own = children(suite, 'testcase').reduce(
    (sum, testcase) => sum + (seconds(attribute(testcase, 'time')) ?? 0),
    0,
  );
  return own + children(suite, 'testsuite').reduce((sum, inner) => sum + suiteTime(inner), 0);
}

/**
 * Suite names and classnames that are a test file's path (jest-junit with `{filepath}`, Vitest,
 * Playwright): they say which file the tests are in. Go packages named like `nats.go` are not.
 */
/** Thousands of tests share a class name: each is looked at once. */
const sourcePaths = new Map<string, string | undefined>();

function sourcePath(name: string): string | undefined {
  if (sourcePaths.has(name)) return sourcePaths.get(name);
  const found = findSourcePath(name);
  if (sourcePaths.size < 10_000) sourcePaths.set(name, found);
  return found;
}

function findSourcePath(name: string): string | undefined {
  const text = name.trim();
  if (text === '' || (/\s/.test(text) && !/[\\/]/.test(text))) return undefined;
  if (/\.go$/.test(text)) return /_test\.go$/.test(text) ? text : undefined;
  return /^[^<>|"?*\n]+\.(?:[cm]?[jt]sx?|py|rb|php|phpt|feature|vue|svelte|dart|exs|rs|swift|kt|java|scala|cs)$/.test(
    text,
  )
    ? text
    : undefined;
}

/** pytest names its suite "pytest" (and, since 7.x, its root "pytest tests"). */
export function isPytest(root: unknown, rootName: string, suites: readonly XmlNode[]): boolean {
  if (rootName === 'testsuites' && attribute(root, 'name') === 'pytest tests') return true;
  return suites.length > 0 && suites.every((suite) => attribute(suite, 'name') === 'pytest');
}

/** node:test's reporter on Node 20: every test, at any depth, has classname="test" (Node 24 writes the describe() path). */
export function isNodeTest(root: unknown): boolean {
  let seen = 0;
  const visit = (node: unknown): boolean =>
    children(node, 'testcase').every((testcase) => {
      seen++;
      return attribute(testcase, 'classname') === 'test';
    }) && children(node, 'testsuite').every(visit);
  const rootNodes = asNodes(root);
  // A <testsuite> root is the one suite; a <testsuites> root is visited as a container.
  return rootNodes.every(visit) && seen > 0;
}

/** Anything that is not XML at all is named as such, not as a parser's complaint about a byte. */
export function refuseNonXml(source: string, path: string): void {
  const start = source
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<!DOCTYPE\s+html[\s>]/i.test(start)) {
    throw new ParseError(path, 'not a JUnit report: it is an HTML page');
  }
  if (start !== '' && !start.startsWith('<')) {
    const shown = start.slice(0, 40).split('\n', 1)[0]!;
    throw new ParseError(
      path,
      `not a JUnit report: the file is not XML (it starts with "${shown}")`,
    );
  }
}

function wholeNumber(value: string | undefined): number | undefined {
  return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

function count(value: string | undefined): number {
  return wholeNumber(value) ?? 0;
}

function firstDefined<T>(values: readonly (T | undefined)[]): T | undefined {
  return values.find((value) => value !== undefined);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
