/**
 * Reads a unified diff into the lines each file adds in its new version: the changed lines a
 * pull request's coverage is measured on. Takes `git diff` output (several files, `diff --git`
 * headers, also plain `diff -u` output with `---`/`+++` headers only) and GitHub's per-file
 * `patch` strings (pull-request files API: hunks only, no header). Pure.
 *
 * Hunk bodies are read by the line counts their `@@ -a,b +c,d @@` header declares, so a content
 * line that starts with `+++` or `---` is never taken for a file header. A hunk with fewer lines
 * than declared (a diff cut short) or more (a hand-edited header) is read as far as its lines
 * look like hunk lines, with a warning on the file: diff-cover ignores the counts altogether
 * and its fixtures rely on that.
 */
import { ParseError } from '../parsers/parser.js';

export type DiffChange = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';

/** One file of a diff. */
export interface DiffFile {
  /** Repository path in the new version; for a deleted file, its path before. */
  readonly path: string;
  /** Where a renamed or copied file came from. */
  readonly oldPath?: string;
  readonly change: DiffChange;
  /** Git said the file is binary: there are no text lines to cover. */
  readonly binary: boolean;
  /**
   * New-version line numbers of the lines the diff adds (`+` lines), ascending, each once.
   * Context and removed lines are not changed lines. Empty for deleted, binary, mode-only and
   * pure-rename changes.
   */
  readonly addedLines: readonly number[];
  /**
   * The diff does not give this file's lines though it changed: GitHub leaves `patch` out of
   * large files, and a merge's combined diff is not read. `addedLines` is then empty.
   */
  readonly linesUnknown: boolean;
  /** What was odd about this file's part of the diff (hunk line counts off), for a log line. */
  readonly warnings: readonly string[];
}

/**
 * Every file of a `git diff` (or `diff -u`) output, in diff order. An empty text is an empty
 * diff. Throws ParseError for a malformed hunk header, or a hunk before any file header (a
 * GitHub `patch`: use parsePullRequestPatch).
 *
 * @param source names the diff in error messages.
 */
export function parseUnifiedDiff(text: string, source = 'diff'): DiffFile[] {
  return new DiffReader(source).read(text, undefined);
}

/** One file of a pull request as GitHub's `pulls/list-files` gives it. */
export interface PullRequestFile {
  readonly filename: string;
  readonly status?: string;
  readonly patch?: string;
  readonly previous_filename?: string;
}

/**
 * One file of the pull-request files API (`GET /repos/{o}/{r}/pulls/{n}/files`): its
 * `filename`, its `patch` (absent for binary files and for diffs GitHub finds too large), and
 * when known its `status` (`added`, `removed`, `modified`, `renamed`, `copied`, `changed`,
 * `unchanged`) and `previous_filename`. Throws ParseError for a malformed hunk header.
 */
export function parsePullRequestPatch(
  filename: string,
  patch: string | undefined | null,
  status?: string,
  previousFilename?: string,
): DiffFile {
  const builder = new FileBuilder('patch');
  builder.headerNewPath = filename;
  if (previousFilename !== undefined && previousFilename !== filename) {
    builder.renameFrom = previousFilename;
    builder.renameTo = filename;
  }
  if (status === 'added') builder.newFile = true;
  else if (status === 'removed') builder.deletedFile = true;
  else if (status === 'copied') builder.copy = true;
  else if (status === undefined && patch) {
    // Without a status, GitHub's one hunk of a new file is `-0,0`, of a deleted one `+0,0`.
    const first = HUNK_HEADER.exec(patch);
    if (first?.[1] === '0' && first[2] === '0') builder.newFile = true;
    else if (first?.[3] === '0' && first[4] === '0') builder.deletedFile = true;
  }
  if (patch === undefined || patch === null) {
    // `removed` files have nothing to add, so nothing is unknown about them.
    builder.linesUnknown = status !== 'removed' && status !== 'renamed' && status !== 'unchanged';
    if (builder.linesUnknown) builder.warnings.push('GitHub gave no patch for this file');
    return builder.finish();
  }
  const [file] = new DiffReader(filename).read(patch, builder);
  return file!;
}

