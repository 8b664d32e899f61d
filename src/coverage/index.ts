import { cloverParser } from './clover.js';
import { coberturaParser } from './cobertura.js';
import type { CoverageParser } from './coverage-parser.js';
import { coveragePyJsonParser } from './coverage-py-json.js';
import { goCoverParser } from './go-cover.js';
import { istanbulParser, istanbulSummaryParser } from './istanbul.js';
import { jacocoParser } from './jacoco.js';
import { lcovParser } from './lcov.js';
import { simplecovParser } from './simplecov.js';

/** Every coverage format the action reads. A new format is one file and one line here. */
export const coverageParsers: readonly CoverageParser[] = [
  // Clover and Cobertura both have a <coverage> root: Clover's check looks for its <project>.
  cloverParser,
  coberturaParser,
  jacocoParser,
  lcovParser,
  istanbulParser,
  istanbulSummaryParser,
  coveragePyJsonParser,
  simplecovParser,
  goCoverParser,
];

/** The parser whose format the file's first bytes show, if any. */
export function detectCoverageParser(head: string): CoverageParser | undefined {
  return coverageParsers.find((parser) => parser.detect(head));
}
