import type { TestCase, TestReport, TestStatus } from '../model/tests.js';
import {
  cleanOutput,
  cleanText,
  failureParts,
  groupBySuite,
  readDotnetReport,
  secondsToMs,
  testLocation,
  withoutClassPrefix,
  xmlRootName,
  xmlRootTag,
  type DotnetFormat,
} from './dotnet.js';
import type { ParseContext, ResultParser } from './parser.js';
import { attribute, children, loadXmlParser, type XmlNode } from './xml.js';

const ERRORS = 'xunit-errors';
const XUNIT: DotnetFormat<'assemblies' | 'assembly'> = {
  what: 'an xUnit.net report',
  roots: ['assemblies', 'assembly'],
  repeated: new Set(['assembly', 'collection', 'class', 'test', 'error']),
  // <assembly errors="1"> has an <errors> child too: renamed, so the attribute cannot hide it.
  renamed: { errors: ERRORS },
};

/**
 * xUnit.net XML: v2 and v3 (`<assemblies>`, tests grouped in <collection>), and v1 (one
 * `<assembly>`, tests grouped in <class>). A bare <assembly> root is also what Windows
 * manifests and Maven assembly descriptors use, so it counts only with xUnit's run attributes.
 */
export const xunitParser: ResultParser = {
  format: 'xunit',
  detect: (head) => {
    const root = xmlRootName(head);
    if (root === 'assemblies') return true;
    if (root !== 'assembly') return false;
    const tag = xmlRootTag(head, 'assembly') ?? '';
    return /\stest-framework=/.test(tag) || (/\stotal=/.test(tag) && /\spassed=/.test(tag));
  },
  load: loadXmlParser,
  parse: parseXunit,
};

export function parseXunit(source: string, context: ParseContext): TestReport {
  const [rootName, root] = readDotnetReport(source, context.path, XUNIT);
  const assemblies = rootName === 'assemblies' ? children(root, 'assembly') : [root];
  const tests: TestCase[] = [];
  for (const assembly of assemblies) {
    const version = /^xUnit\.net v?(\d+)/i.exec(attribute(assembly, 'test-framework') ?? '');
    const escaped = version !== null && Number(version[1]) >= 2;
    for (const group of [...children(assembly, 'collection'), ...children(assembly, 'class')]) {
      const groupName = attribute(group, 'name') ?? '';
      for (const test of children(group, 'test')) tests.push(readTest(test, groupName, escaped));
    }
    for (const error of children(children(assembly, ERRORS)[0], 'error')) {
      tests.push(readError(error, escaped));
    }
  }
  const stated = assemblies.map((assembly) => secondsToMs(attribute(assembly, 'time')));
  const durationMs = stated.every((value) => value !== undefined)
    ? stated.reduce((sum: number, value) => sum + value!, 0)
    : tests.reduce((sum, test) => sum + test.durationMs, 0);
  return { format: 'xunit', suites: groupBySuite(tests), durationMs };
}

function readTest(test: XmlNode, groupName: string, escaped: boolean): TestCase {
  const className = nonEmpty(attribute(test, 'type'));
  const status = statusOf(attribute(test, 'result'), test);
  const failure = children(test, 'failure')[0];
  const stackTrace = cleanText(children(failure, 'stack-trace')[0]);
  const failing = status === 'failed' || status === 'errored';
  const text =
    status === 'passed'
      ? {}
      : failureParts(
          unescaped(
            cleanText(children(failure, 'message')[0] ?? children(test, 'reason')[0]),
            escaped,
          ),
          failing ? stackTrace : undefined,
        );
  const location =
    (failing ? testLocation(stackTrace, className, attribute(test, 'method')) : undefined) ??
    declaredLocation(test);
  return {
    name: withoutClassPrefix(unescaped(attribute(test, 'name'), escaped) ?? '', className),
    suite: className ?? groupName,
    file: location?.file,
    line: location?.line,
    status,
    durationMs: secondsToMs(attribute(test, 'time')) ?? 0,
    message: text.message,
    details: text.details,
    output: cleanOutput([cleanText(children(test, 'output')[0])]),
    retries: [],
  };
}

/** xUnit v2/v3 write the test's source file and line when the runner could find them. */
function declaredLocation(test: XmlNode): { file: string; line: number } | undefined {
  const file = nonEmpty(attribute(test, 'source-file'));
  const line = Number(attribute(test, 'source-line'));
  return file !== undefined && Number.isInteger(line) && line > 0 ? { file, line } : undefined;
}

/**
 * A failure outside any test (a fixture's or class's cleanup, an assembly that would not
 * load), which xUnit lists under <errors> and counts as such: an errored entry of its own.
 */
function readError(error: XmlNode, escaped: boolean): TestCase {
  const failure = children(error, 'failure')[0];
  const type = attribute(error, 'type') ?? 'error';
  const text = failureParts(
    unescaped(cleanText(children(failure, 'message')[0]), escaped),
    cleanText(children(failure, 'stack-trace')[0]),
  );
  return {
    name: `[${type}] ${attribute(error, 'name') ?? ''}`.trim(),
    suite: '',
    status: 'errored',
    durationMs: 0,
    message: text.message ?? attribute(failure, 'exception-type'),
    details: text.details,
    retries: [],
  };
}

/** Pass, Fail, Skip; v3 adds NotRun (explicit tests left out), which did not run: skipped. */
function statusOf(result: string | undefined, test: XmlNode): TestStatus {
  switch (result?.trim().toLowerCase()) {
    case 'pass':
      return 'passed';
    case 'fail':
      return 'failed';
    case 'skip':
    case 'notrun':
      return 'skipped';
    default:
      return children(test, 'failure').length > 0 ? 'failed' : 'skipped';
  }
}

/**
 * xUnit.net escapes test names, messages and skip reasons C-style before writing them
 * (a newline as `\n`, a quote as `\"`, a backslash doubled), so a message is one line in the
 * file. Only text from xUnit.net 2 and later is unescaped, and only when it has no real line
 * break: v1 and other tools writing this format (Fixie) write text as it is.
 */
function unescaped(text: string | undefined, escaped: boolean): string | undefined {
  if (text === undefined || !escaped || text.includes('\n') || !text.includes('\\')) return text;
  return text.replace(/\\(x[0-9A-Fa-f]{2}|[\\rnt0abvf"])/g, (_whole, code: string) => {
    if (code[0] === 'x') return String.fromCharCode(Number.parseInt(code.slice(1), 16));
    return ESCAPES[code] ?? code;
  });
}

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  r: '\r',
  n: '\n',
  t: '\t',
  '0': '\0',
  a: '\u0007',
  b: '\b',
  v: '\v',
  f: '\f',
  '"': '"',
};

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
