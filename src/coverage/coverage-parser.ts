import type { CoverageReport } from '../model/coverage.js';
import type { ParseContext } from '../parsers/parser.js';

export { ParseError, type ParseContext } from '../parsers/parser.js';

/** A coverage format: the same shape as a result parser (parsers/parser.ts). */
export interface CoverageParser {
  /** The id users would type, e.g. `cobertura`. */
  readonly format: string;
  /** True when the first few KiB of a file look like this format. Cheap: no full parse. */
  detect(head: string): boolean;
  /** Parses a whole file; throws ParseError when the file is not valid for the format. */
  parse(source: string, context: ParseContext): CoverageReport;
  /** The same from chunks of text, so large files take bounded memory; used when present. */
  parseStream?(chunks: AsyncIterable<string>, context: ParseContext): Promise<CoverageReport>;
}
