/**
 * SimpleCov's `coverage/.resultset.json`: `{"<command name>": {"coverage": {"<path>": {"lines":
 * [null | hits, ...], "branches"?: {...}}}, "timestamp": <s>}}`; before SimpleCov 0.18 a file's
 * value is the lines array itself.
 *
 * - Lines: index 0 is line 1; null is a line that is not executable.
 * - Branches: `"[:if, 0, 4, 4, 4, 54]": {"[:then, 1, 4, 4, 4, 34]": 1, "[:else, ...]": 0}`, Ruby's
 *   inspect of `[type, id, start line, start column, end line, end column]`: each inner branch is
 *   one branch, counted on the line of its condition (the outer key's start line), covered when
 *   its count is above 0.
 * - Several command names (RSpec and Minitest, parallel_tests' `RSpec 1/8` ...) merge as
 *   SimpleCov merges them: the hits of a line, and of a branch, add up; a line executable in one
 *   is executable. Unlike SimpleCov, results are merged whatever their timestamps.
 * - Paths are kept as written (absolute, from the machine that ran the tests).
 * - Hits: negative ones are 0 and counts above 2^53 capped, as in the other formats; anything
 *   else but null and a number is a ParseError.
 */
import type { CoverageReport, FileCoverage } from '../model/coverage.js';
import {
  isObject,
  parseJsonObject,
  type JsonObject,
  JSON_KEY_PATTERN as KEY,
  shownJson,
} from '../parsers/json-report.js';
import { ParseError, type CoverageParser, type ParseContext } from './coverage-parser.js';
import { addHits, isLineNumber, jsonHits } from './numbers.js';

export const simplecovParser: CoverageParser = {
  format: 'simplecov',
  detect: detectSimplecov,
  parse: parseSimplecov,
};

const WHAT = 'a SimpleCov .resultset.json';
/** A command name, then its coverage (timestamp first, if a writer sorted keys), then a file. */
const HEAD = new RegExp(
  String.raw`^\s*\{\s*${KEY}\s*:\s*\{\s*(?:"timestamp"\s*:\s*[\d.eE+]+\s*,\s*)?"coverage"\s*:\s*\{\s*(?:${KEY}\s*:\s*(?:\{\s*"(?:lines|branches)"\s*:|\[)|\})`,
);

export function detectSimplecov(head: string): boolean {
  return HEAD.test(head.replace(/^\uFEFF/, ''));
}

export function parseSimplecov(source: string, context: ParseContext): CoverageReport {
  const path = context.path;
  const document = parseJsonObject(source, path, WHAT);
  const files = new Map<string, FileState>();
  for (const [command, result] of Object.entries(document)) {
    const coverage = isObject(result) ? result['coverage'] : undefined;
    if (!isObject(coverage)) {
      throw new ParseError(
        path,
        `not ${WHAT}: "${command}" holds ${shownJson(result)}, not a command's {"coverage": {...}}`,
      );
    }
    for (const [file, data] of Object.entries(coverage)) {
      let state = files.get(file);
      if (!state) {
        state = { lines: new Map(), branches: new Map() };
        files.set(file, state);
      }
      readFile(state, data, `"${command}".coverage["${file}"]`, path);
    }
  }
  return {
    format: 'simplecov',
    files: [...files].map(([file, state]) => toFile(file, state)),
    sourceRoots: [],
  };
}

interface FileState {
  readonly lines: Map<number, number>;
  /** Branch hits by condition key and branch key, with the condition's line. */
  readonly branches: Map<string, { readonly line: number; readonly hits: Map<string, number> }>;
}

function readFile(state: FileState, data: unknown, where: string, path: string): void {
  const lines = Array.isArray(data) ? data : isObject(data) ? data['lines'] : undefined;
  if (!Array.isArray(lines)) {
    throw new ParseError(
      path,
      `not ${WHAT}: ${where} is ${shownJson(data)}, not {"lines": [...]} or a lines array`,
    );
  }
  lines.forEach((value, index) => {
    if (value === null) return;
    const hits = hitCount(value, () => `${where}.lines[${index}] (line ${index + 1})`, path);
    const line = index + 1;
    state.lines.set(line, addHits(state.lines.get(line) ?? 0, hits));
  });
  const branches = isObject(data) ? data['branches'] : undefined;
  if (branches === undefined || branches === null) return;
  if (!isObject(branches)) {
    throw new ParseError(path, `${where}.branches is ${shownJson(branches)}, not an object`);
  }
  for (const [condition, inner] of Object.entries(branches)) {
    const line = conditionLine(condition);
    if (line === undefined) {
      throw new ParseError(
        path,
        `${where}.branches has the key ${shownJson(condition)}, not "[:type, id, line, column, line, column]"`,
      );
    }
    if (!isObject(inner)) {
      throw new ParseError(
        path,
        `${where}.branches[${shownJson(condition)}] is ${shownJson(inner)}, not an object`,
      );
    }
    let known = state.branches.get(condition);
    if (!known) {
      known = { line, hits: new Map() };
      state.branches.set(condition, known);
    }
    for (const [branch, value] of Object.entries(inner as JsonObject)) {
      const hits = hitCount(
        value,
        () => `${where}.branches[${shownJson(condition)}][${shownJson(branch)}]`,
        path,
      );
      known.hits.set(branch, addHits(known.hits.get(branch) ?? 0, hits));
    }
  }
}

/** The start line of `[:if, 0, 4, 4, 4, 54]` (the third of six; the type may be `:"&."`). */
function conditionLine(key: string): number | undefined {
  const text = key.trim();
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  const fields = text
    .slice(1, -1)
    .split(',')
    .map((field) => field.trim());
  if (fields.length < 6) return undefined;
  const numbers = fields.slice(-5);
  if (!numbers.every((field) => /^-?\d+$/.test(field))) return undefined;
  const line = Number(numbers[1]);
  return isLineNumber(line) ? line : undefined;
}

function toFile(path: string, state: FileState): FileCoverage {
  const branches = new Map<number, { covered: number; total: number }>();
  for (const { line, hits } of state.branches.values()) {
    if (hits.size === 0) continue;
    const known = branches.get(line) ?? { covered: 0, total: 0 };
    for (const count of hits.values()) {
      known.total++;
      if (count > 0) known.covered++;
    }
    branches.set(line, known);
  }
  return {
    path,
    lines: new Map([...state.lines].sort(([a], [b]) => a - b)),
    branches: new Map([...branches].sort(([a], [b]) => a - b)),
    functions: [],
  };
}

// ---------------------------------------------------------------------------------------------

/** A hit count of the resultset: a JSON number; anything else is a ParseError. */
function hitCount(value: unknown, what: () => string, path: string): number {
  const hits = jsonHits(value);
  if (hits === undefined) {
    throw new ParseError(path, `${what()} is ${shownJson(value)}, not a hit count or null`);
  }
  return hits;
}
