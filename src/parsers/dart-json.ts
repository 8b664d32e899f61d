import type { TestCase, TestReport, TestStatus, TestSuite } from '../model/tests.js';
import { LineSplitter, readChunks, readText } from './line-reader.js';
import { ParseError, type ParseContext, type ResultParser } from './parser.js';

/**
 * `dart test --reporter json` and `flutter test --machine`: one JSON event per line (start,
 * suite, group, testStart, print, error, testDone, done), read line by line.
 */
export const dartJsonParser: ResultParser = {
  format: 'dart-json',
  detect: detectDartJson,
  parse: parseDartJson,
  parseStream: parseDartJsonStream,
};

/** The first JSON line is the reporter's start event, which alone carries protocolVersion. */
export function detectDartJson(head: string): boolean {
  for (const raw of head.replace(/^\uFEFF/, '').split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('{')) continue;
    return /"protocolVersion"\s*:/.test(line) && /"type"\s*:\s*"start"/.test(line);
  }
  return false;
}

export function parseDartJson(source: string, context: ParseContext): TestReport {
  return readText(new DartJsonReader(context.path), source);
}

/** The same from chunks of text: the file is never held whole. */
export function parseDartJsonStream(
  chunks: AsyncIterable<string>,
  context: ParseContext,
): Promise<TestReport> {
  return readChunks(new DartJsonReader(context.path), chunks);
}

type Json = Record<string, unknown>;

interface DartTest {
  readonly name: string;
  readonly suiteId: unknown;
  readonly file?: string;
  readonly line?: number;
  readonly startedAt: number;
  doneAt?: number;
  result?: string;
  hidden: boolean;
  skipped: boolean;
  readonly skipReason?: string;
  skipMessage?: string;
  readonly prints: string[];
  readonly errors: { readonly error: string; readonly stack: string; readonly failure: boolean }[];
}

/** Feed lines in order, then call end(). */
export class DartJsonReader {
  readonly #path: string;
  readonly #suites = new Map<unknown, string>();
  readonly #tests = new Map<unknown, DartTest>();
  #started = false;
  #lastTime = 0;
  #doneTime?: number;
  /** A line that was not JSON: an error unless it turns out to be the last line (cut off). */
  #badLine?: number;

  readonly #lines = new LineSplitter((raw, lineNumber) => this.#line(raw, lineNumber));

  constructor(path: string) {
    this.#path = path;
  }

  /** Feeds text in chunks of any size; a line may span chunks. */
  write(chunk: string): void {
    this.#lines.write(chunk);
  }

