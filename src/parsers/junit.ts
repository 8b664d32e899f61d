import { SaxesParser, type SaxesTag } from 'saxes';
import type { TestCase, TestReport, TestSuite } from '../model/tests.js';
import {
  collectSuite,
  isNodeTest,
  isPytest,
  OTHER_ROOTS,
  readTestCase,
  refuseNonXml,
  sameFileForRepeats,
  seconds,
  suiteTime,
  type Reading,
  parseJunitTree,
} from './junit-read.js';
import { ParseError, type ParseContext, type ResultParser } from './parser.js';
import { ATTRIBUTES, attributeOf, type XmlNode } from './xml.js';

/**
 * JUnit XML read as a stream of tags (saxes): the file never exists as one string or one tree.
 * Each top-level <testsuite> is built as a small tree, read by the same code as a whole
 * document would be (junit.ts), and dropped, so memory follows the tests kept, not the file.
 * Texts are capped, so one runaway <system-out> cannot take the runner down.
 */
export const MAX_TEXT_CHARS = 64 * 1024;

export const junitParser: ResultParser = {
  format: 'junit',
  detect: detectJunit,
  parse: parseJunit,
  parseStream: parseJunitStream,
};

const CUT = '\n… (cut)';

type Node = Record<string, unknown>;

export class JunitStreamParser {
  // Position tracking doubles saxes' time; the line of an error is worked out when one occurs.
  readonly #parser = new SaxesParser({ position: false });
  readonly #path: string;
  readonly #stack: Node[] = [];
  readonly #names: string[] = [];
  readonly #suites: TestSuite[] = [];
  readonly #loose: XmlNode[] = [];
  readonly #located = new Set<TestCase>();
  /** Top-level suites of a <testsuites> root: read and dropped as each closes. */
  readonly #topSuites = new WeakSet<Node>();
  #root: Node | undefined;
  #rootName: string | undefined;
  #topLevelTime = 0;
  #chunk = '';
  #charsBefore = 0;
  #linesBefore = 0;
  #first = true;
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
    parser.on('closetag', () => this.#close());
    parser.on('text', (text) => this.#text(text));
    parser.on('cdata', (text) => this.#text(text));
    parser.on('error', (error) => {
      throw (
        this.#error ??
        new ParseError(
          this.#path,
          `malformed XML: ${describeSaxesError(error.message)}`,
          this.#line(),
        )
      );
    });
  }

  write(chunk: string): void {
    if (this.#first && chunk.trim() !== '') {
      this.#first = false;
      refuseNonXml(chunk, this.#path);
    }
    this.#chunk = chunk;
    this.#parser.write(chunk);
    this.#charsBefore += chunk.length;
    this.#linesBefore += countLines(chunk, chunk.length);
  }

  finish(): TestReport {
    if (this.#first) throw new ParseError(this.#path, 'the file is empty');
    if (this.#names.length > 0) {
      const open = this.#names.map((name) => `<${name}>`);
      throw new ParseError(
        this.#path,
        `malformed XML: the file ends before ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} closed (truncated?)`,
        this.#linesBefore + 1,
      );
    }
    this.#parser.close();
    const root = this.#root;
    if (!root || this.#rootName === undefined) {
      throw new ParseError(this.#path, 'not a JUnit report: there is no XML element in it');
    }
    let looseTests: TestCase[] = [];
    if (this.#rootName === 'testsuite') {
      // A <testsuite> root is the one suite: read whole, as junit.ts reads it.
      collectSuite(root, this.#suites, this.#reading({ testsuite: [root] }));
      this.#topLevelTime += suiteTime(root);
    } else if (this.#loose.length > 0) {
      // node:test puts tests outside any describe() straight under <testsuites>.
      const reading = this.#reading({ testcase: this.#loose });
      looseTests = this.#loose.map((testcase, index) =>
        readTestCase(testcase, index, { name: '', reading }),
      );
    }
    const suites =
      looseTests.length > 0 ? [{ name: '', tests: looseTests }, ...this.#suites] : this.#suites;
    const stated = this.#rootName === 'testsuites' ? seconds(attributeOf(root, 'time')) : undefined;
    const looseTime = looseTests.reduce((sum, test) => sum + test.durationMs, 0);
    return {
      format: 'junit',
      suites: sameFileForRepeats(suites, this.#reading({})),
      durationMs: stated ?? this.#topLevelTime + looseTime,
    };
  }

  /**
   * How to read a part of the document. junit.ts takes its flags from the whole document; here
   * they come from the root and the part at hand, which is the same for a file one tool wrote.
   */
  #reading(holder: XmlNode): Reading {
    const suites = (holder.testsuite as XmlNode[] | undefined) ?? [];
    return {
      pytest: isPytest(this.#root ?? {}, this.#rootName ?? '', suites),
      nodeTest: isNodeTest(holder),
      locatedFromFailure: this.#located,
    };
  }

  #fail(reason: string): never {
    this.#error = new ParseError(this.#path, reason, this.#line());
    throw this.#error;
  }

  #line(): number {
    const inChunk = Math.max(0, this.#parser.position - this.#charsBefore);
    return this.#linesBefore + countLines(this.#chunk, Math.min(inChunk, this.#chunk.length)) + 1;
  }

  #open(tag: SaxesTag): void {
    const node: Node = { [ATTRIBUTES]: tag.attributes as Record<string, string> };
    const parent = this.#stack[this.#stack.length - 1];
    if (!parent) {
      if (this.#root) this.#fail('more than one root element');
      this.#root = node;
      this.#rootName = tag.name;
      if (tag.name !== 'testsuites' && tag.name !== 'testsuite') {
        const what = OTHER_ROOTS[tag.name];
        this.#fail(
          `not a JUnit report: the root element is <${tag.name}>${what ? ` (${what})` : ''}, not <testsuites> or <testsuite>`,
        );
      }
    } else if (
      parent === this.#root &&
      this.#rootName === 'testsuites' &&
      tag.name === 'testsuite'
    ) {
      this.#topSuites.add(node);
    } else {
      const list = parent[tag.name];
      if (Array.isArray(list)) list.push(node);
      else parent[tag.name] = [node];
      if (parent === this.#root && tag.name === 'testcase') this.#loose.push(node);
    }
    this.#stack.push(node);
    this.#names.push(tag.name);
  }

  #close(): void {
    const node = this.#stack.pop()!;
    this.#names.pop();
    if (this.#topSuites.has(node)) {
      collectSuite(node, this.#suites, this.#reading({ testsuite: [node] }));
      this.#topLevelTime += suiteTime(node);
    }
  }

  #text(text: string): void {
    const node = this.#stack[this.#stack.length - 1];
    if (!node) return;
    const current = (node['#text'] as string | undefined) ?? '';
    if (current.length >= MAX_TEXT_CHARS) return;
    const joined = current + text;
    node['#text'] = joined.length > MAX_TEXT_CHARS ? joined.slice(0, MAX_TEXT_CHARS) + CUT : joined;
  }
}

export function parseJunit(source: string, context: ParseContext): TestReport {
  try {
    const parser = new JunitStreamParser(context);
    parser.write(source);
    return parser.finish();
  } catch (error) {
    if (isLenientlyReadable(error) && source.length <= LENIENT_MAX_CHARS) {
      return parseJunitTree(source, context);
    }
    throw error;
  }
}

export async function parseJunitStream(
  chunks: AsyncIterable<string>,
  context: ParseContext,
): Promise<TestReport> {
  const parser = new JunitStreamParser(context);
  const iterator = chunks[Symbol.asyncIterator]();
  // Kept while small, for a lenient second reading should the file not be well-formed.
  let kept: string[] | undefined = [];
  let keptLength = 0;
  const keep = (chunk: string) => {
    if (!kept) return;
    kept.push(chunk);
    keptLength += chunk.length;
    if (keptLength > LENIENT_MAX_CHARS) kept = undefined;
  };
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      keep(next.value);
      parser.write(next.value);
    }
    return parser.finish();
  } catch (error) {
    if (!kept || !isLenientlyReadable(error)) throw error;
    // The rest of the file, for the second reading.
    for (let next = await iterator.next(); !next.done && kept; next = await iterator.next()) {
      keep(next.value);
    }
    if (!kept) throw error;
    return parseJunitTree(kept.join(''), context);
  }
}

/** Up to this size, a file that is not well-formed XML gets a lenient second reading. */
const LENIENT_MAX_CHARS = 16 * 1024 * 1024;

/**
 * Characters XML forbids where they stand (a raw '<' in an attribute value) are a tool's slip
 * that other readers forgive; a file that ends early or nests wrongly is not read as if whole.
 */
function isLenientlyReadable(error: unknown): boolean {
  return error instanceof ParseError && /^malformed XML: disallowed character/.test(error.reason);
}

function countLines(text: string, end: number): number {
  let count = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < end;
    index = text.indexOf('\n', index + 1)
  ) {
    count++;
  }
  return count;
}

/** saxes prefixes its messages with a position, which the ParseError carries as a line. */
function describeSaxesError(message: string): string {
  const text = message.replace(/^(?:[^:\d][^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
  const unclosed = /^unclosed tag: (.+)$/.exec(text);
  return unclosed ? `the file ends before <${unclosed[1]}> is closed (truncated?)` : text;
}

/**
 * True when the document's first element is <testsuites> or <testsuite>. Looking at the root,
 * not anywhere in the head, keeps other formats that quote JUnit in a message from being claimed.
 */
export function detectJunit(head: string): boolean {
  const start = afterPrologue(head);
  // A head cut inside a long prologue: fall back to finding the element at all.
  if (start === undefined) return /<testsuites?[\s>/]/.test(head);
  return /^<testsuites?(?:[\s>/]|$)/.test(head.slice(start));
}

/** Index of the first element after the BOM, XML declaration, comments and DOCTYPE; undefined when the head ends first. */
function afterPrologue(head: string): number | undefined {
  let index = head.startsWith('\uFEFF') ? 1 : 0;
  for (;;) {
    while (index < head.length && /\s/.test(head[index]!)) index++;
    const closer = head.startsWith('<?', index)
      ? '?>'
      : head.startsWith('<!--', index)
        ? '-->'
        : head.startsWith('<!DOCTYPE', index) || head.startsWith('<!doctype', index)
          ? '>'
          : undefined;
    if (closer === undefined) return index < head.length ? index : undefined;
    const end = head.indexOf(closer, index + 2);
    if (end < 0) return undefined;
    index = end + closer.length;
  }
}
