import type { TestCase, TestReport, TestStatus } from '../model/tests.js';
import {
  cleanOutput,
  cleanText,
  failureParts,
  groupBySuite,
  readDotnetReport,
  spanMs,
  testLocation,
  timeSpanToMs,
  withoutClassPrefix,
  xmlRootName,
  type DotnetFormat,
} from './dotnet.js';
import type { ParseContext, ResultParser } from './parser.js';
import { attribute, children, loadXmlParser, type XmlNode } from './xml.js';

/** Elements under <Results> (and <InnerResults>) that each hold one test's result. */
const RESULT_ELEMENTS = [
  'UnitTestResult',
  'TestResultAggregation',
  'GenericTestResult',
  'ManualTestResult',
  'WebTestResult',
] as const;

const TRX: DotnetFormat<'TestRun'> = {
  what: 'a TRX report',
  roots: ['TestRun'],
  repeated: new Set<string>([
    ...RESULT_ELEMENTS,
    'UnitTest',
    'GenericTest',
    'OrderedTest',
    'ManualTest',
    'WebTest',
    'Message',
  ]),
};

/** Visual Studio / VSTest / Microsoft.Testing.Platform TRX (`dotnet test --logger trx`). */
export const trxParser: ResultParser = {
  format: 'trx',
  detect: (head) => xmlRootName(head) === 'TestRun',
  load: loadXmlParser,
  parse: parseTrx,
};

export function parseTrx(source: string, context: ParseContext): TestReport {
  const [, root] = readDotnetReport(source, context.path, TRX);
  const definitions = readDefinitions(children(root, 'TestDefinitions')[0]);
  const tests: TestCase[] = [];
  for (const result of resultNodes(children(root, 'Results')[0])) {
    collectResult(result, definitions, tests);
  }
  const times = children(root, 'Times')[0];
  const durationMs =
    spanMs(attribute(times, 'start'), attribute(times, 'finish')) ??
    tests.reduce((sum, test) => sum + test.durationMs, 0);
  return { format: 'trx', suites: groupBySuite(tests), durationMs };
}

interface Definition {
  readonly className?: string;
  readonly methodName?: string;
}

/** Test id → the class and method its <TestMethod> names. */
function readDefinitions(node: XmlNode | undefined): Map<string, Definition> {
  const definitions = new Map<string, Definition>();
  if (!node) return definitions;
  for (const kind of ['UnitTest', 'GenericTest', 'OrderedTest', 'ManualTest', 'WebTest']) {
    for (const test of children(node, kind)) {
      const id = attribute(test, 'id');
      if (id === undefined) continue;
      const method = children(test, 'TestMethod')[0];
      definitions.set(id.toLowerCase(), {
        className: plainClassName(attribute(method, 'className')),
        methodName: attribute(method, 'name') ?? attribute(test, 'name'),
      });
    }
  }
  return definitions;
}

/** Old MSTest writes an assembly-qualified name: "Ns.Class, Assembly, Version=…". */
function plainClassName(value: string | undefined): string | undefined {
  const name = value?.split(',', 1)[0]?.trim();
  return name ? name : undefined;
}

function resultNodes(container: XmlNode | undefined): XmlNode[] {
  return RESULT_ELEMENTS.flatMap((name) => children(container, name));
}

/**
 * A data-driven test (and an ordered test) lists each row (step) under <InnerResults>: the
 * rows are the tests, the outer result only sums them up. Rows named like their siblings get
 * their row number, so they do not fold together as retries of one test.
 */
function collectResult(
  result: XmlNode,
  definitions: Map<string, Definition>,
  into: TestCase[],
): void {
  const inner = resultNodes(children(result, 'InnerResults')[0]);
  if (inner.length === 0) {
    into.push(readResult(result, definitions));
    return;
  }
  const rows: { test: TestCase; label: string }[] = [];
  inner.forEach((row, index) => {
    const produced: TestCase[] = [];
    collectResult(row, definitions, produced);
    const label = attribute(row, 'dataRowInfo') ?? String(index + 1);
    for (const test of produced) rows.push({ test, label });
  });
  const key = (test: TestCase) => `${test.suite}\u0000${test.name}`;
  const counts = new Map<string, number>();
  for (const { test } of rows) counts.set(key(test), (counts.get(key(test)) ?? 0) + 1);
  for (const { test, label } of rows) {
    into.push(counts.get(key(test))! > 1 ? { ...test, name: `${test.name} (row ${label})` } : test);
  }
}

function readResult(result: XmlNode, definitions: Map<string, Definition>): TestCase {
  const definition = definitions.get((attribute(result, 'testId') ?? '').toLowerCase()) ?? {};
  const output = children(result, 'Output')[0];
  const errorInfo = children(output, 'ErrorInfo')[0];
  const rawMessage = cleanText(children(errorInfo, 'Message')[0]);
  const stackTrace = cleanText(children(errorInfo, 'StackTrace')[0]);
  const status = statusOf(attribute(result, 'outcome'), errorInfo !== undefined);
  const failure = status === 'passed' ? {} : failureParts(rawMessage, stackTrace);
  const location =
    status === 'failed' || status === 'errored'
      ? testLocation(stackTrace, definition.className, definition.methodName)
      : undefined;
  const textMessages = children(children(output, 'TextMessages')[0], 'Message').map(cleanText);
  const testName = attribute(result, 'testName') ?? definition.methodName ?? '';
  return {
    name: withoutClassPrefix(testName, definition.className),
    suite: definition.className ?? '',
    file: location?.file,
    line: location?.line,
    status,
    durationMs:
      timeSpanToMs(attribute(result, 'duration')) ??
      spanMs(attribute(result, 'startTime'), attribute(result, 'endTime')) ??
      0,
    message: failure.message,
    details: failure.details,
    output: cleanOutput([
      cleanText(children(output, 'StdOut')[0]),
      cleanText(children(output, 'StdErr')[0]),
      cleanText(children(output, 'DebugTrace')[0]),
      ...textMessages,
    ]),
    retries: [],
  };
}

/**
 * TRX outcomes. Error, Timeout, Aborted (the test host died during the test), NotRunnable
 * (the test method is malformed), Disconnected (the agent was lost) and InProgress (the run
 * ended during it) mean the test never got to pass or fail: errored. NotExecuted,
 * Inconclusive and Pending did not run: skipped. Warning, Completed and PassedButRunAborted
 * finished without failing: passed. An outcome unknown here fails when it carries an error.
 */
function statusOf(outcome: string | undefined, hasError: boolean): TestStatus {
  switch (outcome?.trim().toLowerCase()) {
    case 'passed':
    case 'passedbutrunaborted':
    case 'completed':
    case 'warning':
      return 'passed';
    case 'failed':
      return 'failed';
    case 'error':
    case 'timeout':
    case 'aborted':
    case 'notrunnable':
    case 'disconnected':
    case 'inprogress':
      return 'errored';
    case 'notexecuted':
    case 'inconclusive':
    case 'pending':
      return 'skipped';
    default:
      return hasError ? 'failed' : outcome === undefined ? 'passed' : 'skipped';
  }
}
