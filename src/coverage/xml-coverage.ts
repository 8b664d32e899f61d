/**
 * What the XML coverage parsers (Cobertura, JaCoCo, Clover) share: reading a document as a stream
 * of tags with our own tokenizer (parsers/xml-stream.ts), so a 50 MB report takes bounded memory;
 * refusing what is not safe, not XML or not the format's root with a ParseError that names the
 * line; and gathering lines per file, merged by counts. Numbers are read as every format reads
 * them (numbers.ts).
 *
 * Merge rule, for a line stated more than once for one file (coverlet's partial and nested
 * classes, a JaCoCo aggregate naming a file twice, OpenClover's statements sharing a line): the
 * line's hits are the highest stated, so it is covered when any statement of it says so and a line
 * two classes both report is not counted as run twice; its branches are the highest covered of the
 * highest total stated (covered never above total).
 */
import type { CoverageReport, Counts, FileCoverage, FunctionCoverage } from '../model/coverage.js';
import { xmlRootName, xmlRootTag } from '../parsers/dotnet.js';
import { readChunks, readText } from '../parsers/line-reader.js';
import { ParseError, type ParseContext } from '../parsers/parser.js';
import {
  declaresEntities,
  ENTITIES_REFUSED,
  withParseErrors,
  XmlTokenizer,
} from '../parsers/xml-stream.js';
import type { CoverageParser } from './coverage-parser.js';

// ---------------------------------------------------------------------------------------------
// Gathering lines, branches and functions per file

interface MutableCounts {
  covered: number;
  total: number;
}

/** Hits and branches per line, merged by the rule above. */
export class LineCounts {
  readonly hits = new Map<number, number>();
  readonly branches = new Map<number, MutableCounts>();

  get size(): number {
    return this.hits.size;
  }

  addLine(line: number, hits: number): void {
    const known = this.hits.get(line);
    if (known === undefined || hits > known) this.hits.set(line, hits);
  }

  /** Branches of a line already added; ignored when the total is not positive. */
  addBranches(line: number, covered: number, total: number): void {
    if (!(total > 0)) return;
    const known = this.branches.get(line);
    if (!known) {
      this.branches.set(line, { covered: Math.min(covered, total), total });
      return;
    }
    known.total = Math.max(known.total, total);
    known.covered = Math.min(Math.max(known.covered, covered), known.total);
  }

  mergeFrom(other: LineCounts): void {
    for (const [line, hits] of other.hits) this.addLine(line, hits);
    for (const [line, { covered, total }] of other.branches) this.addBranches(line, covered, total);
  }
}

interface FileState {
  readonly lines: LineCounts;
  readonly functions: Map<string, FunctionCoverage>;
  statements?: MutableCounts;
}

/** The files of one report, in the order the report first names them, one entry per path. */
export class CoverageFiles {
  readonly #files = new Map<string, FileState>();

  file(path: string): FileState {
    let state = this.#files.get(path);
    if (!state) {
      state = { lines: new LineCounts(), functions: new Map() };
      this.#files.set(path, state);
    }
    return state;
  }

  addLines(path: string, lines: LineCounts): void {
    this.file(path).lines.mergeFrom(lines);
  }

  /** A function; one named the same at the same line again keeps the higher hits. */
  addFunction(path: string, fn: FunctionCoverage): void {
    const functions = this.file(path).functions;
    const key = `${fn.name}\0${fn.line ?? ''}`;
    const known = functions.get(key);
    if (!known || fn.hits > known.hits) functions.set(key, fn);
  }

  /** One statement of the file: covered or not. */
  addStatement(path: string, covered: boolean): void {
    const state = this.file(path);
    state.statements ??= { covered: 0, total: 0 };
    state.statements.total++;
    if (covered) state.statements.covered++;
  }

