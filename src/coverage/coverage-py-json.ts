/**
 * coverage.py's JSON report (`coverage json`, format 1 to 3: coverage 5 to 7):
 * `{meta, files: {<path>: {executed_lines, missing_lines, excluded_lines, summary,
 * executed_branches?, missing_branches?, functions?, classes?}}, totals}`.
 *
 * - Lines: executed and missing lines are the executable ones (hits 1 and 0: coverage.py counts
 *   no hits); excluded lines are not executable, even when also listed as executed (coverage.py
 *   lists the `def` line of an excluded function that ran in both).
 * - Branches: the arcs `[from, to]` of executed_branches and missing_branches, counted on their
 *   `from` line (a negative `to` is an exit): what coverage.py's num_branches and
 *   covered_branches count. A file whose summary counts branches but lists no arcs (a trimmed
 *   fixture) has those counts as its `totals.branches`, with no branches per line.
 * - Statements: the summary's num_statements and covered_lines, which coverage.py's own report
 *   prints; from the lists where a file has no summary.
 * - Functions (format 3, coverage 7.5+): each named entry of `functions` (not "", the code
 *   outside functions), run when any of its lines was, on its first line.
 * - `totals` is the sum of the files and is not read; a fixture's `percent_covered` as a fraction
 *   does not matter either.
 */
import type { CoverageReport, Counts, FileCoverage, FunctionCoverage } from '../model/coverage.js';
import {
  isObject,
  numberField,
  objectField,
  parseJsonObject,
  type JsonObject,
  JSON_KEY_PATTERN as KEY,
  shownJson,
} from '../parsers/json-report.js';
import { ParseError, type CoverageParser, type ParseContext } from './coverage-parser.js';
import { isLineNumber, isStatedCount } from './numbers.js';

export const coveragePyJsonParser: CoverageParser = {
  format: 'coverage-py',
  detect: detectCoveragePyJson,
  parse: parseCoveragePyJson,
};

