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
import { ATTRIBUTES, attributeOf, loadXmlParser, type XmlNode } from './xml.js';
import { declaresEntities, ENTITIES_REFUSED, withParseErrors, XmlTokenizer } from './xml-stream.js';

/**
 * JUnit XML read as a stream of tags (xml-stream.ts): the file never exists as one string or one tree.
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
/** Elements whose own text no reader looks at: only the indentation between their children. */
const CONTAINERS = new Set(['testsuites', 'testsuite', 'testcase', 'properties']);

type Node = Record<string, unknown>;

export class JunitStreamParser {
  readonly #tokenizer: XmlTokenizer;
  readonly #path: string;
  readonly #stack: Node[] = [];
  /** Per open element: whether its text is read (a failure's is, the whitespace between tests is not). */
  readonly #keepsText: boolean[] = [];
  readonly #suites: TestSuite[] = [];
  readonly #loose: XmlNode[] = [];
  readonly #located = new Set<TestCase>();
  /**
   * The open top-level suite of a <testsuites> root, if any: read and dropped when it closes.
   * Top-level suites cannot nest, so one slot holds it.
   */
  #openTopSuite: Node | undefined;
  #root: Node | undefined;
  #rootName: string | undefined;
  #topLevelTime = 0;
  #first = true;

  constructor(context: ParseContext) {
    this.#path = context.path;
    this.#tokenizer = new XmlTokenizer({
      doctype: (declaration) => {
        if (declaresEntities(declaration)) this.#fail(ENTITIES_REFUSED);
      },
      openTag: (name, attributes, selfClosing) => {
        this.#open(name, attributes);
        if (selfClosing) this.#close();
      },
      closeTag: () => this.#close(),
      text: (text) => this.#text(text),
    });
  }

  write(chunk: string): void {
    if (this.#first && chunk.trim() !== '') {
      this.#first = false;
      refuseNonXml(chunk, this.#path);
    }
    withParseErrors(this.#path, () => this.#tokenizer.write(chunk));
  }

  finish(): TestReport {
    if (this.#first) throw new ParseError(this.#path, 'the file is empty');
    withParseErrors(this.#path, () => this.#tokenizer.end());
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
    throw new ParseError(this.#path, reason, this.#tokenizer.line);
  }

  #open(name: string, attributes: Record<string, string>): void {
    const node: Node = { [ATTRIBUTES]: attributes };
    const parent = this.#stack[this.#stack.length - 1];
    if (!parent) {
      if (this.#root) this.#fail('more than one root element');
      this.#root = node;
      this.#rootName = name;
      if (name !== 'testsuites' && name !== 'testsuite') {
        const what = OTHER_ROOTS[name];
        this.#fail(
          `not a JUnit report: the root element is <${name}>${what ? ` (${what})` : ''}, not <testsuites> or <testsuite>`,
        );
      }
    } else if (parent === this.#root && this.#rootName === 'testsuites' && name === 'testsuite') {
      this.#openTopSuite = node;
    } else {
      const list = parent[name];
      if (Array.isArray(list)) list.push(node);
      else parent[name] = [node];
      if (parent === this.#root && name === 'testcase') this.#loose.push(node);
    }
    this.#stack.push(node);
    this.#keepsText.push(!CONTAINERS.has(name));
  }

  #close(): void {
    const node = this.#stack.pop()!;
    this.#keepsText.pop();
    if (node === this.#openTopSuite) {
      this.#openTopSuite = undefined;
      collectSuite(node, this.#suites, this.#reading({ testsuite: [node] }));
      this.#topLevelTime += suiteTime(node);
    }
  }

  #text(text: string): void {
    if (!this.#keepsText[this.#keepsText.length - 1]) return;
    const node = this.#stack[this.#stack.length - 1]!;
    const current = (node['#text'] as string | undefined) ?? '';
    if (current.length >= MAX_TEXT_CHARS) return;
    const joined = current + text;
    node['#text'] = joined.length > MAX_TEXT_CHARS ? joined.slice(0, MAX_TEXT_CHARS) + CUT : joined;
  }
}

/**
 * A whole JUnit file. Its lenient reading of a file that is not well-formed needs
 * loadXmlParser() first (parseJunitStream, which the action uses, loads it itself).
 */
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
  try {
    for await (const chunk of chunks) parser.write(chunk);
    return parser.finish();
  } catch (error) {
    // Read again rather than kept from the first reading: holding up to 16 MiB of text for the
    // rare file that needs it would cost every large file that memory.
    if (!context.reread || !isLenientlyReadable(error)) throw error;
    const parts: string[] = [];
    let length = 0;
    for await (const chunk of context.reread()) {
      parts.push(chunk);
      length += chunk.length;
      if (length > LENIENT_MAX_CHARS) throw error;
    }
    await loadXmlParser();
    return parseJunitTree(parts.join(''), context);
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
