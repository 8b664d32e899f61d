import { SaxesParser, type SaxesTag } from 'saxes';
import type { TestAttempt, TestCase, TestReport, TestStatus, TestSuite } from '../model/tests.js';
import { ParseError, type ParseContext } from './parser.js';

/**
 * JUnit XML read as a stream of tags (saxes), so a 100,000-test report never exists as one
 * string or one tree: memory follows the tests kept, not the file. Captured texts (messages,
 * traces, output) are capped, so one runaway `system-out` cannot take the runner down.
 */
export const MAX_CAPTURED_CHARS = 64 * 1024;

type Attributes = Record<string, string>;

interface SuiteFrame {
  readonly name: string;
  readonly file?: string;
  readonly time?: number;
  readonly suite: { name: string; tests: TestCase[] };
  readonly topLevel: boolean;
  /** Sum of its tests' and nested suites' times, for a suite that states none. */
  testsTime: number;
  hasNested: boolean;
}

interface Outcome {
  readonly status: TestStatus;
  readonly attributes: Attributes;
  text: string;
}

interface CaseFrame {
  readonly attributes: Attributes;
  readonly suiteName: string;
  readonly suiteFile?: string;
  outcome?: Outcome;
  output: string[];
  retries: TestAttempt[];
  /** The rerun/flaky child being read, with its own nested texts. */
  rerun?: {
    status: TestStatus;
    attributes: Attributes;
    text: string;
    stackTrace: string;
    output: string;
  };
}

const OUTCOMES: Record<string, TestStatus> = {
  failure: 'failed',
  error: 'errored',
  skipped: 'skipped',
};
const NO_RETRIES: readonly TestAttempt[] = Object.freeze([]);
const RANK: Record<TestStatus, number> = { failed: 3, errored: 2, skipped: 1, passed: 0 };
const RERUNS: Record<string, TestStatus> = {
  flakyFailure: 'failed',
  flakyError: 'errored',
  rerunFailure: 'failed',
  rerunError: 'errored',
};

/** Builds the report from chunks of JUnit XML text; `finish()` returns it. */
export class JunitStreamParser {
  // Position tracking doubles saxes' time; the line of an error is worked out when one occurs.
  readonly #parser = new SaxesParser({ position: false });
  #chunk = '';
  #charsBefore = 0;
  #linesBefore = 0;
  readonly #path: string;
  readonly #suites: TestSuite[] = [];
  readonly #loose: TestCase[] = [];
  readonly #stack: SuiteFrame[] = [];
  #rootName: string | undefined;
  #rootTime: number | undefined;
  #topLevelTime = 0;
  #case: CaseFrame | undefined;
  /** Where text goes now: the open outcome, output or rerun part, or nowhere. */
  #capture: ((text: string) => void) | undefined;
  #depth = 0;
  #error: ParseError | undefined;