const WHAT = 'a coverage.py JSON report';
/** `{"meta": {"format"|"version"|...`: coverage.py writes meta first, with these keys. */
const META_HEAD =
  /^\s*\{\s*"meta"\s*:\s*\{\s*"(?:format|version|timestamp|branch_coverage|show_contexts)"\s*:/;
/** Without meta (a hand-trimmed fixture): the first file's lists. */
const FILES_HEAD = new RegExp(
  String.raw`^\s*\{\s*"files"\s*:\s*\{\s*${KEY}\s*:\s*\{\s*"(?:executed_lines|missing_lines|excluded_lines|summary)"\s*:`,
);

export function detectCoveragePyJson(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '');
  if (FILES_HEAD.test(text)) return true;
  // meta is a few short fields: the head holds all of it, so ask for branch_coverage too.
  return META_HEAD.test(text) && /"branch_coverage"\s*:\s*(?:true|false)/.test(text);
}

export function parseCoveragePyJson(source: string, context: ParseContext): CoverageReport {
  const path = context.path;
  const document = parseJsonObject(source, path, WHAT);
  const files = document['files'];
  if (!isObject(files)) {
    throw new ParseError(path, `not ${WHAT}: there is no "files" object`);
  }
  return {
    format: 'coverage-py',
    files: Object.entries(files).map(([key, value]) => readFile(key, value, path)),
    sourceRoots: [],
  };
}

function readFile(key: string, value: unknown, path: string): FileCoverage {
  if (!isObject(value)) {
    throw new ParseError(path, `not ${WHAT}: files["${key}"] is not an object`);
  }
  const where = `files["${key}"]`;
  const executed = lineList(value, 'executed_lines', where, path);
  const missing = lineList(value, 'missing_lines', where, path);
  if (executed === undefined && missing === undefined) {
    throw new ParseError(
      path,
      `not ${WHAT}: ${where} has neither "executed_lines" nor "missing_lines"`,
    );
  }
  // coverage.py lists an excluded line that ran (the `def` line of a `# pragma: no cover`
  // function) as executed too; excluded wins, as in its own counts.
  const excluded = new Set(lineList(value, 'excluded_lines', where, path));
  const lines = new Map<number, number>();
  for (const line of missing ?? []) if (!excluded.has(line)) lines.set(line, 0);
  for (const line of executed ?? []) if (!excluded.has(line)) lines.set(line, 1);

  const branches = new Map<number, { covered: number; total: number }>();
  for (const [field, run] of [
    ['executed_branches', true],
    ['missing_branches', false],
  ] as const) {
    for (const from of arcSources(value, field, where, path)) {
      const known = branches.get(from) ?? { covered: 0, total: 0 };
      known.total++;
      if (run) known.covered++;
      branches.set(from, known);
    }
  }

  const summary = objectField(value, 'summary');
  const statementsTotal = summaryCount(summary, 'num_statements', where, path);
  const statementsCovered = summaryCount(summary, 'covered_lines', where, path);
  const statements: Counts =
    statementsTotal !== undefined && statementsCovered !== undefined
      ? { covered: Math.min(statementsCovered, statementsTotal), total: statementsTotal }
      : { covered: [...lines.values()].filter((hits) => hits > 0).length, total: lines.size };

  // A summary that counts branches whose arcs are not listed (a trimmed fixture): its counts.
  const branchesTotal = summaryCount(summary, 'num_branches', where, path);
  const branchesCovered = summaryCount(summary, 'covered_branches', where, path);
  const statedBranches =
    branches.size === 0 &&
    value['executed_branches'] === undefined &&
    value['missing_branches'] === undefined &&
    branchesTotal !== undefined &&
    branchesTotal > 0 &&
    branchesCovered !== undefined
      ? { covered: Math.min(branchesCovered, branchesTotal), total: branchesTotal }
      : undefined;

  return {
    path: key,
    lines: new Map([...lines].sort(([a], [b]) => a - b)),
    branches: new Map([...branches].sort(([a], [b]) => a - b)),
    functions: readFunctions(value, where, path),
    statements,
    ...(statedBranches ? { totals: { branches: statedBranches } } : {}),
  };
}

function readFunctions(file: JsonObject, where: string, path: string): FunctionCoverage[] {
  const functions = objectField(file, 'functions');
  if (!functions) return [];
  const found: FunctionCoverage[] = [];
  for (const [name, value] of Object.entries(functions)) {
    if (name === '' || !isObject(value)) continue;
    const at = `${where}.functions["${name}"]`;
    const excluded = new Set(lineList(value, 'excluded_lines', at, path));
    const measured = (field: string) =>
      (lineList(value, field, at, path) ?? []).filter((line) => !excluded.has(line));
    const executed = measured('executed_lines');
    const all = [...executed, ...measured('missing_lines')];
    // A function all of whose lines are excluded is not measured.
    if (all.length === 0) continue;
    const start = numberField(value, 'start_line');
    const line = isLineNumber(start) ? start : all.reduce((a, b) => Math.min(a, b));
    found.push({ name, line, hits: executed.length > 0 ? 1 : 0 });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------

/** A list of line numbers; undefined when absent, a ParseError when it is anything else. */
function lineList(
  object: JsonObject,
  field: string,
  where: string,
  path: string,
): number[] | undefined {
  const value = object[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw new ParseError(path, `${where}.${field} is not an array of line numbers`);
  }
  return value.map((item, index) => {
    if (!isLineNumber(item)) {
      throw new ParseError(
        path,
        `${where}.${field}[${index}] is ${JSON.stringify(item) ?? 'missing'}, not a line number`,
      );
    }
    return item;
  });
}

/** The `from` lines of a list of arcs `[from, to]`. */
function arcSources(object: JsonObject, field: string, where: string, path: string): number[] {
  const value = object[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ParseError(path, `${where}.${field} is not an array of [from, to] arcs`);
  }
  return value.map((arc, index) => {
    if (
      !Array.isArray(arc) ||
      arc.length !== 2 ||
      !isLineNumber(arc[0]) ||
      typeof arc[1] !== 'number' ||
      !Number.isInteger(arc[1])
    ) {
      throw new ParseError(
        path,
        `${where}.${field}[${index}] is ${shownJson(arc)}, not an arc [from line, to line]`,
      );
    }
    return arc[0];
  });
}

function summaryCount(
  summary: JsonObject | undefined,
  field: string,
  where: string,
  path: string,
): number | undefined {
  if (summary?.[field] === undefined) return undefined;
  const number = numberField(summary, field);
  if (!isStatedCount(number)) {
    throw new ParseError(
      path,
      `${where}.summary.${field} is ${shownJson(summary[field])}, not a count`,
    );
  }
  return number;
}
