/**
 * LCOV tracefiles (`lcov.info`): geninfo/lcov 1.x and 2.x, and what Istanbul, c8, coverage.py,
 * coverlet, grcov and others write in that format. Read line by line, so an 18 MB tracefile
 * streams in bounded memory (the lines kept are the model's, not the text's).
 *
 * Records, between `SF:<path>` and `end_of_record`:
 * - `DA:<line>,<hits>[,<checksum>]`: a line and its hits. The checksum is ignored.
 * - `BRDA:<line>,<block>,<branch>,<taken>`: one branch of the line; `-` means the block never
 *   ran (0 taken). The block may carry lcov 2's `e` (exception) prefix and the branch may be an
 *   expression with commas: only the line and the last field are read.
 * - `FN:<line>,<name>` and lcov 2's `FN:<line>,<end line>,<name>`; `FNDA:<hits>,<name>`
 *   matched to the FN of the same name (the k-th FNDA of a name to the k-th FN of it, since V8
 *   names two functions alike); lcov 2.2's `FNL:<index>,<line>[,<end>]` with its
 *   `FNA:<index>,<hits>,<alias>` lines (one function per index, hits summed over its aliases).
 * - `TN`, `LF/LH`, `BRF/BRH`, `FNF/FNH`, `VER`, `MCDC` and any other `KEY:` record: not needed;
 *   totals are recounted from the records above, never taken from LF/LH.
 *
 * Rules:
 * - The same SF in two records of one file (lcov -a without merging, several test names)
 *   merges as lcov merges tracefiles: hits of a line, branch (line, block, branch) and function
 *   (name, line) add up.
 * - A negative hit count (a known gcov bug on counters that wrap; lcov 2 refuses it unless told
 *   `--ignore-errors negative`, then takes it as 0) is 0. Counts above 2^53 (gcov's 64-bit
 *   counters) are capped there; a fraction rounds up, so a line run "0.5" times stays run.
 * - `DA:0,...` (a line 0 some generators write for module code) is ignored: no file has line 0.
 * - Paths are kept as written (`SF:C:\temp\x.cs` too); CRLF line ends are fine.
 * - A last record without `end_of_record` (the writer stopped) still counts; a line cut in the
 *   middle of its numbers is a ParseError naming the line.
 */
import type { CoverageReport, Counts, FileCoverage, FunctionCoverage } from '../model/coverage.js';
import { LineSplitter, readChunks, readText, type LineReader } from '../parsers/line-reader.js';
import { ParseError, type CoverageParser, type ParseContext } from './coverage-parser.js';
import { addHits, hitsOf, MAX_LINE } from './numbers.js';

export const lcovParser: CoverageParser = {
  format: 'lcov',
  detect: detectLcov,
  parse: parseLcov,
  parseStream: parseLcovStream,
};

/** A record line: an upper-case key and a colon, or the end of a record. */
const RECORD = /^(?:[A-Z][A-Z_]*:|end_of_record\s*$)/;

/**
 * The first line is a `TN:`, `SF:` or `VER:` record and every other whole line of the head is an
 * LCOV record (or blank). TAP, JUnit, JSON and coverprofiles fail on their first line.
 */
export function detectLcov(head: string): boolean {
  const lines = head.replace(/^\uFEFF/, '').split('\n');
  // The last piece may be cut by the head's end: only whole lines are judged.
  if (lines.length > 1) lines.pop();
  let first = true;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (first) {
      if (!/^(?:TN|SF|VER):/.test(line)) return false;
      first = false;
    } else if (!RECORD.test(line)) return false;
  }
  return !first;
}

export function parseLcov(source: string, context: ParseContext): CoverageReport {
  return readText(new LcovReader(context.path), source);
}

/** The same from chunks of text: the file is never held whole. */
export function parseLcovStream(
  chunks: AsyncIterable<string>,
  context: ParseContext,
): Promise<CoverageReport> {
  return readChunks(new LcovReader(context.path), chunks);
}

// ---------------------------------------------------------------------------------------------

/** Whole or decimal numbers, signed, with an exponent: what hit counts look like in the wild. */
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

interface FunctionEntry {
  name: string;
  line?: number;
  hits: number;
}

/** One file's coverage as it is gathered, over every record that names it. */
class FileState {
  readonly lines = new Map<number, number>();
  /** Branch hits by `line\0block\0branch`, in first-seen order. */
  readonly branches = new Map<string, { line: number; taken: number }>();
  /** Functions by `name\0line\0k` (the k-th of that name and line in its record). */
  readonly functions = new Map<string, FunctionEntry>();

  constructor(readonly path: string) {}
}

/** What one SF ... end_of_record record says about functions, resolved when it ends. */
class RecordFunctions {
  /** FN lines in order. */
  readonly declared: FunctionEntry[] = [];
  /** FNDA hits by name, in order, for the k-th FN of that name. */
  readonly hitsByName = new Map<string, number[]>();
  /** lcov 2.2 FNL/FNA: one function per index. */
  readonly indexed = new Map<string, { line?: number; names: string[]; hits: number }>();
}

