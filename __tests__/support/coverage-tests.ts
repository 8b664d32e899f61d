/**
 * What the coverage parsers' tests share: looking a file up in a report, catching a refusal,
 * feeding a document in chunks, holding the formats' detectors against each other, counting a
 * report's totals and finding a row of the coverage corpus.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ParseError, type CoverageParser } from '../../src/coverage/coverage-parser.js';
import { coveragePyJsonParser } from '../../src/coverage/coverage-py-json.js';
import { goCoverParser } from '../../src/coverage/go-cover.js';
import { istanbulParser, istanbulSummaryParser } from '../../src/coverage/istanbul.js';
import { lcovParser } from '../../src/coverage/lcov.js';
import { simplecovParser } from '../../src/coverage/simplecov.js';
import type { CoverageReport, Counts, FileCoverage } from '../../src/model/coverage.js';
import { coverageCorpusFiles, type CoverageCorpusFile } from './coverage-corpus.js';
import { chunksOf } from './counts.js';

// ---------------------------------------------------------------------------------------------
// Reports

/** The file of a report with that path; fails, naming the paths there are, when there is none. */
export function fileOf(report: CoverageReport, path: string): FileCoverage {
  const file = report.files.find((f) => f.path === path);
  assert.ok(file, `no file ${path} in ${report.files.map((f) => f.path).join(', ')}`);
  return file;
}

/** The paths of a report's files, in the report's order. */
export const pathsOf = (report: CoverageReport) => report.files.map((f) => f.path);

/** `{line: value}` as a map by line, in line order: `byLine({3: 1, 4: 0})` for expected lines. */
export function byLine<T>(entries: Readonly<Record<number, T>>): Map<number, T> {
  return new Map(Object.entries(entries).map(([line, value]) => [Number(line), value]));
}

type Metric = 'lines' | 'statements' | 'branches' | 'functions';

/**
 * Covered of total per metric over files, as the action's totals count them: executable lines
 * and covered lines, branches, functions that ran, statements, and any totals a file states.
 */
export function coverageTotals(files: readonly FileCoverage[]): Record<Metric, Counts> {
  const sum = {
    lines: { covered: 0, total: 0 },
    statements: { covered: 0, total: 0 },
    branches: { covered: 0, total: 0 },
    functions: { covered: 0, total: 0 },
  };
  const add = (metric: Metric, covered: number, total: number) => {
    sum[metric].covered += covered;
    sum[metric].total += total;
  };
  for (const file of files) {
    add('lines', [...file.lines.values()].filter((hits) => hits > 0).length, file.lines.size);
    for (const counts of file.branches.values()) add('branches', counts.covered, counts.total);
    add('functions', file.functions.filter((fn) => fn.hits > 0).length, file.functions.length);
    if (file.statements) add('statements', file.statements.covered, file.statements.total);
    for (const metric of ['lines', 'statements', 'branches', 'functions'] as const) {
      const stated = file.totals?.[metric];
      if (stated) add(metric, stated.covered, stated.total);
    }
  }
  return sum;
}

/** `covered/total`, as tools print a ratio. */
export const ratio = (counts: Counts) => `${counts.covered}/${counts.total}`;

/** Covered of total as a pair, as tables of expected totals write it. */
export type Pair = [covered: number, total: number];

/** coverageTotals as pairs. */
export function coveragePairs(files: readonly FileCoverage[]): Record<Metric, Pair> {
  const totals = coverageTotals(files);
  const pair = (metric: Metric): Pair => [totals[metric].covered, totals[metric].total];
  return {
    lines: pair('lines'),
    statements: pair('statements'),
    branches: pair('branches'),
    functions: pair('functions'),
  };
}

// ---------------------------------------------------------------------------------------------
// Refusals

/** The ParseError `run` throws; fails when it throws something else or nothing. */
export function refusal(run: () => unknown): ParseError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ParseError, `not a ParseError: ${String(error)}`);
    return error;
  }
  assert.fail('parsed without a ParseError');
}

/** A malformed input: the test's name, the text, and the line and reason of its ParseError. */
export type RefusalCase = [name: string, text: string, line: number | undefined, reason: RegExp];

