import type { TestAttempt, TestCase, TestReport, TestStatus, TestSuite } from '../model/tests.js';
import { ParseError, type ParseContext, type ResultParser } from './parser.js';
import { attribute, children, parseXml, textOf, type XmlNode } from './xml.js';

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

export const junitParser: ResultParser = {
  format: 'junit',
  detect: (head) => /<testsuites?[\s>/]/.test(head),
  parse: parseJunit,
};

export function parseJunit(source: string, context: ParseContext): TestReport {
  if (source.trim() === '') throw new ParseError(context.path, 'the file is empty');
  const document = parseXml(source, context.path, REPEATED);
  const rootName = Object.keys(document).find((key) => !key.startsWith('?') && key !== '#text');
  if (rootName !== 'testsuites' && rootName !== 'testsuite') {
    throw new ParseError(
      context.path,
      `not a JUnit report: the root element is <${rootName ?? 'none'}>, not <testsuites> or <testsuite>`,
    );
  }
  const root = document[rootName];
  const topSuites = rootName === 'testsuites' ? children(root, 'testsuite') : asNodes(root);
  const suites: TestSuite[] = [];
  // node:test puts tests outside any describe() straight under <testsuites>.
  const looseTests =
    rootName === 'testsuites'
      ? children(root, 'testcase').map((testcase) => readTestCase(testcase, '', undefined))
      : [];
  if (looseTests.length > 0) suites.push({ name: '', tests: looseTests });
  for (const suite of topSuites) collectSuite(suite, suites);

  const stated = rootName === 'testsuites' ? seconds(attribute(root, 'time')) : undefined;
  const durationMs =
    stated ??
    topSuites.reduce((sum, suite) => sum + suiteTime(suite), 0) +
      looseTests.reduce((sum, test) => sum + test.durationMs, 0);
  return { format: 'junit', suites, durationMs };
}

function asNodes(value: unknown): XmlNode[] {
  if (Array.isArray(value)) return value as XmlNode[];
  return value && typeof value === 'object' ? [value as XmlNode] : [];
}

/** Nested suites (Bazel, some pytest plugins) are flattened; each keeps its own name. */
function collectSuite(suite: XmlNode, into: TestSuite[]): void {
  const name = attribute(suite, 'name') ?? '';
  const file = attribute(suite, 'file') ?? attribute(suite, 'filepath');
  const tests = children(suite, 'testcase').map((testcase) => readTestCase(testcase, name, file));
  if (tests.length > 0 || children(suite, 'testsuite').length === 0) into.push({ name, tests });
  for (const nested of children(suite, 'testsuite')) collectSuite(nested, into);
}

function readTestCase(
  testcase: XmlNode,
  suiteName: string,
  suiteFile: string | undefined,
): TestCase {
  const failure = children(testcase, 'failure')[0];
  const error = children(testcase, 'error')[0];
  const skipped = children(testcase, 'skipped')[0];
  const status: TestStatus = failure
    ? 'failed'
    : error
      ? 'errored'
      : skipped
        ? 'skipped'
        : 'passed';
  const outcome = failure ?? error ?? skipped;
  const output = joinOutput(testcase);
  const line = Number.parseInt(attribute(testcase, 'line') ?? '', 10);

  // Surefire writes earlier attempts of a rerun test as flaky*/rerun* children of its final result.
  const retries: TestAttempt[] = [
    ...children(testcase, 'flakyFailure').map((n) => rerun(n, 'failed')),
    ...children(testcase, 'flakyError').map((n) => rerun(n, 'errored')),
    ...children(testcase, 'rerunFailure').map((n) => rerun(n, 'failed')),
    ...children(testcase, 'rerunError').map((n) => rerun(n, 'errored')),
  ];

  return {
    name: attribute(testcase, 'name') ?? '',
    suite: attribute(testcase, 'classname') || suiteName,
    file: attribute(testcase, 'file') ?? suiteFile,
    line: Number.isFinite(line) ? line : undefined,
    status,
    durationMs: seconds(attribute(testcase, 'time')) ?? 0,
    message: outcome ? messageOf(outcome) : undefined,
    details: outcome ? detailsOf(outcome) : undefined,
    output,
    retries,
  };
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

function messageOf(node: XmlNode): string | undefined {
  const message = nonEmpty(attribute(node, 'message'));
  if (message) return message;
  const text = nonEmpty(textOf(node)?.trim());
  return text?.split('\n', 1)[0];
}

function detailsOf(node: XmlNode): string | undefined {
  return nonEmpty(textOf(node)?.replace(/^\n+|\s+$/g, ''));
}

function joinOutput(testcase: XmlNode): string | undefined {
  const parts = [...children(testcase, 'system-out'), ...children(testcase, 'system-err')]
    .map((node) => textOf(node))
    .filter((text): text is string => !!text && text.trim() !== '');
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** JUnit times are seconds, sometimes with thousands separators ("1,234.5"). */
function seconds(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value.replace(/,/g, ''));
  return Number.isFinite(parsed) && parsed >= 0 ? parsed * 1000 : undefined;
}

/** A suite's own time, else as long as its tests and nested suites together. */
function suiteTime(suite: XmlNode): number {
  const stated = seconds(attribute(suite, 'time'));
  if (stated !== undefined) return stated;
  const own = children(suite, 'testcase').reduce(
    (sum, testcase) => sum + (seconds(attribute(testcase, 'time')) ?? 0),
    0,
  );
  return own + children(suite, 'testsuite').reduce((sum, inner) => sum + suiteTime(inner), 0);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