class LcovReader implements LineReader<CoverageReport> {
  readonly #path: string;
  readonly #splitter: LineSplitter;
  readonly #files = new Map<string, FileState>();
  #current: FileState | undefined;
  #functions = new RecordFunctions();
  #sawRecordLine = false;

  constructor(path: string) {
    this.#path = path;
    this.#splitter = new LineSplitter((raw, lineNumber) => this.#line(raw, lineNumber));
  }

  write(chunk: string): void {
    this.#splitter.write(chunk);
  }

  end(): CoverageReport {
    this.#splitter.end();
    if (!this.#sawRecordLine) throw new ParseError(this.#path, 'the file is empty');
    this.#endRecord();
    if (this.#files.size === 0) {
      throw new ParseError(this.#path, 'not an LCOV tracefile: there is no SF record');
    }
    return { format: 'lcov', files: [...this.#files.values()].map(toFile), sourceRoots: [] };
  }

  #line(raw: string, lineNumber: number): void {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    line = line.trimStart();
    if (line === '') return;
    this.#sawRecordLine = true;
    if (line.trimEnd() === 'end_of_record') {
      this.#endRecord();
      return;
    }
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon) : '';
    if (!/^[A-Z][A-Z_]*$/.test(key)) {
      const shown = line.length > 40 ? `${line.slice(0, 40)}...` : line;
      throw new ParseError(this.#path, `not an LCOV record: "${shown}"`, lineNumber);
    }
    const value = line.slice(colon + 1);
    if (key === 'SF') {
      this.#endRecord();
      if (value.trim() === '') throw new ParseError(this.#path, 'SF without a path', lineNumber);
      // Kept as written; only trailing blanks (an editor's, a CRLF's) go.
      const path = value.trimEnd();
      let file = this.#files.get(path);
      if (!file) {
        file = new FileState(path);
        this.#files.set(path, file);
      }
      this.#current = file;
      return;
    }
    if (!DATA_KEYS.has(key)) return;
    const file = this.#current;
    if (!file) {
      throw new ParseError(
        this.#path,
        `${key} outside a record: there is no SF before it`,
        lineNumber,
      );
    }
    switch (key) {
      case 'DA':
        this.#lineData(file, value, lineNumber);
        break;
      case 'BRDA':
        this.#branchData(file, value, lineNumber);
        break;
      case 'FN':
        this.#functionDeclared(value, lineNumber);
        break;
      case 'FNDA':
        this.#functionHits(value, lineNumber);
        break;
      case 'FNL':
        this.#functionLocation(value, lineNumber);
        break;
      case 'FNA':
        this.#functionAlias(value, lineNumber);
        break;
    }
  }

  #lineData(file: FileState, value: string, lineNumber: number): void {
    const [lineText, hitsText] = value.split(',', 3);
    const line = this.#lineNumber(lineText, 'DA', lineNumber);
    const hits = this.#count(hitsText, 'DA', lineNumber);
    if (line === 0) return;
    file.lines.set(line, addHits(file.lines.get(line) ?? 0, hits));
  }

  #branchData(file: FileState, value: string, lineNumber: number): void {
    const fields = value.split(',');
    if (fields.length < 4) {
      throw new ParseError(
        this.#path,
        `BRDA needs line, block, branch and taken: "${value}"`,
        lineNumber,
      );
    }
    const line = this.#lineNumber(fields[0], 'BRDA', lineNumber);
    const takenText = fields[fields.length - 1]!.trim();
    const taken = takenText === '-' ? 0 : this.#count(takenText, 'BRDA', lineNumber);
    if (line === 0) return;
    const key = `${line}\0${fields.slice(1, -1).join(',')}`;
    const known = file.branches.get(key);
    if (known) known.taken = addHits(known.taken, taken);
    else file.branches.set(key, { line, taken });
  }

  #functionDeclared(value: string, lineNumber: number): void {
    const comma = value.indexOf(',');
    if (comma < 0) {
      throw new ParseError(this.#path, `FN needs a line and a name: "${value}"`, lineNumber);
    }
    const line = this.#lineNumber(value.slice(0, comma), 'FN', lineNumber);
    let name = value.slice(comma + 1);
    // lcov 2: FN:<start>,<end>,<name>. No function name starts with a digit.
    const end = /^\s*\d+\s*,/.exec(name);
    if (end) name = name.slice(end[0].length);
    this.#functions.declared.push({ name, ...(line > 0 ? { line } : {}), hits: 0 });
  }

  #functionHits(value: string, lineNumber: number): void {
    const comma = value.indexOf(',');
    if (comma < 0) {
      throw new ParseError(this.#path, `FNDA needs hits and a name: "${value}"`, lineNumber);
    }
    const hits = this.#count(value.slice(0, comma), 'FNDA', lineNumber);
    const name = value.slice(comma + 1);
    const list = this.#functions.hitsByName.get(name);
    if (list) list.push(hits);
    else this.#functions.hitsByName.set(name, [hits]);
  }

  #functionLocation(value: string, lineNumber: number): void {
    const [index, lineText] = value.split(',', 3);
    if (index === undefined || lineText === undefined || index.trim() === '') {
      throw new ParseError(this.#path, `FNL needs an index and a line: "${value}"`, lineNumber);
    }
    const line = this.#lineNumber(lineText, 'FNL', lineNumber);
    const entry = this.#indexed(index.trim());
    if (line > 0) entry.line = line;
  }

  #functionAlias(value: string, lineNumber: number): void {
    const first = value.indexOf(',');
    const second = first < 0 ? -1 : value.indexOf(',', first + 1);
    if (second < 0) {
      throw new ParseError(
        this.#path,
        `FNA needs an index, hits and a name: "${value}"`,
        lineNumber,
      );
    }
    const hits = this.#count(value.slice(first + 1, second), 'FNA', lineNumber);
    const entry = this.#indexed(value.slice(0, first).trim());
    entry.names.push(value.slice(second + 1));
    entry.hits = addHits(entry.hits, hits);
  }

  #indexed(index: string) {
    let entry = this.#functions.indexed.get(index);
    if (!entry) {
      entry = { names: [], hits: 0 };
      this.#functions.indexed.set(index, entry);
    }
    return entry;
  }