/**
 * The added lines of each file that adds any, by new path (a path listed twice has its lines
 * joined). Deleted files and files that add no line are left out: nothing of them can be
 * covered.
 */
export function addedLinesByPath(files: readonly DiffFile[]): Map<string, readonly number[]> {
  const byPath = new Map<string, readonly number[]>();
  for (const file of files) {
    if (file.change === 'deleted' || file.addedLines.length === 0) continue;
    const before = byPath.get(file.path);
    byPath.set(
      file.path,
      before ? sortedUnique([...before, ...file.addedLines]) : [...file.addedLines],
    );
  }
  return byPath;
}

// ---------------------------------------------------------------------------------------------

interface Hunk {
  /** Lines of the old and new side the header still promises. */
  oldLeft: number;
  newLeft: number;
  /** New-side number of the next context or added line. */
  newLine: number;
  /** Diff line (1-based) of the header, for warnings. */
  readonly at: number;
  overflow: boolean;
}

class FileBuilder {
  /** `git` for a `diff --git` section, `plain` for `---`/`+++` only, `patch` for GitHub's. */
  constructor(readonly kind: 'git' | 'plain' | 'patch') {}
  /** The names after `diff --git`, prefixes included. */
  rawHeaderOld: string | undefined;
  rawHeaderNew: string | undefined;
  /** The same without their prefixes (the new path alone for a GitHub patch). */
  headerOldPath: string | undefined;
  headerNewPath: string | undefined;
  minusPath: string | undefined;
  plusPath: string | undefined;
  renameFrom: string | undefined;
  renameTo: string | undefined;
  copy = false;
  newFile = false;
  deletedFile = false;
  binary = false;
  linesUnknown = false;
  /** Still in the extended header lines, before `---`/`+++` or the first hunk. */
  inHeader = true;
  srcPrefix = 'a/';
  dstPrefix = 'b/';
  readonly added: number[] = [];
  readonly warnings: string[] = [];

  finish(): DiffFile {
    const minus = this.minusPath;
    const plus = this.plusPath;
    const deleted = this.deletedFile || plus === DEV_NULL;
    const added = !deleted && (this.newFile || minus === DEV_NULL);
    const newPath =
      this.renameTo ??
      (plus !== undefined && plus !== DEV_NULL
        ? stripPrefix(plus, this.dstPrefix)
        : this.headerNewPath);
    const oldPath =
      this.renameFrom ??
      (minus !== undefined && minus !== DEV_NULL
        ? stripPrefix(minus, this.srcPrefix)
        : this.headerOldPath);
    const renamed = this.renameFrom !== undefined && this.renameTo !== undefined;
    const change: DiffChange = deleted
      ? 'deleted'
      : added
        ? 'added'
        : renamed
          ? this.copy
            ? 'copied'
            : 'renamed'
          : 'modified';
    const path = (deleted ? (oldPath ?? newPath) : (newPath ?? oldPath)) ?? '';
    return {
      path,
      ...(renamed ? { oldPath: this.renameFrom } : {}),
      change,
      binary: this.binary,
      addedLines: deleted ? [] : sortedUnique(this.added),
      linesUnknown: this.linesUnknown,
      warnings: this.warnings,
    };
  }
}

const DEV_NULL = '/dev/null';
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

class DiffReader {
  readonly #files: DiffFile[] = [];
  #file: FileBuilder | undefined;
  #hunk: Hunk | undefined;
  /** Lines up to the next `diff ` line are not read (binary patch data, combined diffs). */
  #skipping = false;

  constructor(readonly source: string) {}

  read(text: string, patchFile: FileBuilder | undefined): DiffFile[] {
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    for (let i = 0; i < lines.length; i++) lines[i] = lines[i]!.replace(/\r$/, '');
    if (patchFile) {
      this.#file = patchFile;
      patchFile.inHeader = false;
    }
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (this.#hunk && this.#hunkLine(line, lines[i + 1], i + 1)) continue;
      i = this.#outsideHunk(lines, i, patchFile !== undefined);
    }
    this.#endHunk(undefined);
    this.#finishFile();
    return this.#files;
  }