  constructor(context: ParseContext) {
    this.#path = context.path;
    const parser = this.#parser;
    parser.on('doctype', (doctype) => {
      if (/<!ENTITY/i.test(doctype)) {
        this.#fail('declares XML entities (<!ENTITY>), which are not read for safety');
      }
    });
    parser.on('opentag', (tag) => this.#open(tag));
    parser.on('closetag', (tag) => this.#close(tag.name));
    parser.on('text', (text) => this.#capture?.(text));
    parser.on('cdata', (text) => this.#capture?.(text));
    parser.on('error', (error) => {
      throw (
        this.#error ??
        new ParseError(
          this.#path,
          `malformed XML: ${cleanSaxesMessage(error.message)}`,
          parser.line,
        )
      );
    });
  }

  write(chunk: string): void {
    this.#chunk = chunk;
    this.#parser.write(chunk);
    this.#charsBefore += chunk.length;
    this.#linesBefore += countLines(chunk, chunk.length);
  }

  /** The line the parser is at: whole chunks' lines, plus the current chunk's up to there. */
  #line(): number {
    const inChunk = Math.max(0, this.#parser.position - this.#charsBefore);
    return this.#linesBefore + countLines(this.#chunk, Math.min(inChunk, this.#chunk.length)) + 1;
  }

  finish(): TestReport {
    try {
      this.#parser.close();
    } catch (error) {
      if (error instanceof ParseError) throw error;
      throw new ParseError(
        this.#path,
        `malformed XML: ${cleanSaxesMessage((error as Error).message)}`,
      );
    }
    if (this.#rootName === undefined) {
      throw new ParseError(this.#path, 'not a JUnit report: there is no XML element in it');
    }
    const suites =
      this.#loose.length > 0 ? [{ name: '', tests: this.#loose }, ...this.#suites] : this.#suites;
    const looseTime = this.#loose.reduce((sum, test) => sum + test.durationMs, 0);
    return {
      format: 'junit',
      suites,
      durationMs: this.#rootTime ?? this.#topLevelTime + looseTime,
    };
  }

  readonly #strings = new Map<string, string>();

  #intern(text: string): string {
    const known = this.#strings.get(text);
    if (known !== undefined) return known;
    this.#strings.set(text, text);
    return text;
  }

  #fail(reason: string): never {
    this.#error = new ParseError(this.#path, reason, this.#line());
    throw this.#error;
  }

  #open(tag: SaxesTag): void {
    const name = tag.name;
    const attributes = tag.attributes as Attributes;
    this.#depth++;
    if (this.#rootName === undefined) {
      this.#rootName = name;
      if (name !== 'testsuites' && name !== 'testsuite') {
        this.#fail(
          `not a JUnit report: the root element is <${name}>, not <testsuites> or <testsuite>`,
        );
      }
      if (name === 'testsuites') {
        this.#rootTime = seconds(attributes.time);
        return;
      }
    }
    const testcase = this.#case;
    if (testcase) {
      this.#openInsideCase(testcase, name, attributes);
      return;
    }
    if (name === 'testsuite') {
      const parent = this.#stack[this.#stack.length - 1];
      if (parent) parent.hasNested = true;
      const suite = { name: attributes.name ?? '', tests: [] as TestCase[] };
      this.#stack.push({
        name: suite.name,
        file: attributes.file ?? attributes.filepath ?? parent?.file,
        time: seconds(attributes.time),
        suite,
        topLevel: parent === undefined,
        testsTime: 0,
        hasNested: false,
      });
      this.#suites.push(suite);
    } else if (name === 'testcase') {
      const parent = this.#stack[this.#stack.length - 1];
      this.#case = {
        attributes,
        suiteName: parent?.name ?? '',
        suiteFile: parent?.file,
        output: [],
        retries: [],
      };
    }
  }

  #openInsideCase(testcase: CaseFrame, name: string, attributes: Attributes): void {
    const rerun = testcase.rerun;
    if (rerun) {
      if (name === 'stackTrace')
        this.#capture = (text) => (rerun.stackTrace = capped(rerun.stackTrace, text));
      else if (name === 'system-out' || name === 'system-err')
        this.#capture = (text) => (rerun.output = capped(rerun.output, text));
      return;
    }
    const outcomeStatus = OUTCOMES[name];
    if (outcomeStatus !== undefined) {
      // Several outcomes (a skip and a teardown failure): the gravest decides, as a tree
      // reader taking <failure>, then <error>, then <skipped> would.
      if (testcase.outcome && RANK[testcase.outcome.status] >= RANK[outcomeStatus]) {
        this.#capture = undefined;
        return;
      }
      const outcome: Outcome = { status: outcomeStatus, attributes, text: '' };
      testcase.outcome = outcome;
      this.#capture = (text) => (outcome.text = capped(outcome.text, text));
    } else if (name === 'system-out' || name === 'system-err') {
      const index = testcase.output.push('') - 1;
      this.#capture = (text) => (testcase.output[index] = capped(testcase.output[index]!, text));
    } else if (RERUNS[name] !== undefined) {
      const part = { status: RERUNS[name], attributes, text: '', stackTrace: '', output: '' };
      testcase.rerun = part;
      this.#capture = (text) => (part.text = capped(part.text, text));
    } else {
      this.#capture = undefined;
    }
  }

  #close(name: string): void {
    this.#depth--;
    const testcase = this.#case;
    if (testcase) {
      if (name === 'testcase') {
        this.#finishCase(testcase);
        this.#case = undefined;
        this.#capture = undefined;
      } else if (testcase.rerun && RERUNS[name] !== undefined) {
        const part = testcase.rerun;
        testcase.retries.push({
          status: part.status,
          durationMs: seconds(part.attributes.time) ?? 0,
          message: messageOf(part.attributes, part.text),
          details: nonEmpty(trimDetails(part.text)) ?? nonEmpty(trimDetails(part.stackTrace)),
          output: nonEmpty(part.output),
        });
        testcase.rerun = undefined;
        this.#capture = undefined;
      } else if (testcase.rerun) {
        // Closing a rerun's own child: text goes back to the rerun's body.
        const part = testcase.rerun;
        this.#capture = (text) => (part.text = capped(part.text, text));
      } else {
        this.#capture = undefined;
      }
      return;
    }
    if (name === 'testsuite') {
      const frame = this.#stack.pop();
      if (!frame) return;
      const time = frame.time ?? frame.testsTime;
      const parent = this.#stack[this.#stack.length - 1];
      if (parent) parent.testsTime += time;
      if (frame.topLevel) this.#topLevelTime += time;
      // A suite that only groups other suites (Bazel, nested pytest) is not a suite of tests.
      if (frame.suite.tests.length === 0 && frame.hasNested) {
        const index = this.#suites.lastIndexOf(frame.suite);
        if (index >= 0) this.#suites.splice(index, 1);
      }
    }
  }

  #finishCase(testcase: CaseFrame): void {
    const attributes = testcase.attributes;
    const outcome = testcase.outcome;
    const line = Number.parseInt(attributes.line ?? '', 10);
    const output = testcase.output.filter((text) => text.trim() !== '');
    const file = attributes.file ?? testcase.suiteFile;
    const test: TestCase = {
      name: attributes.name ?? '',
      // Thousands of tests share a class and a file: one string each, not one per test.
      suite: this.#intern(attributes.classname || testcase.suiteName),
      file: file === undefined ? undefined : this.#intern(file),
      line: Number.isFinite(line) ? line : undefined,
      status: outcome?.status ?? 'passed',
      durationMs: seconds(attributes.time) ?? 0,
      message: outcome ? messageOf(outcome.attributes, outcome.text) : undefined,
      details: outcome ? nonEmpty(trimDetails(outcome.text)) : undefined,
      output: output.length > 0 ? output.join('\n') : undefined,
      retries: testcase.retries.length > 0 ? testcase.retries : NO_RETRIES,
    };
    const frame = this.#stack[this.#stack.length - 1];
    if (frame) {
      frame.suite.tests.push(test);
      frame.testsTime += test.durationMs;
    } else {
      this.#loose.push(test);
    }
  }
}

