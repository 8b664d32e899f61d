import { loadYaml, yamlParser } from '../vendor/yaml.js';
import type { TestCase, TestReport, TestStatus, TestSuite } from '../model/tests.js';
import { LineSplitter, readChunks, readText } from './line-reader.js';
import { ParseError, type ParseContext, type ResultParser } from './parser.js';

/**
 * TAP 12/13/14 (Test Anything Protocol): a line-oriented stream read by a state machine, with
 * YAML diagnostics, directives and indented subtests.
 */
export const tapParser: ResultParser = {
  format: 'tap',
  detect: detectTap,
  load: loadYaml,
  parse: parseTap,
  parseStream: parseTapStream,
};

/**
 * A version line, or (for TAP without one) a plan or a numbered test point as the first line
 * after any comments. Unnumbered `ok` alone is too common in other text to claim a file by.
 */
export function detectTap(head: string): boolean {
  for (const raw of head.replace(/^\uFEFF/, '').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return (
      /^TAP version 1[34]$/i.test(line) ||
      /^1\.\.\d+(\s*#.*)?$/.test(line) ||
      /^(not )?ok \d+\b/.test(line)
    );
  }
  return false;
}

export function parseTap(source: string, context: ParseContext): TestReport {
  return readText(new TapReader(context.path), source);
}

/** The same from chunks of text: the file is never held whole. */
export function parseTapStream(
  chunks: AsyncIterable<string>,
  context: ParseContext,
): Promise<TestReport> {
  return readChunks(new TapReader(context.path), chunks);
}

interface Directive {
  readonly kind: 'skip' | 'todo';
  readonly reason: string;
}

interface TestPoint {
  readonly kind: 'point';
  readonly ok: boolean;
  readonly number: number;
  readonly description: string;
  readonly directive?: Directive;
  yaml?: string[];
  /** `#` lines right after a failing point without YAML: Test::More's failure diagnostics. */
  readonly diagnostics: string[];
  children?: Level;
}

/** One TAP stream: the document, or a subtest's indented stream. */
interface Level {
  readonly kind: 'level';
  readonly indent: number;
  name?: string;
  /** A `# Subtest: name` seen at this level, naming the child stream that follows. */
  nextChildName?: string;
  readonly entries: (TestPoint | Level)[];
  plan?: { readonly count: number; readonly afterTests: boolean };
  lastNumber: number;
  readonly numbers: Set<number>;
  /** A child stream that ended; the next test point here is its parent. */
  pendingChildren?: Level;
  /** `ok 1 - name {`: the child stream follows the point, up to a `}` line. */
  braceParent?: TestPoint;
  /** Set when the level was finished: tests its plan promised that never came. */
  missing?: number[];
  /** The parent point never came (the stream stopped inside the subtest). */
  unfinished?: boolean;
}

/** node:test's failures that are not the test's own assertion: crashes, timeouts, cancels. */
const ERRORED_FAILURE_TYPES = new Set([
  'hookFailed',
  'cancelledByParent',
  'testTimeoutFailure',
  'uncaughtException',
  'unhandledRejection',
  'callbackAndPromisePresent',
  'multipleCallbackInvocations',
  'parentAlreadyFinished',
]);
/** YAML keys turned into message, details, file, line or duration; others stay in details. */
const READ_KEYS = new Set([
  'message',
  'error',
  'severity',
  'at',
  'file',
  'line',
  'column',
  'location',
  'stack',
  'diff',
  'duration_ms',
  'type',
  'failureType',
  'code',
  'name',
]);
/** More planned-but-missing tests than this become one entry (a bad plan must not eat memory). */
const MAX_MISSING_LISTED = 10_000;

export class TapReader {
  readonly #path: string;
  readonly #root: Level = newLevel(0);
  readonly #stack: Level[] = [this.#root];
  #yaml?: { readonly point: TestPoint; readonly indent: number };
  /** The point a YAML block may follow, until another TAP line comes. */
  #lastPoint?: { readonly point: TestPoint; readonly level: Level };
  #diagnosed?: TestPoint;
  #bailOut?: string;
  #statedDurationMs?: number;
  #sawTap = false;

  readonly #lines = new LineSplitter((raw, lineNumber) => this.#line(raw, lineNumber));

  constructor(path: string) {
    this.#path = path;
  }

  /** Feeds text in chunks of any size; a line may span chunks. */
  write(chunk: string): void {
    this.#lines.write(chunk);
  }

  #line(raw: string, lineNumber: number): void {
    if (this.#bailOut !== undefined) return;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const content = text.trim();
    const indent = text.length - text.trimStart().length;

    if (this.#yaml) {
      const yaml = this.#yaml;
      if (content === '...' && indent <= yaml.indent) {
        this.#yaml = undefined;
        return;
      }
      if (content === '' || indent >= yaml.indent) {
        yaml.point.yaml!.push(content === '' ? '' : text.slice(yaml.indent));
        return;
      }
      this.#yaml = undefined; // ended without `...`: read the line as TAP
    }
    if (content === '') return;

    if (content === '---' && this.#lastPoint && indent > this.#lastPoint.level.indent) {
      this.#lastPoint.point.yaml = [];
      this.#yaml = { point: this.#lastPoint.point, indent };
      this.#lastPoint = undefined;
      this.#diagnosed = undefined;
      return;
    }
    const bail = /^Bail out!\s*(.*)$/i.exec(content);
    if (bail) {
      this.#sawTap = true;
      this.#bailOut = bail[1]!.trim();
      return;
    }
    const subtest = /^# Subtest(?::\s*(.*))?$/i.exec(content);
    if (content.startsWith('#') && !subtest) {
      this.#comment(content, indent);
      return;
    }
    const plan = /^1\.\.(\d+)\s*(?:#.*)?$/.exec(content);
    const point = /^(not )?ok\b(.*)$/.exec(content);
    const structural =
      subtest || plan || point || content === '}' || /^TAP version \d+$/i.test(content);
    if (!structural) return; // pragmas and anything else TAP says to ignore

    this.#sawTap = true;
    this.#lastPoint = undefined;
    this.#diagnosed = undefined;
    const level = this.#levelFor(indent);
    if (subtest) {
      const name = subtest[1]?.trim() ? unescape(subtest[1].trim()) : undefined;
      if (name === undefined) {
        // `# Subtest` without a name: the parent's test point will name it.
      } else if (level !== this.#root && level.name === undefined && level.entries.length === 0) {
        level.name = name; // TAP 14 puts the comment inside the child stream
      } else {
        level.nextChildName = name; // node:test puts it before, at the parent's indentation
      }
    } else if (plan) {
      if (level.plan) {
        throw new ParseError(this.#path, 'a second plan in the same stream', lineNumber);
      }
      this.#adoptOrphan(level);
      level.plan = { count: Number(plan[1]), afterTests: level.entries.length > 0 };
    } else if (point) {
      if (level.plan?.afterTests) {
        throw new ParseError(
          this.#path,
          `a test after the closing plan 1..${level.plan.count}: TAP allows a plan only before the first test or after the last`,
          lineNumber,
        );
      }
      const test = readPoint(point[1] === undefined, point[2]!, level);
      if (level.pendingChildren) {
        test.point.children = level.pendingChildren;
        level.pendingChildren = undefined;
      }
      if (test.opensBlock) level.braceParent = test.point;
      level.entries.push(test.point);
      this.#lastPoint = { point: test.point, level };
      if (!test.point.ok && !test.point.directive) this.#diagnosed = test.point;
    }
  }

  end(): TestReport {
    this.#lines.end();
    if (!this.#sawTap) throw new ParseError(this.#path, 'no TAP version, plan or test lines');
    while (this.#stack.length > 1) this.#pop(true);
    this.#finish(this.#root);
    if (this.#root.pendingChildren) {
      this.#root.pendingChildren.unfinished = true;
      this.#adoptOrphan(this.#root);
    }
    const tests = this.#flatten(this.#root, []);
    if (this.#bailOut !== undefined && !tests.some((t) => t.message?.startsWith(NOT_RUN))) {
      tests.push({
        name: 'Bail out!',
        suite: '',
        status: 'errored',
        durationMs: 0,
        message: this.#bailOut || 'the test run bailed out',
        retries: [],
      });
    }
    const suites = groupBySuite(tests);
    const durationMs =
      this.#statedDurationMs ??
      tests.filter((test) => test.suite === '').reduce((sum, test) => sum + test.durationMs, 0);
    return { format: 'tap', suites, durationMs };
  }

  #comment(content: string, indent: number): void {
    if (this.#diagnosed) {
      this.#diagnosed.diagnostics.push(content.replace(/^#\s?/, ''));
      return;
    }
    if (indent !== 0) return;
    // node:test ends with `# duration_ms 72.9`; node-tap with `# time=40.111ms`.
    const stated =
      /^#\s*duration_ms\s+([\d.]+)\s*$/.exec(content) ?? /^#\s*time=([\d.]+)ms\s*$/.exec(content);
    if (stated) this.#statedDurationMs = Number(stated[1]);
  }

  /** The level a structural line at this indentation belongs to, closing or opening streams. */
  #levelFor(indent: number): Level {
    while (this.#stack.length > 1 && this.#top().indent > indent) this.#pop();
    const top = this.#top();
    if (indent > top.indent) {
      this.#adoptOrphan(top);
      const child = newLevel(indent);
      child.name = top.nextChildName ?? top.braceParent?.description;
      top.nextChildName = undefined;
      this.#stack.push(child);
      return child;
    }
    return top;
  }

  #top(): Level {
    return this.#stack[this.#stack.length - 1]!;
  }

  /** Closes the innermost stream; at the end of input its unclaimed children never finished. */
  #pop(atEnd = false): void {
    const child = this.#stack.pop()!;
    const parent = this.#top();
    if (atEnd && child.pendingChildren) child.pendingChildren.unfinished = true;
    this.#adoptOrphan(child);
    this.#finish(child);
    if (child.entries.length === 0 && child.plan === undefined) return;
    if (parent.braceParent) {
      parent.braceParent.children = child;
      parent.braceParent = undefined;
      return;
    }
    this.#adoptOrphan(parent);
    parent.pendingChildren = child;
  }

  /** A child stream no test point claimed is kept as a group of its own. */
  #adoptOrphan(level: Level): void {
    if (level.pendingChildren) level.entries.push(level.pendingChildren);
    level.pendingChildren = undefined;
  }

  #finish(level: Level): void {
    const planned = level.plan?.count ?? 0;
    if (planned === 0 || level.missing) return;
    const missing: number[] = [];
    for (let n = 1; n <= planned && missing.length <= MAX_MISSING_LISTED; n++) {
      if (!level.numbers.has(n)) missing.push(n);
    }
    level.missing = missing;
  }

  #flatten(level: Level, path: readonly string[]): TestCase[] {
    const suite = path.join(' > ');
    const tests: TestCase[] = [];
    const names = new Set<string>();
    for (const entry of level.entries) {
      if (entry.kind === 'level') {
        if (entry.unfinished) tests.push(this.#unfinishedParent(entry, suite));
        tests.push(...this.#flatten(entry, [...path, entry.name ?? 'subtest']));
        continue;
      }
      const test = toTestCase(entry, suite, names);
      const children = entry.children ? this.#flatten(entry.children, [...path, test.name]) : [];
      // node:test marks describe() blocks as suites: they count only if they failed by themselves.
      const isSuite = yamlOf(entry)?.type === 'suite';
      const ownFailure =
        (test.status === 'failed' || test.status === 'errored') &&
        !children.some((child) => child.status === 'failed' || child.status === 'errored');
      if (!isSuite || ownFailure) tests.push(test);
      tests.push(...children);
    }
    tests.push(...this.#missingTests(level, suite));
    return tests;
  }

  #unfinishedParent(level: Level, suite: string): TestCase {
    return {
      name: level.name ?? 'subtest',
      suite,
      status: 'errored',
      durationMs: 0,
      message:
        this.#bailOut !== undefined
          ? `${NOT_RUN}: the run bailed out inside its subtests${this.#bailOut ? ` (${this.#bailOut})` : ''}`
          : 'never reported: the stream ends inside its subtests',
      retries: [],
    };
  }

  /**
   * Tests the plan promised but the stream never reported are errored, not dropped: the
   * producer stopped early (a crash, a bail-out), and the plan is its own word on what exists.
   */
  #missingTests(level: Level, suite: string): TestCase[] {
    const missing = level.missing ?? [];
    if (missing.length === 0) return [];
    const planned = level.plan!.count;
    const why =
      this.#bailOut !== undefined
        ? `${NOT_RUN}: the run bailed out${this.#bailOut ? ` (${this.#bailOut})` : ''} before test`
        : `${NOT_RUN}: planned (1..${planned}) but never reported; the producer stopped early before test`;
    if (missing.length > MAX_MISSING_LISTED) {
      const count = planned - [...level.numbers].filter((n) => n >= 1 && n <= planned).length;
      return [
        {
          name: `tests ${missing[0]}-${planned}`,
          suite,
          status: 'errored',
          durationMs: 0,
          message: `${why}s ${missing[0]}-${planned} (${count} tests, listed as one)`,
          retries: [],
        },
      ];
    }
    return missing.map((n) => ({
      name: `test ${n}`,
      suite,
      status: 'errored' as const,
      durationMs: 0,
      message: `${why} ${n}`,
      retries: [],
    }));
  }
}

const NOT_RUN = 'not run';

function newLevel(indent: number): Level {
  return { kind: 'level', indent, entries: [], lastNumber: 0, numbers: new Set() };
}

function readPoint(
  ok: boolean,
  rest: string,
  level: Level,
): { point: TestPoint; opensBlock: boolean } {
  let text = rest;
  const opensBlock = /\s\{$/.test(text) || text === ' {';
  if (opensBlock) text = text.slice(0, -1);
  const numbered = /^\s*(\d+)(?=$|[\s\-#])/.exec(text);
  const number = numbered ? Number(numbered[1]) : level.lastNumber + 1;
  if (numbered) text = text.slice(numbered[0].length);
  text = text.replace(/^\s*-?\s*/, '');
  level.lastNumber = number;
  level.numbers.add(number);

  const hash = unescapedHash(text);
  let description = text;
  let directive: Directive | undefined;
  if (hash >= 0) {
    const found = /^\s*(skip|todo)\S*(?:\s+(.*))?$/i.exec(text.slice(hash + 1));
    if (found) {
      description = text.slice(0, hash);
      directive = {
        kind: found[1]!.toLowerCase() as 'skip' | 'todo',
        reason: unescape(found[2]?.trim() ?? ''),
      };
    }
  }
  return {
    point: {
      kind: 'point',
      ok,
      number,
      description: unescape(description.trim()),
      directive,
      diagnostics: [],
    },
    opensBlock,
  };
}

/** TAP 14 escapes `#` and `\` in descriptions as `\#` and `\\`. */
function unescapedHash(text: string): number {
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '#') return index;
  }
  return -1;
}

function unescape(text: string): string {
  return text.replace(/\\([\\#])/g, '$1');
}

type Yaml = Record<string, unknown>;

const parsedYaml = new WeakMap<TestPoint, Yaml | null>();

function yamlOf(point: TestPoint): Yaml | undefined {
  if (!point.yaml) return undefined;
  let parsed = parsedYaml.get(point);
  if (parsed === undefined) {
    const parseYaml = yamlParser();
    try {
      const value: unknown = parseYaml(point.yaml.join('\n'), { uniqueKeys: false });
      parsed = value && typeof value === 'object' && !Array.isArray(value) ? (value as Yaml) : null;
    } catch {
      parsed = null; // kept as raw text in details
    }
    parsedYaml.set(point, parsed);
  }
  return parsed ?? undefined;
}

function toTestCase(point: TestPoint, suite: string, names: Set<string>): TestCase {
  const yaml = yamlOf(point);
  let name = point.description || `test ${point.number}`;
  // Assertion descriptions repeat ("should be equal"); the pipeline would fold same-named tests
  // as retries, so a repeated one is told apart by its number.
  if (names.has(name)) name = `${name} [#${point.number}]`;
  names.add(name);

  const status = statusOf(point, yaml);
  const rawYaml = point.yaml ? nonEmpty(point.yaml.join('\n').trimEnd()) : undefined;
  const location = locationOf(yaml, point.diagnostics);
  const duration = typeof yaml?.duration_ms === 'number' ? yaml.duration_ms : 0;
  const base = {
    name,
    suite,
    file: location?.file,
    line: location?.line,
    status,
    durationMs: Number.isFinite(duration) && duration >= 0 ? duration : 0,
    retries: [],
  };
  if (point.directive?.kind === 'skip') {
    return { ...base, message: nonEmpty(point.directive.reason) };
  }
  if (point.directive?.kind === 'todo') {
    const what = point.directive.reason ? `TODO: ${point.directive.reason}` : 'TODO';
    return {
      ...base,
      message: point.ok
        ? `${what} (passed, but a TODO test is not counted as a pass)`
        : `${what} (not ok, which a TODO test may be without failing the run)`,
      details: point.ok ? undefined : failureDetails(yaml, rawYaml, point.diagnostics),
    };
  }
  if (status === 'passed') {
    const extra = yaml
      ? Object.keys(yaml).some((key) => key !== 'duration_ms' && key !== 'type')
      : rawYaml !== undefined;
    return { ...base, output: extra ? rawYaml : undefined };
  }
  return {
    ...base,
    message: messageOf(yaml),
    details: failureDetails(yaml, rawYaml, point.diagnostics),
  };
}

function statusOf(point: TestPoint, yaml: Yaml | undefined): TestStatus {
  if (point.directive) return 'skipped';
  if (point.ok) return 'passed';
  const failureType = yaml?.failureType;
  return typeof failureType === 'string' && ERRORED_FAILURE_TYPES.has(failureType)
    ? 'errored'
    : 'failed';
}

function messageOf(yaml: Yaml | undefined): string | undefined {
  const value = yaml?.message ?? yaml?.error;
  return typeof value === 'string' ? nonEmpty(value.trim()) : undefined;
}

/** diff and stack when the YAML has them; otherwise the YAML itself, so nothing is lost. */
function failureDetails(
  yaml: Yaml | undefined,
  rawYaml: string | undefined,
  diagnostics: readonly string[],
): string | undefined {
  const parts: string[] = [];
  if (yaml) {
    if (typeof yaml.diff === 'string') parts.push(yaml.diff.trimEnd());
    if (typeof yaml.stack === 'string') parts.push(yaml.stack.trimEnd());
    if (parts.length === 0 && Object.keys(yaml).some((key) => !READ_KEYS.has(key)) && rawYaml) {
      parts.push(rawYaml);
    }
  } else if (rawYaml) {
    parts.push(rawYaml);
  }
  if (diagnostics.length > 0) parts.push(dedent(diagnostics));
  return nonEmpty(parts.join('\n\n'));
}

/** `at: {file, line}` (node-tap), `file`/`line`, `location: path:line:col` (node:test), or Perl. */
function locationOf(
  yaml: Yaml | undefined,
  diagnostics: readonly string[],
): { file: string; line?: number } | undefined {
  const at = yaml?.at;
  if (at && typeof at === 'object' && !Array.isArray(at)) {
    const { file, line } = at as Yaml;
    if (typeof file === 'string') return { file: stripScheme(file), line: positive(line) };
  }
  if (typeof yaml?.file === 'string') {
    return { file: stripScheme(yaml.file), line: positive(yaml.line) };
  }
  if (typeof yaml?.location === 'string') {
    const match = /^(.*?):(\d+)(?::\d+)?$/.exec(yaml.location);
    if (match) return { file: stripScheme(match[1]!), line: Number(match[2]) };
  }
  for (const diagnostic of diagnostics) {
    const perl = /\bat (\S+) line (\d+)\.?$/.exec(diagnostic);
    if (perl) return { file: perl[1]!, line: Number(perl[2]) };
  }
  return undefined;
}

function positive(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

function stripScheme(file: string): string {
  return file.replace(/^file:\/\//, '');
}

/** Test::More indents its diagnostics by two after the `#`: drop what all lines share. */
function dedent(lines: readonly string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join('\n');
}

function groupBySuite(tests: readonly TestCase[]): TestSuite[] {
  const suites = new Map<string, TestCase[]>();
  for (const test of tests) {
    const list = suites.get(test.suite);
    if (list) list.push(test);
    else suites.set(test.suite, [test]);
  }
  return [...suites].map(([name, list]) => ({ name, tests: list }));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