  /** True when `line` belongs to the open hunk; else the hunk is closed. */
  #hunkLine(line: string, next: string | undefined, at: number): boolean {
    const hunk = this.#hunk!;
    const open = hunk.oldLeft > 0 || hunk.newLeft > 0;
    const first = line[0];
    if (first === '\\') return true; // "\ No newline at end of file": no line of either side
    if (open) {
      if (first === '+') {
        this.#added(hunk, hunk.newLeft > 0);
        return true;
      }
      if (first === '-') {
        if (hunk.oldLeft > 0) hunk.oldLeft--;
        else hunk.overflow = true;
        return true;
      }
      // An empty line is an empty context line whose space was stripped (git apply and GNU
      // patch read it so; diff-cover's lua fixture has one).
      if (first === ' ' || line === '') {
        this.#context(hunk);
        return true;
      }
      this.#endHunk(at);
      return false;
    }
    // The header's counts are used up. In a well-formed diff the next line is a header; lines
    // that can only be hunk lines are read on (diff-cover ignores counts), except a `---`/`+++`
    // pair (the next file of a plain diff) and a mail signature's `-- `.
    const plainHeader = line.startsWith('--- ') && next !== undefined && next.startsWith('+++ ');
    if (first === '+' || first === ' ' || (first === '-' && !plainHeader && line !== '-- ')) {
      hunk.overflow = true;
      if (first === '+') this.#added(hunk, false);
      else if (first === ' ') this.#context(hunk);
      return true;
    }
    this.#endHunk(at);
    return false;
  }

  #added(hunk: Hunk, declared: boolean): void {
    this.#file!.added.push(hunk.newLine++);
    if (declared) hunk.newLeft--;
    else hunk.overflow = true;
  }

  #context(hunk: Hunk): void {
    hunk.newLine++;
    if (hunk.oldLeft > 0 && hunk.newLeft > 0) {
      hunk.oldLeft--;
      hunk.newLeft--;
    } else {
      hunk.overflow = true;
      hunk.oldLeft = Math.max(0, hunk.oldLeft - 1);
      hunk.newLeft = Math.max(0, hunk.newLeft - 1);
    }
  }

  /** `at`: the diff line that ends the hunk; undefined at the end of the diff. */
  #endHunk(at: number | undefined): void {
    const hunk = this.#hunk;
    if (!hunk) return;
    this.#hunk = undefined;
    if (hunk.overflow) {
      this.#file!.warnings.push(
        `the hunk at diff line ${hunk.at} has more lines than its header counts; read them all`,
      );
    } else if (hunk.oldLeft > 0 || hunk.newLeft > 0) {
      this.#file!.warnings.push(
        `the hunk at diff line ${hunk.at} ends ${at === undefined ? 'with the diff' : `at line ${at}`} before the lines its header counts`,
      );
    }
  }

  #finishFile(): void {
    if (this.#file) this.#files.push(this.#file.finish());
    this.#file = undefined;
    this.#skipping = false;
  }

  /** Reads a line outside any hunk; returns the index of the last line it used. */
  #outsideHunk(lines: readonly string[], i: number, patchMode: boolean): number {
    const line = lines[i]!;
    if (line.startsWith('diff ')) {
      if (patchMode) return i;
      this.#finishFile();
      if (line.startsWith('diff --git ')) this.#startGitFile(line.slice('diff --git '.length), i);
      else if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
        // A merge's combined diff (`git diff --cc`): not what `git diff base HEAD` prints.
        const file = new FileBuilder('git');
        file.headerNewPath = file.headerOldPath = parsePathToken(line.replace(/^diff --\S+ /, ''));
        file.linesUnknown = true;
        file.warnings.push('a combined (merge) diff is not read');
        this.#file = file;
        this.#skipping = true;
      }
      return i;
    }
    if (this.#skipping) return i;
    const file = this.#file;
    const next = lines[i + 1];
    if (line.startsWith('--- ') && next !== undefined && next.startsWith('+++ ')) {
      if (file && file.kind === 'git' && file.inHeader) {
        file.minusPath = parsePathToken(line.slice(4));
        file.plusPath = parsePathToken(next.slice(4));
        file.inHeader = false;
      } else if (!patchMode) {
        this.#finishFile();
        this.#startPlainFile(parsePathToken(line.slice(4)), parsePathToken(next.slice(4)));
      }
      return i + 1;
    }
    if (line.startsWith('@@')) {
      if (!file) {
        throw new ParseError(
          this.source,
          'a hunk before any file header (a GitHub patch is read per file, with its filename)',
          i + 1,
        );
      }
      if (line.startsWith('@@@')) {
        file.linesUnknown = true;
        file.warnings.push('a combined (merge) diff is not read');
        this.#skipping = true;
        return i;
      }
      const match = HUNK_HEADER.exec(line);
      if (!match) {
        throw new ParseError(this.source, `not a hunk header: ${JSON.stringify(line)}`, i + 1);
      }
      file.inHeader = false;
      this.#hunk = {
        oldLeft: match[2] === undefined ? 1 : Number(match[2]),
        newLeft: match[4] === undefined ? 1 : Number(match[4]),
        newLine: Number(match[3]),
        at: i + 1,
        overflow: false,
      };
      return i;
    }
    if (file && file.kind === 'git' && file.inHeader) this.#extendedHeader(file, line);
    // Anything else (a commit message, `index` lines of other tools, `Only in ...`) says
    // nothing about lines.
    return i;
  }

  #startGitFile(names: string, i: number): void {
    const file = new FileBuilder('git');
    const split = splitGitHeaderNames(names);
    if (split) {
      const [a, b] = split;
      file.rawHeaderOld = file.headerOldPath = a;
      file.rawHeaderNew = file.headerNewPath = b;
      const prefixes = headerPrefixes(a, b);
      if (prefixes) {
        [file.srcPrefix, file.dstPrefix] = prefixes;
        file.headerOldPath = stripPrefix(a, file.srcPrefix);
        file.headerNewPath = stripPrefix(b, file.dstPrefix);
      }
    } else {
      file.warnings.push(`the file names of diff line ${i + 1} could not be told apart`);
    }
    this.#file = file;
  }

  #startPlainFile(minus: string, plus: string): void {
    const file = new FileBuilder('plain');
    file.minusPath = minus;
    file.plusPath = plus;
    file.inHeader = false;
    // `patch -p1` style: strip a/ and b/ only where both sides carry them (or /dev/null).
    const aSide = minus === DEV_NULL || minus.startsWith('a/');
    const bSide = plus === DEV_NULL || plus.startsWith('b/');
    if (!(aSide && bSide) || (minus === DEV_NULL && plus === DEV_NULL)) {
      file.srcPrefix = file.dstPrefix = '';
    }
    this.#file = file;
  }

  #extendedHeader(file: FileBuilder, line: string): void {
    const value = (prefix: string) => parsePathToken(line.slice(prefix.length));
    if (line.startsWith('new file mode ')) file.newFile = true;
    else if (line.startsWith('deleted file mode ')) file.deletedFile = true;
    else if (line.startsWith('rename from ')) file.renameFrom = value('rename from ');
    else if (line.startsWith('rename to ')) file.renameTo = value('rename to ');
    else if (line.startsWith('copy from ')) {
      file.renameFrom = value('copy from ');
      file.copy = true;
    } else if (line.startsWith('copy to ')) {
      file.renameTo = value('copy to ');
      file.copy = true;
    } else if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
      file.binary = true;
      if (line.startsWith('Binary files /dev/null and ')) file.newFile = true;
      else if (line.endsWith(' and /dev/null differ')) file.deletedFile = true;
    } else if (line === 'GIT binary patch') {
      file.binary = true;
      this.#skipping = true; // base85 data up to the next file
    }
    // `index`, `old mode`, `new mode`, `similarity index`, `dissimilarity index`: no lines.
    // The header's names are the rename's names behind their prefixes: that tells the
    // prefixes where the names differ (`--no-prefix` renames), for the `---`/`+++` lines.
    const rawB = file.rawHeaderNew;
    if (file.renameTo !== undefined && rawB?.endsWith(file.renameTo)) {
      file.dstPrefix = rawB.slice(0, rawB.length - file.renameTo.length);
    }
    const rawA = file.rawHeaderOld;
    if (file.renameFrom !== undefined && rawA?.endsWith(file.renameFrom)) {
      file.srcPrefix = rawA.slice(0, rawA.length - file.renameFrom.length);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Paths

/**
 * The two names after `diff --git `, prefixes included. Unquoted names may hold spaces: git
 * writes the same name twice unless the file was renamed or copied, so the halves are tried
 * first (as git apply does); renames have `rename from/to` lines that settle the names anyway.
 */
function splitGitHeaderNames(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const first = readQuoted(rest, 0);
    if (!first || rest[first.end] !== ' ') return undefined;
    return [first.value, parsePathToken(rest.slice(first.end + 1))];
  }
  if (rest.endsWith('"')) {
    for (let at = rest.indexOf(' "'); at !== -1; at = rest.indexOf(' "', at + 1)) {
      const second = readQuoted(rest, at + 1);
      if (second && second.end === rest.length) return [rest.slice(0, at), second.value];
    }
  }
  if (rest.length % 2 === 1) {
    const mid = (rest.length - 1) / 2;
    const a = rest.slice(0, mid);
    const b = rest.slice(mid + 1);
    if (rest[mid] === ' ' && (a === b || afterFirstSegment(a) === afterFirstSegment(b))) {
      return [a, b];
    }
  }
  const spaces = rest.split(' ').length - 1;
  if (spaces === 1) {
    const at = rest.indexOf(' ');
    return [rest.slice(0, at), rest.slice(at + 1)];
  }
  const standard = rest.indexOf(' b/');
  if (rest.startsWith('a/') && standard !== -1 && standard === rest.lastIndexOf(' b/')) {
    return [rest.slice(0, standard), rest.slice(standard + 1)];
  }
  return undefined;
}

