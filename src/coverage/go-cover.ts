/**
 * Go coverprofiles (`go test -coverprofile=c.out`): a `mode: set|count|atomic` line, then one
 * block a line, `<import path>/file.go:<startLine>.<startCol>,<endLine>.<endCol> <numStmts>
 * <count>`. Read line by line, so a large profile streams.
 *
 * Rules:
 * - The same block (file and span) may come more than once: several packages' runs with
 *   -coverpkg, profiles concatenated. They merge as `go tool cover` merges them
 *   (golang.org/x/tools/cover.ParseProfiles): in set mode covered if any says so, in count and
 *   atomic mode the counts add up; a block stated with two statement counts is a ParseError, as
 *   there.
 * - Statements: the numStmts of the distinct blocks, covered when the block's count is above 0,
 *   which is what `go tool cover -func` prints as `total: (statements) X%`.
 * - Lines: every line a block spans, start to end, is executable; its hits are the highest count
 *   of the blocks that span it, so a line is covered when any block spanning it ran (the `if`
 *   line where a body's block begins stays covered when only the body did not run).
 * - Paths are import paths (`github.com/org/repo/pkg/x.go`), kept as written: mapping them to
 *   repository paths (go.mod, suffix match) is a later stage's.
 * - A repeated `mode:` line (profiles concatenated whole) is skipped when it names the same
 *   mode; blank lines are skipped; anything else that is not a block is a ParseError.
 */
import type { CoverageReport, FileCoverage } from '../model/coverage.js';
import { LineSplitter, readChunks, readText, type LineReader } from '../parsers/line-reader.js';
import { ParseError, type CoverageParser, type ParseContext } from './coverage-parser.js';
import { addHits, hitsOf, isLineNumber, MAX_COUNT, MAX_LINE } from './numbers.js';

export const goCoverParser: CoverageParser = {
  format: 'go',
  detect: detectGoCover,
  parse: parseGoCover,
  parseStream: parseGoCoverStream,
};

const MODE = /^mode: (set|count|atomic)\s*$/;
const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)\s*$/;

/** The first line is the mode line, and the next whole line (if the head has one) a block. */
export function detectGoCover(head: string): boolean {
  const lines = head.replace(/^\uFEFF/, '').split('\n');
  if (!MODE.test(lines[0]!)) return false;
  // A second line the head cut off is not judged.
  const next = lines.length > 2 ? lines[1]!.trim() : '';
  return next === '' || BLOCK.test(next) || MODE.test(next);
}

export function parseGoCover(source: string, context: ParseContext): CoverageReport {
  return readText(new GoCoverReader(context.path), source);
}

/** The same from chunks of text: the file is never held whole. */
export function parseGoCoverStream(
  chunks: AsyncIterable<string>,
  context: ParseContext,
): Promise<CoverageReport> {
  return readChunks(new GoCoverReader(context.path), chunks);
}

// ---------------------------------------------------------------------------------------------

/**
 * The most lines one block may span. A Go block is the statements between two branches; even
 * generated code keeps that far below this. A crafted `1.1,2000000000.1` would otherwise ask for
 * two billion lines from 30 bytes.
 */
const MAX_BLOCK_LINES = 100_000;
/**
 * The lines all blocks together may span: a million, and 64 more for each block (real blocks
 * span 2 to 5 on average), so the lines kept grow with the text read, as in any other format.
 */
const BASE_TOTAL_LINES = 1_000_000;
const LINES_PER_BLOCK = 64;

interface Block {
  readonly startLine: number;
  readonly endLine: number;
  readonly statements: number;
  count: number;
}

class GoCoverReader implements LineReader<CoverageReport> {
  readonly #path: string;
  readonly #splitter: LineSplitter;
  #mode: string | undefined;
  /** Blocks by file, then by their span as written. */
  readonly #files = new Map<string, Map<string, Block>>();
  #spannedLines = 0;
  #blocks = 0;

  constructor(path: string) {
    this.#path = path;
    this.#splitter = new LineSplitter((raw, lineNumber) => this.#line(raw, lineNumber));
  }

  write(chunk: string): void {
    this.#splitter.write(chunk);
  }

