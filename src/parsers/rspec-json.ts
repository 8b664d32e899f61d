import type { TestCase, TestReport, TestStatus } from '../model/tests.js';
import {
  cleanText,
  firstLine,
  groupByFile,
  numberField,
  objectField,
  parseJsonObject,
  requireArrayField,
  stringField,
  stringsField,
  suiteFromFullTitle,
  sumDurations,
  type JsonObject,
} from './json-report.js';
import type { ParseContext, ResultParser } from './parser.js';

/*
 * RSpec's `--format json`: {version, messages?, seed?, examples[], summary, summary_line}.
 * Load errors and failing before(:suite)/after(:context) hooks are no example: the summary
 * counts them as errors_outside_of_examples and `messages` holds their text.
 */

export const rspecJsonParser: ResultParser = {
  format: 'rspec-json',
  detect: (head) =>
    /^\s*\{/.test(head) &&
    /"version"\s*:\s*"\d+\.\d+/.test(head) &&
    /"examples"\s*:\s*\[|"summary_line"\s*:|"messages"\s*:\s*\[/.test(head),
  parse: parseRspecJson,
};

export function parseRspecJson(source: string, context: ParseContext): TestReport {
  const what = 'an RSpec JSON report';
  const document = parseJsonObject(source, context.path, what);
  const tests = requireArrayField(document, 'examples', context.path, what).map(readExample);
  const summary = objectField(document, 'summary');
  const outside = numberField(summary, 'errors_outside_of_examples_count') ?? 0;
  if (outside > 0) tests.push(...errorsOutsideExamples(document, outside));

  const seconds = numberField(summary, 'duration');
  const durationMs = seconds !== undefined ? seconds * 1000 : sumDurations(tests);
  return { format: 'rspec-json', suites: groupByFile(tests), durationMs };
}

/**
 * An exception from RSpec's expectations or mocks is a failed assertion; anything else
 * (NoMethodError, a refused connection) crashed the example. A pending example that passed
 * (PendingExampleFixedError) failed its expectation of failing.
 */
const ASSERTION_CLASS =
  /^RSpec::(?:Expectations|Mocks)::|^RSpec::Core::Pending::PendingExampleFixedError$/;

function readExample(example: JsonObject): TestCase {
  const description = stringField(example, 'description') ?? '';
  const exception = objectField(example, 'exception');
  const className = stringField(exception, 'class');
  const rawStatus = stringField(example, 'status');
  const status: TestStatus =
    rawStatus === 'passed'
      ? 'passed'
      : rawStatus === 'failed'
        ? className && !ASSERTION_CLASS.test(className)
          ? 'errored'
          : 'failed'
        : 'skipped';
  const text = cleanText(stringField(exception, 'message'));
  const backtrace = stringsField(exception, 'backtrace').join('\n');
  const failed = status === 'failed' || status === 'errored';
  const heading = className ? `${className}: ${text ?? ''}`.trimEnd() : text;
  return {
    name: description || (stringField(example, 'full_description') ?? ''),
    suite: suiteFromFullTitle(stringField(example, 'full_description'), description),
    file: stringField(example, 'file_path') || undefined,
    line: numberField(example, 'line_number'),
    status,
    durationMs: (numberField(example, 'run_time') ?? 0) * 1000,
    message: failed
      ? (firstLine(text) ?? className)
      : (cleanText(stringField(example, 'pending_message')) ?? undefined),
    details: failed ? [heading, backtrace].filter(Boolean).join('\n') || undefined : undefined,
    retries: [],
  };
}

/** One errored test per error message; the count alone when the messages do not say. */
function errorsOutsideExamples(document: JsonObject, count: number): TestCase[] {
  const messages = stringsField(document, 'messages')
    .map((message) => cleanText(message)?.trim())
    .filter((message): message is string => !!message);
  const errors = messages.filter((message) => /An error occurred/i.test(message));
  if (errors.length === 0) {
    const all = messages.join('\n\n');
    return [
      {
        name: 'errors outside of examples',
        suite: '',
        status: 'errored',
        durationMs: 0,
        message: `RSpec counted ${count} error${count === 1 ? '' : 's'} outside of examples`,
        details: all || undefined,
        retries: [],
      },
    ];
  }
  return errors.map((message) => {
    // "An error occurred while loading ./spec/models/user_spec.rb." names the file; RSpec's
    // short backtrace ("# ./spec/x_spec.rb:2:in ...") gives where.
    const loading = /An error occurred while loading (\S+?)\.?(?:\s|$)/.exec(message);
    const where = /^# (\S+?):(\d+)/m.exec(message);
    // The exception as RSpec prints it: "LoadError:" with its message indented below.
    const exception = /^([A-Z][\w:]*):\n\s+(\S[^\n]*)/m.exec(message);
    return {
      name: loading?.[1] ?? firstLine(message) ?? 'error outside of examples',
      suite: '',
      file: loading?.[1] ?? where?.[1],
      line: where && (!loading || where[1] === loading[1]) ? Number(where[2]) : undefined,
      status: 'errored' as const,
      durationMs: 0,
      message: exception ? `${exception[1]}: ${exception[2]}` : firstLine(message),
      details: message,
      retries: [],
    };
  });
}
