import type { TestReport } from '../model/tests.js';

/** What a parser is told about the file besides its content. Parsers never touch the disk. */
export interface ParseContext {
  /** The file's path relative to the working directory, for messages. */
  readonly path: string;
  /**
   * Reads the file again from its start, for a stream parser that needs a second look (a JUnit
   * file that is not well-formed gets a lenient reading). Absent: there is no second look.
   */
  readonly reread?: () => AsyncIterable<string>;
}

/** A format's reader, of test results (ResultParser) or coverage (CoverageParser). */
export interface FileParser<T> {
  /** The id users would type, e.g. `junit`. */
  readonly format: string;
  /** True when the first few KiB of a file look like this format. Cheap: no full parse. */
  detect(head: string): boolean;
  /**
   * Loads a library the parser needs, kept out of the action's start-up; awaited before
   * `parse` or `parseStream` (which rely on it).
   */
  load?(): Promise<void>;
  /** Parses a whole file; throws ParseError when the file is not valid for the format. */
  parse(source: string, context: ParseContext): T;
  /**
   * The same from chunks of text, for formats that can be read without holding the file:
   * used, when present, for every file, so large reports take bounded memory.
   */
  parseStream?(chunks: AsyncIterable<string>, context: ParseContext): Promise<T>;
}

export type ResultParser = FileParser<TestReport>;

/** A file that cannot be read as its format: the pipeline reports it by name and goes on. */
export class ParseError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
    this.name = 'ParseError';
  }

  /** The reason with its line, without the file name (shown beside it). */
  get detail(): string {
    return this.line === undefined ? this.reason : `line ${this.line}: ${this.reason}`;
  }
}