/** A test per case: `read` refuses the text with a ParseError naming `file`, the line and reason. */
export function refusalTests(
  cases: readonly RefusalCase[],
  read: (text: string) => unknown,
  file: string,
  testName: (name: string) => string = (name) => name,
): void {
  for (const [name, text, line, reason] of cases) {
    test(testName(name), () => {
      const error = refusal(() => read(text));
      assert.equal(error.file, file);
      assert.equal(error.line, line);
      assert.match(error.reason, reason);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Streaming

/** The chunks given, as the stream a parser reads. */
export async function* streamOf(chunks: readonly string[]): AsyncGenerator<string> {
  for (const chunk of chunks) yield chunk;
}

/** Every split of a text in two, then the text in chunks of each size, as streams. */
function* chunkings(text: string, sizes: readonly number[]) {
  for (let at = 0; at <= text.length; at++) {
    yield { what: `split at ${at}`, chunks: streamOf([text.slice(0, at), text.slice(at)]) };
  }
  for (const size of sizes) yield { what: `chunks of ${size}`, chunks: chunksOf(text, size) };
}

/**
 * The text read as a stream gives the report read whole, however it is cut: in two at every
 * position, and in chunks of each size. Returns the whole text's report.
 */
export async function assertStreamsLikeWhole(
  parser: CoverageParser,
  text: string,
  path: string,
  sizes: readonly number[],
): Promise<CoverageReport> {
  const whole = parser.parse(text, { path });
  for (const { what, chunks } of chunkings(text, sizes)) {
    assert.deepEqual(await parser.parseStream!(chunks, { path }), whole, what);
  }
  return whole;
}

/**
 * The text read as a stream is refused as the whole text is, on the same line and for the same
 * reason, however it is cut. Returns the whole text's refusal.
 */
export async function assertStreamRefusesLikeWhole(
  parser: CoverageParser,
  text: string,
  path: string,
  sizes: readonly number[] = [],
): Promise<ParseError> {
  const whole = refusal(() => parser.parse(text, { path }));
  for (const { what, chunks } of chunkings(text, sizes)) {
    await assert.rejects(
      parser.parseStream!(chunks, { path }),
      (error: unknown) =>
        error instanceof ParseError &&
        error.file === whole.file &&
        error.line === whole.line &&
        error.reason === whole.reason,
      what,
    );
  }
  return whole;
}

// ---------------------------------------------------------------------------------------------
// Detection

/** The parsers of the text coverage formats (the JSON ones and the line-oriented ones). */
export const TEXT_COVERAGE_PARSERS: readonly CoverageParser[] = [
  lcovParser,
  istanbulParser,
  istanbulSummaryParser,
  goCoverParser,
  coveragePyJsonParser,
  simplecovParser,
];

/** The formats of the text coverage parsers that claim a file's head (its first 4 KiB). */
export const claimedBy = (text: string) =>
  TEXT_COVERAGE_PARSERS.filter((parser) => parser.detect(text.slice(0, 4096))).map(
    (parser) => parser.format,
  );

/** A detector claims none of the heads (each named when it does). */
export function assertClaimsNone(
  detect: (head: string) => boolean,
  heads: readonly string[],
): void {
  for (const head of heads) assert.equal(detect(head), false, head);
}

/** `parser` claims the head and no other text coverage parser does. */
export function assertClaimedOnlyBy(parser: CoverageParser, head: string): void {
  for (const other of TEXT_COVERAGE_PARSERS) {
    assert.equal(other.detect(head), other === parser, other.format);
  }
}

// ---------------------------------------------------------------------------------------------
// The coverage corpus

let corpusRows: CoverageCorpusFile[] | undefined;

/** The manifest row of a corpus path; fails when the manifest has none. */
export function corpusRow(localPath: string): CoverageCorpusFile {
  corpusRows ??= coverageCorpusFiles();
  const row = corpusRows.find((candidate) => candidate.localPath === localPath);
  assert.ok(row, `${localPath} is not in the manifest`);
  return row;
}

/** A corpus file read by a parser: its report, or the ParseError that refuses it. */
export function readCorpusFile(
  row: CoverageCorpusFile,
  parser: CoverageParser,
): CoverageReport | ParseError {
  try {
    return parser.parse(readFileSync(row.file, 'utf8'), { path: row.localPath });
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
}
