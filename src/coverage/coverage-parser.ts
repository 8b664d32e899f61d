import type { CoverageReport } from '../model/coverage.js';
import type { FileParser } from '../parsers/parser.js';

export { ParseError, type ParseContext } from '../parsers/parser.js';

/** A coverage format: read as result files are (parsers/parser.ts). */
export type CoverageParser = FileParser<CoverageReport>;
