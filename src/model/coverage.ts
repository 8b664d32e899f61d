/**
 * The one coverage model every coverage parser produces. Coverage is kept as counts per file and
 * line, so several reports merge by counts (a line covered in any report is covered), never by
 * averaging percentages. Plain readonly data.
 */

/** How many of something were covered, out of how many. */
export interface Counts {
  readonly covered: number;
  readonly total: number;
}

export interface FunctionCoverage {
  readonly name: string;
  /** Line where the function starts, where the format says. */
  readonly line?: number;
  readonly hits: number;
}

/** Coverage of one source file as one report states it. */
export interface FileCoverage {
  /**
   * The path as the report wrote it, already joined with the report's own root where the format
   * has one per file (JaCoCo package + sourcefile). Mapped to a repository path later.
   */
  readonly path: string;
  /**
   * Hit count of each executable line (0: not run). Empty when the format gives totals only
   * (Istanbul `coverage-summary.json`); then `totals` holds them.
   */
  readonly lines: ReadonlyMap<number, number>;
  /** Branches per line (covered of total), where the format gives branches. */
  readonly branches: ReadonlyMap<number, Counts>;
  /** Functions, where the format gives them. */
  readonly functions: readonly FunctionCoverage[];
  /**
   * Statement counts, where the format counts statements apart from lines (Go coverprofile,
   * Istanbul, coverage.py): what those tools print as their own total.
   */
  readonly statements?: Counts;
  /** Totals the format states without per-line data (summary-only formats). */
  readonly totals?: CoverageTotals;
}

export interface CoverageTotals {
  readonly lines?: Counts;
  readonly branches?: Counts;
  readonly functions?: Counts;
  readonly statements?: Counts;
}

/** The totals a format counts, named, in the order every report lists them. */
export function namedTotals(totals: CoverageTotals): [name: string, counts: Counts][] {
  const named: [string, Counts | undefined][] = [
    ['Lines', totals.lines],
    ['Branches', totals.branches],
    ['Functions', totals.functions],
    ['Statements', totals.statements],
  ];
  return named.filter((row): row is [string, Counts] => row[1] !== undefined);
}

/** Everything one coverage file says. */
export interface CoverageReport {
  readonly format: string;
  readonly files: readonly FileCoverage[];
  /**
   * Directories the report names as roots of its relative paths (Cobertura `<source>`), in
   * the report's order; tried when mapping a file's path to the repository.
   */
  readonly sourceRoots: readonly string[];
}

/** One source file's coverage after every report was merged, under its repository path. */
export interface MergedFile {
  readonly path: string;
  /** Hits per executable line, summed over the reports (covered when any report ran it). */
  readonly lines: ReadonlyMap<number, number>;
  readonly branches: ReadonlyMap<number, Counts>;
  readonly functions: readonly FunctionCoverage[];
  readonly totals: CoverageTotals & { readonly lines: Counts };
}

export interface ProjectCoverage {
  /** Sorted by path. */
  readonly files: readonly MergedFile[];
  readonly totals: CoverageTotals & { readonly lines: Counts };
  /** Paths as reports wrote them that match no file of the repository: kept, and listed. */
  readonly unmapped: readonly string[];
}

/** Percent covered, undefined when nothing is coverable. */
export function percentOf(counts: Counts | undefined): number | undefined {
  if (!counts || counts.total <= 0) return undefined;
  return (100 * counts.covered) / counts.total;
}

/**
 * A percentage with two decimals, cut rather than rounded, so 79.999 never shows as a passing
 * 80.00; undefined when unknown.
 */
export function twoDecimals(percent: number | undefined): string | undefined {
  return percent === undefined ? undefined : (Math.floor(percent * 100) / 100).toFixed(2);
}
