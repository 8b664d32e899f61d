/**
 * Istanbul's two JSON reports, as nyc, Jest, c8 and Vitest write them:
 *
 * - `coverage-final.json` (the `json` reporter): per file `statementMap`/`s`, `fnMap`/`f`,
 *   `branchMap`/`b`. Lines are read as istanbul-lib-coverage's `getLineCoverage()` reads them: a
 *   statement's line is its start line, and a line's hits are the highest of its statements'.
 *   Statements are the entries of `s`, functions those of `f`, branches those of `b`, each on
 *   the line its `branchMap` entry starts (as Istanbul's lcov reporter writes BRDA), which is
 *   what Istanbul's own text summary counts. A Jest `--json --coverage` report is read too: its
 *   `coverageMap` holds the same data (detected as a test report, read here when named).
 * - `coverage-summary.json` (the `json-summary` reporter): totals only, per file `lines`,
 *   `statements`, `functions`, `branches` as `{total, covered, skipped, pct}`; `pct` is not read
 *   (it may be "Unknown"), and the `total` entry is the sum, not a file.
 *
 * Hit counts follow the other coverage formats: negative ones are 0, fractions round up, and
 * counts above 2^53 are capped; a count that is no number is a ParseError.
 */
import type {
  CoverageReport,
  CoverageTotals,
  Counts,
  FileCoverage,
  FunctionCoverage,
} from '../model/coverage.js';
import {
  isObject,
  numberField,
  objectField,
  parseJsonObject,
  stringField,
  type JsonObject,
  JSON_KEY_PATTERN as KEY,
} from '../parsers/json-report.js';
import { ParseError, type CoverageParser, type ParseContext } from './coverage-parser.js';
import { isLineNumber, isStatedCount, jsonHits } from './numbers.js';

export const istanbulParser: CoverageParser = {
  format: 'istanbul',
  detect: detectIstanbul,
  parse: parseIstanbul,
};

export const istanbulSummaryParser: CoverageParser = {
  format: 'istanbul-summary',
  detect: detectIstanbulSummary,
  parse: parseIstanbulSummary,
};