/** The source and destination prefixes the header shows (`a/`, `b/`; none with --no-prefix). */
function headerPrefixes(a: string, b: string): [string, string] | undefined {
  if (a === b) return ['', ''];
  const restA = afterFirstSegment(a);
  const restB = afterFirstSegment(b);
  if (restA !== undefined && restA === restB) {
    return [a.slice(0, a.length - restA.length), b.slice(0, b.length - restB.length)];
  }
  if (a.startsWith('a/') && b.startsWith('b/')) return ['a/', 'b/'];
  return undefined;
}

function afterFirstSegment(path: string): string | undefined {
  const slash = path.indexOf('/');
  return slash > 0 ? path.slice(slash + 1) : undefined;
}

function stripPrefix(path: string, prefix: string): string {
  return prefix !== '' && path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * A path as git writes it after `---`, `+++`, `rename to` and the like: C-quoted when it holds
 * special or (with core.quotePath, the default) non-ASCII characters, octal escapes being the
 * UTF-8 bytes; unquoted up to a tab (git adds one after names with spaces, diff -u a date).
 */
export function parsePathToken(text: string): string {
  if (text.startsWith('"')) {
    const quoted = readQuoted(text, 0);
    if (quoted) return quoted.value;
  }
  const tab = text.indexOf('\t');
  return tab === -1 ? text : text.slice(0, tab);
}

const ESCAPES: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  '\\': 92,
};

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** The C-quoted string starting at `start` (a `"`), and the index after its closing quote. */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') return { value: decoder.decode(new Uint8Array(bytes)), end: i + 1 };
    if (char !== '\\') {
      const code = text.codePointAt(i)!;
      if (code > 0xffff) i++;
      bytes.push(...encoder.encode(String.fromCodePoint(code)));
      continue;
    }
    const escape = text[i + 1];
    if (escape === undefined) return undefined;
    const octal = /^[0-3][0-7]{2}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else if (escape in ESCAPES) {
      bytes.push(ESCAPES[escape]!);
      i += 1;
    } else {
      bytes.push(...encoder.encode(escape));
      i += 1;
    }
  }
  return undefined;
}

function sortedUnique(lines: readonly number[]): number[] {
  return [...new Set(lines)].sort((a, b) => a - b);
}
