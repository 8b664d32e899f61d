/**
 * Coverage of a pull request's changed lines ("diff coverage"): the lines the diff adds, held
 * against the merged line coverage of the same files. A changed line counts only where the
 * coverage says the line is executable; the rest (comments, blank lines, declarations) are
 * neither covered nor uncovered. Computed as diff-cover computes it, and checked against its
 * expected reports (__tests__/coverage/diff-cover-corpus.test.ts). Pure.
 */

/** Inclusive line range `[start, end]`; `start === end` for a single line. */
export type LineRange = readonly [start: number, end: number];

export interface ChangedFileCoverage {
  /** Repository path. */
  readonly path: string;
  /** How many lines the diff adds to the file. */
  readonly changed: number;
  /** Changed lines the coverage data measures (changed ∩ executable), ascending. */
  readonly coverable: readonly number[];
  /** Coverable changed lines run at least once. */
  readonly covered: readonly number[];
  /** Coverable changed lines never run. */
  readonly uncovered: readonly number[];
  /** `uncovered` joined into ranges of consecutive line numbers (see uncoveredRanges). */
  readonly uncoveredRanges: readonly LineRange[];
  /** covered / coverable × 100, unrounded; undefined when no changed line is coverable. */
  readonly percent: number | undefined;
}

export interface ChangedLineTotals {
  /** Lines the diff adds, over every file given (with coverage data or not). */
  readonly changed: number;
  readonly coverable: number;
  readonly covered: number;
  readonly uncovered: number;
}

export interface ChangedLineCoverage {
  /**
   * Each changed file the coverage data knows, by path; files whose changed lines are all
   * non-executable are here too, with `percent` undefined (diff-cover leaves them out of its
   * list: filter on `coverable.length`).
   */
  readonly files: readonly ChangedFileCoverage[];
  /**
   * Changed files the coverage data says nothing about (no entry, or an entry without line
   * data as summary-only formats give), by path. Not counted as 0%: they may simply not be code
   * the tests measure (docs, config), or not be in the reports that were read.
   */
  readonly filesWithoutCoverage: readonly string[];
  readonly totals: ChangedLineTotals;
  /** totals.covered / totals.coverable × 100, unrounded; undefined when nothing is coverable. */
  readonly diffCoverage: number | undefined;
}

/**
 * @param changed the lines each file adds, by repository path (diff.ts addedLinesByPath). Files
 *   with no added line are skipped: there is nothing of them to cover.
 * @param coverage the merged line hits of each file, by repository path (0: not run).
 */
export function changedLineCoverage(
  changed: ReadonlyMap<string, readonly number[]>,
  coverage: ReadonlyMap<string, ReadonlyMap<number, number>>,
): ChangedLineCoverage {
  const files: ChangedFileCoverage[] = [];
  const filesWithoutCoverage: string[] = [];
  let changedCount = 0;
  let coverable = 0;
  let covered = 0;
  for (const path of [...changed.keys()].sort(comparePaths)) {
    const lines = sortedLineNumbers(changed.get(path)!);
    if (lines.length === 0) continue;
    changedCount += lines.length;
    const hits = coverage.get(path);
    if (!hits || hits.size === 0) {
      filesWithoutCoverage.push(path);
      continue;
    }
    const file = fileCoverage(path, lines, hits);
    coverable += file.coverable.length;
    covered += file.covered.length;
    files.push(file);
  }
  return {
    files,
    filesWithoutCoverage,
    totals: { changed: changedCount, coverable, covered, uncovered: coverable - covered },
    diffCoverage: coverable === 0 ? undefined : (covered / coverable) * 100,
  };
}

function fileCoverage(
  path: string,
  lines: readonly number[],
  hits: ReadonlyMap<number, number>,
): ChangedFileCoverage {
  const coverable: number[] = [];
  const covered: number[] = [];
  const uncovered: number[] = [];
  for (const line of lines) {
    const count = hits.get(line);
    if (count === undefined) continue;
    coverable.push(line);
    (count > 0 ? covered : uncovered).push(line);
  }
  return {
    path,
    changed: lines.length,
    coverable,
    covered,
    uncovered,
    uncoveredRanges: uncoveredRanges(uncovered),
    percent: coverable.length === 0 ? undefined : (covered.length / coverable.length) * 100,
  };
}

/**
 * Uncovered lines joined into ranges where their numbers are consecutive: [2, 3, 4, 8] gives
 * [2, 4] and [8, 8]. A line between two uncovered lines that is not executable (or not
 * changed) breaks the range, as in diff-cover's "Missing lines" (its combine_adjacent_lines
 * joins numbers that differ by one and nothing else): 2 and 4 uncovered with 3 a comment give
 * "2,4", so a range never claims a line that is not an uncovered changed line.
 */
export function uncoveredRanges(lines: readonly number[]): LineRange[] {
  const ranges: LineRange[] = [];
  let start: number | undefined;
  let end = 0;
  for (const line of sortedLineNumbers(lines)) {
    if (start !== undefined && line === end + 1) {
      end = line;
      continue;
    }
    if (start !== undefined) ranges.push([start, end]);
    start = end = line;
  }
  if (start !== undefined) ranges.push([start, end]);
  return ranges;
}

/** The lines of a file's hit counts that never ran, as ranges. */
export function neverRunRanges(hits: ReadonlyMap<number, number>): LineRange[] {
  return uncoveredRanges([...hits].filter(([, count]) => count === 0).map(([line]) => line));
}

/** The changed files with coverable lines, those with the most uncovered lines first. */
export function changedFilesWorstFirst(
  files: readonly ChangedFileCoverage[],
): ChangedFileCoverage[] {
  return files
    .filter((file) => file.coverable.length > 0)
    .sort((a, b) => b.uncovered.length - a.uncovered.length || comparePaths(a.path, b.path));
}

/** A range as GitHub's file view anchors it: `L7`, `L7-L9`. */
export function lineAnchor([start, end]: LineRange): string {
  return start === end ? `L${start}` : `L${start}-L${end}`;
}

/** Ranges as diff-cover writes them: `2-4,8`. */
export function formatLineRanges(ranges: readonly LineRange[]): string {
  return ranges.map(([start, end]) => (start === end ? `${start}` : `${start}-${end}`)).join(',');
}

function sortedLineNumbers(lines: readonly number[]): number[] {
  return [...new Set(lines)].filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);
}

function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