/** The first key is a file, whose object starts with one of a file coverage's own keys. */
const FINAL_HEAD = new RegExp(
  String.raw`^\s*\{\s*${KEY}\s*:\s*\{\s*"(?:path|statementMap|fnMap|branchMap|s|f|b|all|hash|_coverageSchema|inputSourceMap|data)"\s*:`,
);
const SUMMARY_HEAD =
  /^\s*\{\s*"total"\s*:\s*\{\s*"(?:lines|statements|functions|branches)"\s*:\s*\{/;

/** `{"<file>": {"path": ..., "statementMap": ...`: a file's keys first, a statementMap near. */
export function detectIstanbul(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '');
  return FINAL_HEAD.test(text) && text.includes('"statementMap"');
}

/** `{"total": {"lines": {...`: the summary reporter writes the total first. */
export function detectIstanbulSummary(head: string): boolean {
  return SUMMARY_HEAD.test(head.replace(/^\uFEFF/, ''));
}

// ---------------------------------------------------------------------------------------------
// coverage-final.json

const FINAL = 'an Istanbul coverage-final.json';

export function parseIstanbul(source: string, context: ParseContext): CoverageReport {
  const path = context.path;
  let map = parseJsonObject(source, path, FINAL);
  if ('coverageMap' in map || Array.isArray(map['testResults'])) {
    // Jest's --json report: the coverage is its coverageMap.
    const coverageMap = objectField(map, 'coverageMap');
    if (!coverageMap) {
      throw new ParseError(
        path,
        'a Jest JSON report without coverage: its "coverageMap" is missing (run Jest with --coverage)',
      );
    }
    map = coverageMap;
  }
  const files: FileCoverage[] = [];
  for (const [key, value] of Object.entries(map)) {
    files.push(readFinalFile(key, value, path));
  }
  return { format: 'istanbul', files, sourceRoots: [] };
}

function readFinalFile(key: string, value: unknown, path: string): FileCoverage {
  let data = value;
  // A FileCoverage object serialised without its toJSON: the data is under "data".
  if (isObject(data) && !('statementMap' in data) && isObject(data['data'])) data = data['data'];
  if (!isObject(data) || !isObject(data['statementMap']) || !isObject(data['s'])) {
    throw new ParseError(
      path,
      `not ${FINAL}: "${key}" is ${describe(data)}, not a file's coverage with "statementMap" and "s"`,
    );
  }
  const where = (what: string) => `"${key}" ${what}`;
  const statementMap = data['statementMap'];
  const lines = new Map<number, number>();
  let statementsCovered = 0;
  let statementsTotal = 0;
  for (const [id, value] of Object.entries(data['s'])) {
    const hits = hitCount(value, path, () => where(`s["${id}"]`));
    statementsTotal++;
    if (hits > 0) statementsCovered++;
    const location = objectField(statementMap, id);
    // getLineCoverage() skips a count without a statement; so do we.
    if (!location) continue;
    const line = startLine(location, path, () => where(`statementMap["${id}"]`));
    if (line === undefined) continue;
    const known = lines.get(line);
    if (known === undefined || known < hits) lines.set(line, hits);
  }

  const functions: FunctionCoverage[] = [];
  const fnMap = objectField(data, 'fnMap');
  for (const [id, value] of entriesOf(data, 'f', path, key)) {
    const hits = hitCount(value, path, () => where(`f["${id}"]`));
    const meta = objectField(fnMap, id);
    const what = () => where(`fnMap["${id}"]`);
    const line =
      startLine(objectField(meta, 'decl'), path, what) ??
      startLine(objectField(meta, 'loc'), path, what) ??
      lineField(meta, 'line', path, what);
    functions.push({
      name: stringField(meta, 'name') ?? `(anonymous_${id})`,
      ...(line === undefined ? {} : { line }),
      hits,
    });
  }

  const branches = new Map<number, Counts>();
  const branchMap = objectField(data, 'branchMap');
  for (const [id, value] of entriesOf(data, 'b', path, key)) {
    if (!Array.isArray(value)) {
      throw new ParseError(
        path,
        `${where(`b["${id}"]`)} is ${describe(value)}, not an array of counts`,
      );
    }
    const counts = value.map((item, index) =>
      hitCount(item, path, () => where(`b["${id}"][${index}]`)),
    );
    const meta = objectField(branchMap, id);
    const what = () => where(`branchMap["${id}"]`);
    const firstLocation = Array.isArray(meta?.['locations']) ? meta['locations'][0] : undefined;
    const line =
      startLine(objectField(meta, 'loc'), path, what) ??
      lineField(meta, 'line', path, what) ??
      (isObject(firstLocation) ? startLine(firstLocation, path, what) : undefined);
    // Istanbul's lcov reporter leaves out a branch without its map entry; so do we.
    if (line === undefined || counts.length === 0) continue;
    const known = branches.get(line) ?? { covered: 0, total: 0 };
    branches.set(line, {
      covered: known.covered + counts.filter((count) => count > 0).length,
      total: known.total + counts.length,
    });
  }

  return {
    path: stringField(data, 'path') ?? key,
    lines: new Map([...lines].sort(([a], [b]) => a - b)),
    branches,
    functions,
    statements: { covered: statementsCovered, total: statementsTotal },
  };
}

/** The entries of an object field (`f`, `b`); absent is none, another type a ParseError. */
function entriesOf(
  data: JsonObject,
  field: string,
  path: string,
  key: string,
): [string, unknown][] {
  const value = data[field];
  if (value === undefined) return [];
  if (!isObject(value)) {
    throw new ParseError(path, `not ${FINAL}: "${key}" has ${describe(value)} as "${field}"`);
  }
  return Object.entries(value);
}

/** `location.start.line`, where the location has one; 0 (V8's "no line") is none. */
function startLine(
  location: JsonObject | undefined,
  path: string,
  what: () => string,
): number | undefined {
  return lineField(objectField(location, 'start'), 'line', path, what);
}

function lineField(
  object: JsonObject | undefined,
  key: string,
  path: string,
  what: () => string,
): number | undefined {
  const value = object?.[key];
  if (value === undefined || value === null || value === 0) return undefined;
  if (isLineNumber(value)) return value;
  throw new ParseError(path, `${what()} has ${describe(value)} as its line`);
}

// ---------------------------------------------------------------------------------------------
// coverage-summary.json

const SUMMARY = 'an Istanbul coverage-summary.json';
const METRICS = ['lines', 'statements', 'functions', 'branches'] as const;

export function parseIstanbulSummary(source: string, context: ParseContext): CoverageReport {
  const path = context.path;
  const document = parseJsonObject(source, path, SUMMARY);
  if (!isObject(document['total'])) {
    throw new ParseError(path, `not ${SUMMARY}: there is no "total" entry`);
  }
  readTotals('total', document['total'], path);
  const files: FileCoverage[] = [];
  for (const [key, value] of Object.entries(document)) {
    if (key === 'total') continue;
    files.push({
      path: key,
      lines: new Map(),
      branches: new Map(),
      functions: [],
      totals: readTotals(key, value, path),
    });
  }
  return { format: 'istanbul-summary', files, sourceRoots: [] };
}

function readTotals(key: string, value: unknown, path: string): CoverageTotals {
  if (!isObject(value)) {
    throw new ParseError(
      path,
      `not ${SUMMARY}: "${key}" is ${describe(value)}, not an object of totals`,
    );
  }
  const totals: { -readonly [K in keyof CoverageTotals]: Counts } = {};
  for (const metric of METRICS) {
    if (value[metric] === undefined) continue;
    const counts = value[metric];
    const what = `"${key}".${metric}`;
    if (!isObject(counts)) {
      throw new ParseError(path, `${what} is ${describe(counts)}, not {total, covered}`);
    }
    const total = summaryCount(counts, 'total', what, path);
    const covered = summaryCount(counts, 'covered', what, path);
    if (covered > total) {
      throw new ParseError(path, `${what} has ${covered} covered of ${total}`);
    }
    totals[metric] = { covered, total };
  }
  if (Object.keys(totals).length === 0) {
    throw new ParseError(
      path,
      `not ${SUMMARY}: "${key}" has none of lines, statements, functions, branches`,
    );
  }
  return totals;
}

function summaryCount(counts: JsonObject, field: string, what: string, path: string): number {
  const number = numberField(counts, field);
  if (!isStatedCount(number)) {
    throw new ParseError(path, `${what}.${field} is ${describe(counts[field])}, not a count`);
  }
  return number;
}

// ---------------------------------------------------------------------------------------------

/** A hit count (a number or a numeric string), as hitsOf keeps it; anything else a ParseError. */
function hitCount(value: unknown, path: string, what: () => string): number {
  const hits = jsonHits(typeof value === 'string' && value.trim() !== '' ? Number(value) : value);
  if (hits === undefined) {
    throw new ParseError(path, `${what()} is ${describe(value)}, not a hit count`);
  }
  return hits;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}...` : value);
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'missing';
  return String(value);
}