export function parseJunitText(source: string, context: ParseContext): TestReport {
  if (source.trim() === '') throw new ParseError(context.path, 'the file is empty');
  const parser = new JunitStreamParser(context);
  parser.write(source);
  return parser.finish();
}

export async function parseJunitStream(
  chunks: AsyncIterable<string>,
  context: ParseContext,
): Promise<TestReport> {
  const parser = new JunitStreamParser(context);
  let empty = true;
  for await (const chunk of chunks) {
    if (empty && chunk.trim() !== '') empty = false;
    parser.write(chunk);
  }
  if (empty) throw new ParseError(context.path, 'the file is empty');
  return parser.finish();
}

function countLines(text: string, end: number): number {
  let count = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < end;
    index = text.indexOf('\n', index + 1)
  )
    count++;
  return count;
}

function capped(current: string, more: string): string {
  if (current.length >= MAX_CAPTURED_CHARS) return current;
  const joined = current + more;
  return joined.length > MAX_CAPTURED_CHARS
    ? `${joined.slice(0, MAX_CAPTURED_CHARS)}\n… (cut)`
    : joined;
}

function messageOf(attributes: Attributes, text: string): string | undefined {
  const message = nonEmpty(attributes.message);
  if (message) return message;
  return nonEmpty(text.trim())?.split('\n', 1)[0];
}

function trimDetails(text: string): string {
  return text.replace(/^\n+|\s+$/g, '');
}

/** JUnit times are seconds, sometimes with thousands separators ("1,234.5"). */
function seconds(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value.replace(/,/g, ''));
  return Number.isFinite(parsed) && parsed >= 0 ? parsed * 1000 : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** saxes prefixes messages with the position, which the ParseError already carries. */
function cleanSaxesMessage(message: string): string {
  return message.replace(/^(?:[^:\d][^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
}
