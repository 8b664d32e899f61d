import type { TestCase, TestReport, TestStatus } from '../model/tests.js';
import {
  cleanOutput,
  cleanText,
  failureParts,
  groupBySuite,
  readDotnetReport,
  secondsToMs,
  shortMethodName,
  testLocation,
  withoutClassPrefix,
  xmlRootName,
  type DotnetFormat,
} from './dotnet.js';
import type { ParseContext, ResultParser } from './parser.js';
import { attribute, children, loadXmlParser, type XmlNode } from './xml.js';

const NUNIT: DotnetFormat<'test-run' | 'test-results' | 'test-suite'> = {
  what: 'an NUnit report',
  roots: ['test-run', 'test-results', 'test-suite'],
  repeated: new Set(['test-suite', 'test-case']),
};

/**
 * NUnit 3 (`<test-run>`), NUnit 2 (`<test-results>`, also what Pester and many converters
 * write), and the bare `<test-suite>` some tools save for one assembly. Both versions nest
 * suites the same way (NUnit 2 inside <results>) and differ in their result words, so one
 * reader serves both.
 */
export const nunitParser: ResultParser = {
  format: 'nunit',
  detect: (head) => {
    const root = xmlRootName(head);
    return root === 'test-run' || root === 'test-results' || root === 'test-suite';
  },
  load: loadXmlParser,
  parse: parseNunit,
};

export function parseNunit(source: string, context: ParseContext): TestReport {
  const [rootName, root] = readDotnetReport(source, context.path, NUNIT);
  const topSuites = rootName === 'test-suite' ? [root] : childSuites(root);
  const tests: TestCase[] = [];
  for (const suite of topSuites) walkSuite(suite, { namespaces: [] }, tests);
  // Test cases straight under <test-run>: NUnit never writes them, converters sometimes do.
  if (rootName !== 'test-suite') {
    for (const testCase of childCases(root)) tests.push(readCase(testCase, { namespaces: [] }));
  }

  const stated = rootName === 'test-run' ? secondsToMs(attribute(root, 'duration')) : undefined;
  const durationMs =
    stated ??
    sumDefined(topSuites.map(suiteSeconds)) ??
    tests.reduce((sum, test) => sum + test.durationMs, 0);
  return { format: 'nunit', suites: groupBySuite(tests), durationMs };
}

/** What a test case inherits from the suites around it. */
interface Scope {
  /** NUnit 2 namespace suites from the outside in, to spell a fixture's full class name. */
  readonly namespaces: readonly string[];
  /** The innermost fixture (class) around the test. */
  readonly fixture?: string;
  /** The innermost suite's own name, for files that give no types. */
  readonly parent?: string;
}

/** NUnit 2 puts child suites and cases in <results>; NUnit 3 puts them right in the suite. */
function childSuites(node: XmlNode): XmlNode[] {
  return [...children(node, 'test-suite'), ...children(children(node, 'results')[0], 'test-suite')];
}

function childCases(node: XmlNode): XmlNode[] {
  return [...children(node, 'test-case'), ...children(children(node, 'results')[0], 'test-case')];
}

function walkSuite(suite: XmlNode, outer: Scope, into: TestCase[]): void {
  const type = attribute(suite, 'type');
  const name = attribute(suite, 'name') ?? '';
  const fullName = attribute(suite, 'fullname');
  const scope: Scope =
    type === 'Namespace'
      ? { ...outer, namespaces: [...outer.namespaces, name], parent: name }
      : type === 'TestFixture'
        ? {
            ...outer,
            fixture: fullName ?? [...outer.namespaces, name].filter(Boolean).join('.'),
            parent: name,
          }
        : { ...outer, parent: name };
  const before = into.length;
  for (const testCase of childCases(suite)) into.push(readCase(testCase, scope));
  for (const child of childSuites(suite)) walkSuite(child, scope, into);
  for (let index = before; index < into.length; index++) {
    if (into[index]!.status === 'failed' || into[index]!.status === 'errored') return;
  }
  const own = suiteFailure(suite, scope.fixture ?? fullName ?? name);
  if (own) into.push(own);
}

/**
 * A suite that failed on its own (a OneTimeSetUp or OneTimeTearDown that threw, a fixture
 * that cannot be built) while none of its tests failed would leave a red run with nothing to
 * show for it: it becomes one errored entry named for where it failed. NUnit 3 says where
 * (`site`); NUnit 2 marks the fixture failed, often without saying why.
 */