  end(): CoverageReport {
    this.#splitter.end();
    if (this.#mode === undefined) throw new ParseError(this.#path, 'the file is empty');
    return {
      format: 'go',
      files: [...this.#files].map(([path, blocks]) => toFile(path, blocks)),
      sourceRoots: [],
    };
  }

  #line(raw: string, lineNumber: number): void {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') return;
    if (line.startsWith('mode:')) {
      const mode = line.slice('mode:'.length).trim();
      if (this.#mode === undefined) {
        if (!/^(?:set|count|atomic)$/.test(mode)) {
          throw new ParseError(
            this.#path,
            `not a Go coverprofile: mode "${mode}" is none of set, count, atomic`,
            lineNumber,
          );
        }
        this.#mode = mode;
      } else if (mode !== this.#mode) {
        throw new ParseError(
          this.#path,
          `mode "${mode}" after mode "${this.#mode}": profiles of two modes cannot merge`,
          lineNumber,
        );
      }
      return;
    }
    if (this.#mode === undefined) {
      throw new ParseError(
        this.#path,
        `not a Go coverprofile: the first line should be "mode: set|count|atomic", not "${shorten(line)}"`,
        lineNumber,
      );
    }
    const match = BLOCK.exec(line);
    if (!match) {
      throw new ParseError(
        this.#path,
        `not a coverprofile block ("file.go:line.col,line.col statements count"): "${shorten(line)}"`,
        lineNumber,
      );
    }
    const [, file, startText, startCol, endText, endCol, statementsText, countText] = match;
    const startLine = Number(startText);
    const endLine = Number(endText);
    if (!isLineNumber(startLine) || endLine > MAX_LINE) {
      throw new ParseError(
        this.#path,
        `line ${startText} or ${endText} is no line number`,
        lineNumber,
      );
    }
    if (endLine < startLine) {
      throw new ParseError(
        this.#path,
        `the block ends on line ${endLine}, before it starts (line ${startLine})`,
        lineNumber,
      );
    }
    if (endLine - startLine >= MAX_BLOCK_LINES) {
      throw new ParseError(
        this.#path,
        `one block spans ${endLine - startLine + 1} lines, more than any Go block can`,
        lineNumber,
      );
    }
    const statements = Number(statementsText);
    if (statements > MAX_COUNT) {
      throw new ParseError(this.#path, `${statementsText} statements in one block`, lineNumber);
    }
    const count = hitsOf(Number(countText));
    let blocks = this.#files.get(file!);
    if (!blocks) {
      blocks = new Map();
      this.#files.set(file!, blocks);
    }
    const key = `${startLine}.${Number(startCol)},${endLine}.${Number(endCol)}`;
    const known = blocks.get(key);
    if (known) {
      if (known.statements !== statements) {
        throw new ParseError(
          this.#path,
          `block ${file}:${key} stated with ${known.statements} statements, now ${statements}`,
          lineNumber,
        );
      }
      known.count =
        this.#mode === 'set'
          ? Math.max(known.count, count > 0 ? 1 : 0)
          : addHits(known.count, count);
      return;
    }
    this.#spannedLines += endLine - startLine + 1;
    this.#blocks++;
    if (this.#spannedLines > BASE_TOTAL_LINES + LINES_PER_BLOCK * this.#blocks) {
      throw new ParseError(
        this.#path,
        `${this.#blocks} blocks span ${this.#spannedLines} lines, far more than Go's blocks do`,
        lineNumber,
      );
    }
    blocks.set(key, {
      startLine,
      endLine,
      statements,
      count: this.#mode === 'set' ? (count > 0 ? 1 : 0) : count,
    });
  }
}

function toFile(path: string, blocks: ReadonlyMap<string, Block>): FileCoverage {
  const lines = new Map<number, number>();
  let total = 0;
  let covered = 0;
  for (const block of blocks.values()) {
    total += block.statements;
    if (block.count > 0) covered += block.statements;
    for (let line = block.startLine; line <= block.endLine; line++) {
      const known = lines.get(line);
      if (known === undefined || block.count > known) lines.set(line, block.count);
    }
  }
  return {
    path,
    lines: new Map([...lines].sort(([a], [b]) => a - b)),
    branches: new Map(),
    functions: [],
    statements: { covered, total },
  };
}

function shorten(line: string): string {
  return line.length > 60 ? `${line.slice(0, 60)}...` : line;
}