  #line(raw: string, lineNumber: number): void {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    if (this.#badLine !== undefined) {
      throw new ParseError(
        this.#path,
        'a line starting with "{" is not valid JSON (the Dart JSON reporter writes one event per line)',
        this.#badLine,
      );
    }
    // flutter may print plain text (downloads, lock waits) around the events.
    if (!trimmed.startsWith('{')) return;
    let event: Json;
    try {
      event = JSON.parse(trimmed) as Json;
    } catch {
      this.#badLine = lineNumber;
      return;
    }
    if (typeof event.type !== 'string') {
      throw new ParseError(
        this.#path,
        'a JSON line without a "type": not a Dart test event',
        lineNumber,
      );
    }
    if (typeof event.time === 'number' && Number.isFinite(event.time)) this.#lastTime = event.time;
    this.#event(event, event.type);
  }

  end(): TestReport {
    this.#lines.end();
    if (!this.#started) {
      throw new ParseError(this.#path, 'no "start" event: not a Dart or Flutter JSON report');
    }
    const bySuite = new Map<string, TestCase[]>();
    for (const test of this.#tests.values()) {
      const testCase = this.#testCase(test);
      if (!testCase) continue;
      const list = bySuite.get(testCase.suite);
      if (list) list.push(testCase);
      else bySuite.set(testCase.suite, [testCase]);
    }
    const suites: TestSuite[] = [...bySuite].map(([name, tests]) => ({ name, tests }));
    return { format: 'dart-json', suites, durationMs: this.#doneTime ?? this.#lastTime };
  }

  #event(event: Json, type: string): void {
    switch (type) {
      case 'start':
        this.#started = true;
        return;
      case 'suite': {
        const suite = objectOf(event.suite);
        if (suite && typeof suite.path === 'string') {
          this.#suites.set(suite.id, suite.path.replace(/\\/g, '/'));
        }
        return;
      }
      case 'testStart':
        this.#testStart(objectOf(event.test), event.time);
        return;
      case 'print': {
        const test = this.#tests.get(event.testID);
        if (!test || typeof event.message !== 'string') return;
        if (event.messageType === 'skip') test.skipMessage = event.message;
        else test.prints.push(event.message);
        return;
      }
      case 'error': {
        const test = this.#tests.get(event.testID);
        if (!test) return;
        test.errors.push({
          error: typeof event.error === 'string' ? event.error : String(event.error),
          stack: typeof event.stackTrace === 'string' ? event.stackTrace : '',
          failure: event.isFailure === true,
        });
        return;
      }
      case 'testDone': {
        const test = this.#tests.get(event.testID);
        if (!test) return;
        test.result = typeof event.result === 'string' ? event.result : 'error';
        test.hidden = event.hidden === true;
        test.skipped = event.skipped === true;
        test.doneAt = typeof event.time === 'number' ? event.time : undefined;
        return;
      }
      case 'done':
        if (typeof event.time === 'number') this.#doneTime = event.time;
        return;
      default:
        return; // allSuites, group, debug and types added later carry no results
    }
  }

  #testStart(test: Json | undefined, time: unknown): void {
    if (!test || typeof test.name !== 'string') return;
    const suitePath = this.#suites.get(test.suiteID);
    const location = locationOf(test, suitePath);
    const metadata = objectOf(test.metadata);
    this.#tests.set(test.id, {
      name: test.name,
      suiteId: test.suiteID,
      file: location.file,
      line: location.line,
      startedAt: typeof time === 'number' ? time : this.#lastTime,
      hidden: false,
      skipped: false,
      skipReason: typeof metadata?.skipReason === 'string' ? metadata.skipReason : undefined,
      prints: [],
      errors: [],
    });
  }

  #testCase(test: DartTest): TestCase | undefined {
    const [first, ...more] = test.errors;
    // Loading, setUpAll and tearDownAll are hidden pseudo-tests: shown only when they broke.
    // An error after testDone still fails a test (the protocol says so), hidden or not.
    if (test.hidden && test.result === 'success' && !first) return undefined;
    const status = statusOf(test);
    const end = test.doneAt ?? this.#lastTime;
    // flutter_test reports "Test failed. See exception logs above." and prints the exception.
    const logged = first?.error.startsWith('Test failed. See exception logs above.')
      ? test.prints.filter((text) => text.includes('EXCEPTION CAUGHT BY'))
      : [];
    const details = [
      ...logged,
      first?.stack.trimEnd(),
      ...more.map((e) => `${e.error.trimEnd()}\n${e.stack.trimEnd()}`),
    ]
      .filter((part) => part !== undefined && part.trim() !== '')
      .join('\n\n');
    let message: string | undefined;
    if (status === 'skipped') message = test.skipMessage ?? test.skipReason;
    else if (first) message = first.error.trimEnd();
    else if (test.result === undefined) {
      message = 'did not finish: the report ends before the test did';
    }
    return {
      name: test.name,
      suite: this.#suites.get(test.suiteId) ?? '',
      file: test.file,
      line: test.line,
      status,
      durationMs: Math.max(0, end - test.startedAt),
      message,
      details: status === 'failed' || status === 'errored' ? details || undefined : undefined,
      output: test.prints.length > 0 ? test.prints.join('\n') : undefined,
      retries: [],
    };
  }
}

function statusOf(test: DartTest): TestStatus {
  if (test.result === undefined) return 'errored'; // started, never done: the run died
  const errors = test.errors;
  // "error" outranks "failure": any error other than a TestFailure makes the test errored.
  if (test.result === 'error' || errors.some((e) => !e.failure)) return 'errored';
  if (test.result === 'failure' || errors.length > 0) return 'failed';
  if (test.skipped) return 'skipped';
  return 'passed';
}

/**
 * Where the test() call is: flutter's testWidgets reports its own file in url and the test's
 * in root_url. A file URL inside the suite's file is shown as the suite's (relative) path.
 */
function locationOf(test: Json, suitePath: string | undefined): { file?: string; line?: number } {
  const rooted = typeof test.root_url === 'string';
  const url = rooted ? test.root_url : test.url;
  const line = rooted ? test.root_line : test.line;
  const lineNumber = typeof line === 'number' && line > 0 ? line : undefined;
  if (typeof url !== 'string' || !url.startsWith('file://')) {
    return { file: suitePath };
  }
  let file = decodeUrlPath(url);
  if (suitePath !== undefined && (file === suitePath || file.endsWith(`/${suitePath}`))) {
    file = suitePath;
  }
  return { file, line: lineNumber };
}

function decodeUrlPath(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  try {
    return decodeURIComponent(path).replace(/^\/([A-Za-z]:\/)/, '$1');
  } catch {
    return path;
  }
}

function objectOf(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}