  /** Resolves the record's functions into its file, then starts afresh. */
  #endRecord(): void {
    const file = this.#current;
    const record = this.#functions;
    this.#current = undefined;
    this.#functions = new RecordFunctions();
    if (!file) return;
    const found: FunctionEntry[] = [];
    const seenOfName = new Map<string, number>();
    for (const declared of record.declared) {
      const k = seenOfName.get(declared.name) ?? 0;
      seenOfName.set(declared.name, k + 1);
      const hits = record.hitsByName.get(declared.name);
      found.push({ ...declared, hits: hits?.[k] ?? 0 });
    }
    for (const [name, hits] of record.hitsByName) {
      const declared = seenOfName.get(name) ?? 0;
      if (hits.length <= declared) continue;
      const extra = hits.slice(declared).reduce(addHits, 0);
      if (declared > 0) {
        // More FNDA than FN of the name: the rest adds to the last of them.
        const last = found.findLast((entry) => entry.name === name)!;
        last.hits = addHits(last.hits, extra);
      } else {
        found.push({ name, hits: extra });
      }
    }
    for (const entry of record.indexed.values()) {
      found.push({
        name: entry.names[0] ?? '',
        ...(entry.line === undefined ? {} : { line: entry.line }),
        hits: entry.hits,
      });
    }
    const occurrences = new Map<string, number>();
    for (const entry of found) {
      const base = `${entry.name}\0${entry.line ?? ''}`;
      const k = occurrences.get(base) ?? 0;
      occurrences.set(base, k + 1);
      const key = `${base}\0${k}`;
      const known = file.functions.get(key);
      if (known) known.hits = addHits(known.hits, entry.hits);
      else file.functions.set(key, entry);
    }
  }

  /** A line number from 0 (ignored by the callers) to 2^31-1, or a ParseError. */
  #lineNumber(text: string | undefined, key: string, lineNumber: number): number {
    const trimmed = text?.trim() ?? '';
    const number = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
    if (!(number <= MAX_LINE)) {
      throw new ParseError(
        this.#path,
        `${key} has ${trimmed === '' ? 'no line number' : `"${trimmed}" where a line number belongs`}`,
        lineNumber,
      );
    }
    return number;
  }

  #count(text: string | undefined, key: string, lineNumber: number): number {
    const trimmed = text?.trim() ?? '';
    if (!NUMBER.test(trimmed)) {
      throw new ParseError(
        this.#path,
        `${key} has ${trimmed === '' ? 'no hit count' : `"${trimmed}" where a hit count belongs`}`,
        lineNumber,
      );
    }
    return hitsOf(Number(trimmed));
  }
}

const DATA_KEYS = new Set(['DA', 'BRDA', 'FN', 'FNDA', 'FNL', 'FNA']);

function toFile(state: FileState): FileCoverage {
  const branches = new Map<number, Counts>();
  for (const { line, taken } of state.branches.values()) {
    const known = branches.get(line) ?? { covered: 0, total: 0 };
    branches.set(line, { covered: known.covered + (taken > 0 ? 1 : 0), total: known.total + 1 });
  }
  const functions: FunctionCoverage[] = [...state.functions.values()].map((entry) => ({
    name: entry.name,
    ...(entry.line === undefined ? {} : { line: entry.line }),
    hits: entry.hits,
  }));
  return { path: state.path, lines: state.lines, branches, functions };
}