function suiteFailure(suite: XmlNode, suiteName: string): TestCase | undefined {
  const result = word(attribute(suite, 'result'));
  const label = word(attribute(suite, 'label'));
  const site = attribute(suite, 'site');
  const failed =
    result === 'failed' ||
    result === 'failure' ||
    result === 'error' ||
    result === 'notrunnable' ||
    label === 'error' ||
    label === 'invalid';
  if (!failed || site === 'Child' || site === 'Parent') return undefined;
  const failure = children(suite, 'failure')[0] ?? children(suite, 'reason')[0];
  const text = failureParts(
    cleanText(children(failure, 'message')[0]),
    cleanText(children(failure, 'stack-trace')[0]),
  );
  return {
    name:
      site === 'SetUp'
        ? 'OneTimeSetUp'
        : site === 'TearDown'
          ? 'OneTimeTearDown'
          : `(${attribute(suite, 'type') ?? 'suite'})`,
    suite: suiteName,
    status: 'errored',
    durationMs: 0,
    message: text.message ?? 'the suite failed outside its tests (fixture setup or teardown)',
    details: text.details,
    retries: [],
  };
}

function readCase(testCase: XmlNode, scope: Scope): TestCase {
  const rawName = attribute(testCase, 'name') ?? '';
  const fullName = attribute(testCase, 'fullname') ?? rawName;
  const className = attribute(testCase, 'classname') ?? scope.fixture ?? classOf(fullName);
  const status = statusOf(testCase);
  const failure = children(testCase, 'failure')[0];
  const reason = children(testCase, 'reason')[0];
  const stackTrace = cleanText(children(failure, 'stack-trace')[0]);
  const failing = status === 'failed' || status === 'errored';
  const text =
    status === 'passed'
      ? {}
      : failureParts(
          cleanText(children(failure ?? reason, 'message')[0]),
          failing ? stackTrace : undefined,
        );
  const methodName = attribute(testCase, 'methodname') ?? shortMethodName(fullName);
  const location = failing ? testLocation(stackTrace, className, methodName) : undefined;
  return {
    name: withoutClassPrefix(rawName, className),
    suite: className ?? scope.parent ?? '',
    file: location?.file,
    line: location?.line,
    status,
    durationMs: secondsToMs(attribute(testCase, 'duration') ?? attribute(testCase, 'time')) ?? 0,
    message: text.message,
    details: text.details,
    output: cleanOutput([cleanText(children(testCase, 'output')[0])]),
    retries: [],
  };
}

/** "Ns.Class.Method(args)" → "Ns.Class"; undefined for a name without a class part. */
function classOf(fullName: string): string | undefined {
  const bare = fullName.split('(', 1)[0]!;
  const dot = bare.lastIndexOf('.');
  return dot > 0 ? bare.slice(0, dot) : undefined;
}

/**
 * NUnit 3: Passed, Failed (label Error or Invalid: errored; Cancelled and plain: failed),
 * Skipped (label Invalid: errored, a test NUnit could not run; Ignored, Explicit: skipped),
 * Inconclusive (skipped), Warning (passed: NUnit does not fail the run for it).
 * NUnit 2: Success, Failure, Error, Cancelled, NotRunnable (errored, as NUnit 3's Invalid),
 * Ignored, Skipped, Inconclusive. NUnit 2.2 has only executed and success.
 */
function statusOf(testCase: XmlNode): TestStatus {
  const result = word(attribute(testCase, 'result'));
  const label = word(attribute(testCase, 'label'));
  switch (result) {
    case 'passed':
    case 'success':
    case 'warning':
      return 'passed';
    case 'failed':
    case 'failure':
      return label === 'error' || label === 'invalid' ? 'errored' : 'failed';
    case 'error':
    case 'notrunnable':
      return 'errored';
    case 'cancelled':
      return 'failed';
    case 'skipped':
    case 'ignored':
    case 'inconclusive':
    case 'explicit':
      return label === 'invalid' ? 'errored' : 'skipped';
    case undefined:
      break;
    default:
      return children(testCase, 'failure').length > 0 ? 'failed' : 'skipped';
  }
  if (word(attribute(testCase, 'executed')) === 'false') return 'skipped';
  const success = word(attribute(testCase, 'success'));
  if (success === 'false' || children(testCase, 'failure').length > 0) return 'failed';
  return 'passed';
}

/** Result words compared without case; NUnit 3 roots add a site: "Failed(Child)". */
function word(value: string | undefined): string | undefined {
  const trimmed = value?.split(/[(:]/, 1)[0]!.trim().toLowerCase();
  return trimmed ? trimmed : undefined;
}

function suiteSeconds(suite: XmlNode): number | undefined {
  return secondsToMs(attribute(suite, 'duration') ?? attribute(suite, 'time'));
}

function sumDefined(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length > 0 ? known.reduce((sum, value) => sum + value, 0) : undefined;
}