  report(format: string, sourceRoots: readonly string[]): CoverageReport {
    const files: FileCoverage[] = [];
    for (const [path, state] of this.#files) {
      const byLine = (a: [number, unknown], b: [number, unknown]) => a[0] - b[0];
      const lines = new Map([...state.lines.hits].sort(byLine));
      const branches = new Map<number, Counts>(
        [...state.lines.branches]
          .sort(byLine)
          .map(([line, { covered, total }]) => [line, { covered, total }]),
      );
      const functions = [...state.functions.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      files.push({
        path,
        lines,
        branches,
        functions,
        ...(state.statements ? { statements: { ...state.statements } } : {}),
      });
    }
    return { format, files, sourceRoots };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the document

/** One format's reading of the tags; `ancestors` are the names of the open elements above. */
export interface CoverageXmlReading {
  /** Every element, the root too (the reader has checked its name already). */
  open(name: string, attributes: Record<string, string>, ancestors: readonly string[]): void;
  close(name: string, ancestors: readonly string[]): void;
  text?(text: string): void;
  /** The report, once the document has ended well-formed. */
  report(): CoverageReport;
}

/** What the reader tells a reading: how to refuse the file. */
export type Fail = (reason: string) => never;

/** An XML coverage format: what the shared reader needs to know of it. */
export interface XmlCoverageFormat {
  /** The id users would type, e.g. `cobertura`. */
  readonly format: string;
  /** The format's name in messages, e.g. `Cobertura`. */
  readonly label: string;
  /** The name of the root element every report of the format has. */
  readonly root: string;
  detect(head: string): boolean;
  /** A fresh reading of one document; `fail` refuses the file. */
  reading(fail: Fail): CoverageXmlReading;
}

/**
 * The parser of an XML coverage format. A whole document is the stream given in one chunk: both
 * feed the same reader.
 */
export function xmlCoverageParser(format: XmlCoverageFormat): CoverageParser {
  const reader = (context: ParseContext) => new CoverageXmlReader(context, format);
  return {
    format: format.format,
    detect: format.detect,
    parse: (source, context) => readText(reader(context), source),
    parseStream: (chunks, context) => readChunks(reader(context), chunks),
  };
}

/** Root elements of other report formats, for saying what a refused file is instead. */
const OTHER_ROOTS: Record<string, string> = {
  coverage: 'a Cobertura or Clover coverage report',
  report: 'a JaCoCo coverage report',
  CoverageSession: 'an OpenCover coverage report',
  scoverage: 'a scoverage report',
  CoverageDSPriv: 'a Visual Studio .coveragexml report',
  Root: 'a dotCover report',
  testsuites: 'a JUnit report',
  testsuite: 'a JUnit report',
  TestRun: 'a Visual Studio TRX report',
  'test-run': 'an NUnit 3 report',
  'test-results': 'an NUnit 2 report',
  assemblies: 'an xUnit.net report',
  html: 'an HTML page',
  checkstyle: 'a Checkstyle report',
};

/** The reason for a document whose root is not the format's. */
function notThisFormat(label: string, root: string, expected: string): string {
  const what = Object.hasOwn(OTHER_ROOTS, root) ? OTHER_ROOTS[root] : undefined;
  return `not a ${label} report: the root element is <${root}>${what ? ` (${what})` : ''}, not <${expected}>`;
}

/**
 * Feeds chunks to the tokenizer and the tokenizer's events to a reading. Everything a reading or
 * the tokenizer refuses comes out as a ParseError with the file's path (and the line, for what
 * the tokenizer refuses: a reading's refusal is about a tag whose exact line it cannot know).
 * A root other than the format's is refused here, before the reading sees it.
 */
class CoverageXmlReader {
  readonly #tokenizer: XmlTokenizer;
  readonly #path: string;
  readonly #label: string;
  readonly #reading: CoverageXmlReading;
  readonly #ancestors: string[] = [];
  #first = true;

  constructor(context: ParseContext, format: XmlCoverageFormat) {
    this.#path = context.path;
    this.#label = format.label;
    // No line: the tokenizer knows only where its current chunk starts, not where the tag is.
    const fail: Fail = (reason) => {
      throw new ParseError(this.#path, reason);
    };
    this.#reading = format.reading(fail);
    this.#tokenizer = new XmlTokenizer({
      doctype: (declaration) => {
        // JaCoCo's and Cobertura's DOCTYPEs name a DTD by URL: it is never fetched. Entities
        // declared inline would be expanded, the way billion-laughs files attack readers.
        if (declaresEntities(declaration)) fail(ENTITIES_REFUSED);
      },
      openTag: (name, attributes, selfClosing) => {
        if (this.#ancestors.length === 0 && name !== format.root) {
          fail(notThisFormat(format.label, name, format.root));
        }
        this.#reading.open(name, attributes, this.#ancestors);
        this.#ancestors.push(name);
        if (selfClosing) this.#close(name);
      },
      closeTag: (name) => this.#close(name),
      text: (text) => this.#reading.text?.(text),
    });
  }

  write(chunk: string): void {
    if (this.#first) {
      const body = chunk.replace(/^\uFEFF/, '');
      const start = body.trimStart();
      if (start !== '') this.#first = false;
      if (/^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!DOCTYPE\s+)?html[\s>]/i.test(start)) {
        throw new ParseError(this.#path, `not a ${this.#label} report: it is an HTML page`);
      }
      if (start !== '' && !start.startsWith('<')) {
        const shown = start.slice(0, 40).split(/\r?\n/, 1)[0]!;
        const blankLines = body.slice(0, body.length - start.length).split('\n').length - 1;
        throw new ParseError(
          this.#path,
          `not a ${this.#label} report: the file is not XML (it starts with "${shown}")`,
          this.#tokenizer.line + blankLines,
        );
      }
    }
    withParseErrors(this.#path, () => this.#tokenizer.write(chunk));
  }

  end(): CoverageReport {
    if (this.#first) throw new ParseError(this.#path, 'the file is empty');
    withParseErrors(this.#path, () => this.#tokenizer.end());
    return this.#reading.report();
  }

  #close(name: string): void {
    this.#ancestors.pop();
    this.#reading.close(name, this.#ancestors);
  }
}

// ---------------------------------------------------------------------------------------------
// Detection

/** The document element's name and its start tag as far as the head holds it. */
export function rootOf(head: string): { name: string; tag: string } | undefined {
  const name = xmlRootName(head);
  if (name === undefined) return undefined;
  const tag = xmlRootTag(head, name);
  return tag === undefined ? undefined : { name, tag };
}

/**
 * Whether a `<coverage>` document is Clover's: its root names the Clover version or the time it
 * was generated (PHPUnit), or a `<project>` follows. Cobertura's root has neither.
 */
export function isCloverCoverage(head: string, rootTag: string): boolean {
  return /\s(?:clover|generated)\s*=/.test(rootTag) || /<project[\s>/]/.test(head);
}
