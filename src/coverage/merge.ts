import type {
  CoverageReport,
  CoverageTotals,
  Counts,
  FileCoverage,
  FunctionCoverage,
  MergedFile,
  ProjectCoverage,
} from '../model/coverage.js';
import { omitUndefined } from '../model/objects.js';

/**
 * Maps a path as a report wrote it to the repository's path, trying the report's source roots;
 * undefined when no tracked file matches. Without a resolver (no checkout to match against),
 * paths stay as written and none is listed as unmapped.
 */
export type ResolveCoveragePath = (
  reported: string,
  sourceRoots: readonly string[],
) => string | undefined;

interface Accumulator {
  readonly lines: Map<number, number>;
  readonly branches: Map<number, Counts>;
  readonly functions: Map<string, FunctionCoverage>;
  summary?: CoverageTotals;
  statements?: Counts;
}

/**
 * Merges reports by counts per file and line, never by averaging percentages: a line is
 * executable when any report lists it and covered when any report ran it; a line's branches
 * are the most any report counted (two reports of one run list the same branches). Totals are
 * sums over files. Summary-only data (totals without lines) counts for a file no report lists
 * line by line.
 */
export function mergeCoverage(
  reports: readonly CoverageReport[],
  resolve?: ResolveCoveragePath,
): ProjectCoverage {
  const byPath = new Map<string, Accumulator>();
  const unmapped = new Set<string>();
  for (const report of reports) {
    for (const file of report.files) {
      const mapped = resolve?.(file.path, report.sourceRoots);
      if (resolve && mapped === undefined) unmapped.add(file.path);
      const key = mapped ?? file.path.replace(/\\/g, '/');
      let into = byPath.get(key);
      if (!into) {
        into = { lines: new Map(), branches: new Map(), functions: new Map() };
        byPath.set(key, into);
      }
      addFile(into, file);
    }
  }
  const files = [...byPath]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, accumulator]) => finishFile(path, accumulator));
  return { files, totals: sumTotals(files), unmapped: [...unmapped].sort() };
}

function addFile(into: Accumulator, file: FileCoverage): void {
  for (const [line, hits] of file.lines) into.lines.set(line, (into.lines.get(line) ?? 0) + hits);
  for (const [line, counts] of file.branches) {
    into.branches.set(line, maxCounts(into.branches.get(line), counts)!);
  }
  for (const fn of file.functions) {
    const key = `${fn.name}\u0000${fn.line ?? ''}`;
    const known = into.functions.get(key);
    into.functions.set(key, known ? { ...known, hits: known.hits + fn.hits } : fn);
  }
  if (file.totals) into.summary = maxTotals(into.summary, file.totals);
  if (file.statements) into.statements = maxCounts(into.statements, file.statements);
}

function finishFile(path: string, accumulator: Accumulator): MergedFile {
  const { lines, branches, summary } = accumulator;
  const functions = [...accumulator.functions.values()];
  const byLines = lines.size > 0;
  const lineCounts: Counts = byLines
    ? { covered: countWhere(lines.values(), (hits) => hits > 0), total: lines.size }
    : (summary?.lines ?? { covered: 0, total: 0 });
  // A report may count branches without placing them on lines (a trimmed coverage.py file):
  // its count stands when no report gives branches per line.
  const branchCounts =
    branches.size > 0
      ? [...branches.values()].reduce(addCounts, { covered: 0, total: 0 })
      : summary?.branches;
  const functionCounts =
    functions.length > 0
      ? { covered: countWhere(functions, (fn) => fn.hits > 0), total: functions.length }
      : byLines
        ? undefined
        : summary?.functions;
  const statements = accumulator.statements ?? (byLines ? undefined : summary?.statements);
  return {
    path,
    lines,
    branches,
    functions,
    totals: omitUndefined({
      lines: lineCounts,
      branches: branchCounts,
      functions: functionCounts,
      statements,
    }),
  };
}

function sumTotals(files: readonly MergedFile[]): ProjectCoverage['totals'] {
  const sum = (pick: (totals: CoverageTotals) => Counts | undefined) => {
    const present = files.map((f) => pick(f.totals)).filter((c): c is Counts => c !== undefined);
    return present.length > 0 ? present.reduce(addCounts, { covered: 0, total: 0 }) : undefined;
  };
  return omitUndefined({
    lines: sum((t) => t.lines) ?? { covered: 0, total: 0 },
    branches: sum((t) => t.branches),
    functions: sum((t) => t.functions),
    statements: sum((t) => t.statements),
  });
}

/** Line hits per repository path: what changed-line coverage intersects with a diff. */
export function lineHitsByPath(
  coverage: ProjectCoverage,
): ReadonlyMap<string, ReadonlyMap<number, number>> {
  return new Map(coverage.files.map((file) => [file.path, file.lines]));
}

function addCounts(a: Counts, b: Counts): Counts {
  return { covered: a.covered + b.covered, total: a.total + b.total };
}

function maxCounts(a: Counts | undefined, b: Counts | undefined): Counts | undefined {
  if (!a) return b;
  if (!b) return a;
  return { covered: Math.max(a.covered, b.covered), total: Math.max(a.total, b.total) };
}

function maxTotals(a: CoverageTotals | undefined, b: CoverageTotals): CoverageTotals {
  return omitUndefined({
    lines: maxCounts(a?.lines, b.lines),
    branches: maxCounts(a?.branches, b.branches),
    functions: maxCounts(a?.functions, b.functions),
    statements: maxCounts(a?.statements, b.statements),
  });
}

function countWhere<T>(items: Iterable<T>, predicate: (item: T) => boolean): number {
  let count = 0;
  for (const item of items) if (predicate(item)) count++;
  return count;
}
