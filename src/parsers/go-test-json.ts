import type { TestCase, TestReport, TestStatus, TestSuite } from '../model/tests.js';
import { LineSplitter, readChunks, readText } from './line-reader.js';
import { ParseError, type ParseContext, type ResultParser } from './parser.js';

/**
 * `go test -json` (test2json): one JSON event per line. Read line by line as a state machine,
 * so that a huge stream is never held twice and a streaming source can feed it later.
 */
export const goTestJsonParser: ResultParser = {
  format: 'go-test-json',
  detect: detectGoTestJson,
  parse: parseGoTestJson,
  parseStream: parseGoTestJsonStream,
};

const ACTION =
  /"Action"\s*:\s*"(?:start|run|pause|cont|pass|bench|fail|output|skip|build-output|build-fail)"/;

/** The first JSON line (build errors may come first as plain text) names a test2json Action. */
export function detectGoTestJson(head: string): boolean {
  const line = firstJsonLine(head);
  return line !== undefined && ACTION.test(line);
}

export function parseGoTestJson(source: string, context: ParseContext): TestReport {
  return readText(new GoTestJsonReader(context.path), source);
}

/** The same from chunks of text: the file is never held whole. */
export function parseGoTestJsonStream(
  chunks: AsyncIterable<string>,
  context: ParseContext,
): Promise<TestReport> {
  return readChunks(new GoTestJsonReader(context.path), chunks);
}

/** One test2json event; every field is optional on the wire. */
interface GoEvent {
  readonly Time?: unknown;
  readonly Action?: unknown;
  readonly Package?: unknown;
  readonly Test?: unknown;
  readonly Elapsed?: unknown;
  readonly Output?: unknown;
  readonly OutputType?: unknown;
  readonly ImportPath?: unknown;
  readonly FailedBuild?: unknown;
}

type Verdict = 'pass' | 'fail' | 'skip' | 'bench';

/** One run of one test (a test run again with -count or a rerun tool has several). */
interface Run {
  readonly name: string;
  readonly startedAt?: string;
  verdict?: Verdict;
  elapsedS?: number;
  readonly output: string[];
  /** Go 1.25+ marks t.Error/t.Fatal lines (`OutputType: error`): the exact failure text. */
  readonly errors: string[];
  readonly children: Run[];
}

interface PackageState {
  readonly name: string;
  readonly runs: Run[];
  /** The latest run of each test name, where output and verdicts go. */
  readonly latest: Map<string, Run>;
  readonly output: string[];
  verdict?: 'pass' | 'fail' | 'skip';
  elapsedS?: number;
  failedBuild?: string;
  /** `FAIL pkg [build failed]` printed as plain text (Go before 1.24). */
  textFailure?: 'build' | 'setup';
  lastTime?: string;
}

/** Plain-text lines between the events: compiler errors under a `# import/path` header. */
interface TextBlock {
  readonly key: string;
  readonly lines: string[];
  claimed: boolean;
}

const VERDICTS = new Set<string>(['pass', 'fail', 'skip', 'bench']);
/** Plain text kept for build-failure details; a stream that is mostly not JSON keeps no more. */
const MAX_TEXT_CHARS = 1024 * 1024;

/** Feed lines in order, then call end(). Holds only per-test state, never the whole text. */
export class GoTestJsonReader {
  readonly #path: string;
  readonly #packages = new Map<string, PackageState>();
  readonly #buildOutput = new Map<string, string[]>();
  readonly #blocks: TextBlock[] = [];
  #textChars = 0;
  #events = 0;
  /** A line that was not JSON: an error unless it turns out to be the last line (cut off). */
  #badLine?: number;

  readonly #lines = new LineSplitter((raw, lineNumber) => this.#line(raw, lineNumber));

  constructor(path: string) {
    this.#path = path;
  }

  /** Feeds text in chunks of any size; a line may span chunks. */
  write(chunk: string): void {
    this.#lines.write(chunk);
  }

  #line(raw: string, lineNumber: number): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = text.trim();
    if (trimmed === '') return;
    if (this.#badLine !== undefined) {
      throw new ParseError(
        this.#path,
        'a line starting with "{" is not valid JSON (go test -json writes one event per line)',
        this.#badLine,
      );
    }
    if (!trimmed.startsWith('{')) {
      this.#text(text);
      return;
    }
    let event: GoEvent;
    try {
      event = JSON.parse(trimmed) as GoEvent;
    } catch {
      this.#badLine = lineNumber;
      return;
    }
    if (typeof event.Action !== 'string') {
      throw new ParseError(
        this.#path,
        'a JSON line without an "Action": not a go test -json event',
        lineNumber,
      );
    }
    this.#events++;
    this.#event(event, event.Action);
  }

  end(): TestReport {
    this.#lines.end();
    if (this.#events === 0 && !this.#hasTextFailures()) {
      throw new ParseError(this.#path, 'no go test -json events in the file');
    }
    const suites: TestSuite[] = [];
    let packageSeconds = 0;
    let statedPackageTime = false;
    for (const pkg of this.#packages.values()) {
      if (pkg.elapsedS !== undefined) {
        packageSeconds += pkg.elapsedS;
        statedPackageTime = true;
      }
      const tests = this.#packageTests(pkg);
      if (tests.length > 0) suites.push({ name: pkg.name, tests: sameFileForAttempts(tests) });
    }
    const durationMs = statedPackageTime
      ? toMs(packageSeconds)
      : suites
          .flatMap((suite) => suite.tests)
          .filter((test) => !test.name.includes('/'))
          .reduce((sum, test) => sum + test.durationMs, 0);
    return { format: 'go-test-json', suites, durationMs };
  }

  #event(event: GoEvent, action: string): void {
    const output = typeof event.Output === 'string' ? event.Output : undefined;
    if (action === 'build-output' || action === 'build-fail') {
      const key = typeof event.ImportPath === 'string' ? event.ImportPath : '';
      if (output !== undefined) this.#buildLines(key).push(output);
      return;
    }
    const pkg = this.#package(typeof event.Package === 'string' ? event.Package : '');
    if (typeof event.Time === 'string') pkg.lastTime = event.Time;
    const testName = typeof event.Test === 'string' && event.Test !== '' ? event.Test : undefined;
    const elapsed =
      typeof event.Elapsed === 'number' && Number.isFinite(event.Elapsed) && event.Elapsed >= 0
        ? event.Elapsed
        : undefined;

    if (testName === undefined) {
      if (action === 'output' && output !== undefined) pkg.output.push(output);
      else if (action === 'pass' || action === 'fail' || action === 'skip') {
        pkg.verdict = action;
        if (elapsed !== undefined) pkg.elapsedS = elapsed;
        if (typeof event.FailedBuild === 'string') pkg.failedBuild = event.FailedBuild;
      }
      return;
    }

    if (action === 'run') {
      this.#startRun(pkg, testName, typeof event.Time === 'string' ? event.Time : undefined);
      return;
    }
    // Benchmarks have no run event; a verdict after a verdict is a new run of the same name.
    const existing = pkg.latest.get(testName);
    const run =
      existing && !(VERDICTS.has(action) && existing.verdict !== undefined)
        ? existing
        : this.#startRun(pkg, testName, undefined);
    if (action === 'output' && output !== undefined) {
      run.output.push(output);
      if (event.OutputType === 'error') run.errors.push(output);
      else if (event.OutputType === 'error-continue' && run.errors.length > 0) {
        run.errors[run.errors.length - 1] += output;
      }
    } else if (VERDICTS.has(action)) {
      run.verdict = action as Verdict;
      if (elapsed !== undefined) run.elapsedS = elapsed;
    }
  }

  #startRun(pkg: PackageState, name: string, time: string | undefined): Run {
    const run: Run = { name, startedAt: time, output: [], errors: [], children: [] };
    // Subtest names may contain "/" themselves: the parent is the longest running prefix.
    for (let cut = name.lastIndexOf('/'); cut > 0; cut = name.lastIndexOf('/', cut - 1)) {
      const parent = pkg.latest.get(name.slice(0, cut));
      if (parent) {
        parent.children.push(run);
        break;
      }
    }
    pkg.latest.set(name, run);
    pkg.runs.push(run);
    return run;
  }

  #package(name: string): PackageState {
    let pkg = this.#packages.get(name);
    if (!pkg) {
      pkg = { name, runs: [], latest: new Map(), output: [] };
      this.#packages.set(name, pkg);
    }
    return pkg;
  }

  #buildLines(key: string): string[] {
    let lines = this.#buildOutput.get(key);
    if (!lines) {
      lines = [];
      this.#buildOutput.set(key, lines);
    }
    return lines;
  }

  /** Go before 1.24 prints build failures as plain text around the JSON. */
  #text(line: string): void {
    const failed = /^FAIL\s+(\S+)\s+\[(build|setup) failed\]\s*$/.exec(line);
    if (failed) {
      this.#package(failed[1]!).textFailure = failed[2] as 'build' | 'setup';
      return;
    }
    if (this.#textChars > MAX_TEXT_CHARS) return;
    this.#textChars += line.length;
    const header = /^# (\S+)/.exec(line);
    if (header) {
      this.#blocks.push({ key: header[1]!, lines: [line], claimed: false });
      return;
    }
    let block = this.#blocks[this.#blocks.length - 1];
    if (!block) {
      block = { key: '', lines: [], claimed: false };
      this.#blocks.push(block);
    }
    block.lines.push(line);
  }

  #hasTextFailures(): boolean {
    return [...this.#packages.values()].some((pkg) => pkg.textFailure !== undefined);
  }

  #packageTests(pkg: PackageState): TestCase[] {
    const panicked = pkg.runs.find((run) => run.verdict === 'fail' && panicIndex(run) >= 0);
    const tests = pkg.runs.map((run) => this.#testCase(pkg, run, panicked));
    const failure = this.#packageFailure(pkg, tests);
    if (failure) tests.push(failure);
    return tests;
  }

  #testCase(pkg: PackageState, run: Run, panicked: Run | undefined): TestCase {
    const lines = outputLines(run.output);
    const output = nonEmpty(lines.join('\n'));
    const base = {
      name: run.name,
      suite: pkg.name,
      durationMs: run.elapsedS === undefined ? unfinishedMs(run, pkg) : toMs(run.elapsedS),
      output,
      retries: [],
    };
    if (run.verdict === undefined) {
      const why = firstPanic(lines) ?? firstPanic(outputLines(pkg.output));
      const reason =
        pkg.verdict === undefined
          ? 'the report ends before the test did'
          : why
            ? `the test binary stopped: ${why}`
            : panicked && panicked !== run
              ? `the test binary stopped when ${panicked.name} panicked`
              : 'the test binary exited before the test ended';
      return { ...base, status: 'errored', message: `did not finish: ${reason}` };
    }
    if (run.verdict === 'pass' || run.verdict === 'bench') return { ...base, status: 'passed' };

    const panicAt = run.verdict === 'fail' ? panicIndexIn(lines) : -1;
    if (panicAt >= 0) {
      const frame = firstTestFrame(lines, panicAt);
      return {
        ...base,
        status: 'errored',
        message: lines[panicAt]!.replace(/ \[recovered\]$/, ''),
        details: lines.slice(panicAt).join('\n'),
        file: frame?.file,
        line: frame?.line,
      };
    }

    const status: TestStatus = run.verdict === 'skip' ? 'skipped' : 'failed';
    const entries = logEntries(lines);
    const marked = run.errors.map((text) => dedent(text.replace(/\n$/, '')));
    // Go marks error lines itself from 1.25: the first is the cause. Before, a failing test's
    // last log entry is the best guess (t.Log context comes first, t.Fatal last).
    const chosen = marked.length > 0 ? entryFromText(marked[0]!) : entries[entries.length - 1];
    let message = chosen?.text;
    if (message === undefined && status === 'failed') message = failedSubtests(run);
    const details = output !== undefined && output !== chosen?.raw ? output : undefined;
    return {
      ...base,
      status,
      message,
      details: status === 'failed' ? details : undefined,
      file: chosen?.file === undefined ? undefined : inPackage(pkg.name, chosen.file),
      line: chosen?.line,
    };
  }

  /** A package that failed without a failing test to show for it gets one errored entry. */
  #packageFailure(pkg: PackageState, tests: readonly TestCase[]): TestCase | undefined {
    const packageText = outputLines(pkg.output);
    const build =
      pkg.failedBuild !== undefined ||
      pkg.textFailure === 'build' ||
      packageText.some((line) => /\[build failed\]\s*$/.test(line));
    const setup =
      !build &&
      (pkg.textFailure === 'setup' ||
        packageText.some((line) => /\[setup failed\]\s*$/.test(line)));
    if (build || setup) {
      const text = this.#buildText(pkg) ?? nonEmpty(packageText.join('\n'));
      const compiler = text === undefined ? undefined : firstCompilerError(text);
      return {
        name: build ? '[build failed]' : '[setup failed]',
        suite: pkg.name,
        file: compiler?.file,
        line: compiler?.line,
        status: 'errored',
        durationMs: 0,
        message:
          compiler?.message ??
          (build ? 'the package did not build' : 'the package could not be set up'),
        details: text,
        retries: [],
      };
    }
    if (pkg.verdict !== 'fail') return undefined;
    if (tests.some((test) => test.status === 'failed' || test.status === 'errored')) {
      return undefined;
    }
    // TestMain exiting non-zero, a panic in init() or a timeout outside any test.
    const meaningful = packageText.filter((line) => !/^(FAIL|PASS|ok)\b/.test(line));
    return {
      name: '[package failed]',
      suite: pkg.name,
      status: 'errored',
      durationMs: 0,
      message:
        firstPanic(packageText) ??
        meaningful[meaningful.length - 1] ??
        'the package failed outside any test',
      details: nonEmpty(packageText.join('\n')),
      retries: [],
    };
  }

  /** Compiler output for a package: from build events, else the plain text headed by it. */
  #buildText(pkg: PackageState): string | undefined {
    if (pkg.failedBuild !== undefined) {
      const lines = this.#buildOutput.get(pkg.failedBuild);
      if (lines) return nonEmpty(lines.join('').replace(/\n+$/, ''));
    }
    for (const [key, lines] of this.#buildOutput) {
      if (key === pkg.name || key.startsWith(`${pkg.name} [`)) {
        return nonEmpty(lines.join('').replace(/\n+$/, ''));
      }
    }
    let blocks = this.#blocks.filter(
      (block) => !block.claimed && (block.key === pkg.name || block.key === `${pkg.name}_test`),
    );
    // A build error in a dependency is headed by the dependency: take what nobody claimed.
    if (blocks.length === 0) blocks = this.#blocks.filter((block) => !block.claimed);
    for (const block of blocks) block.claimed = true;
    return nonEmpty(blocks.flatMap((block) => block.lines).join('\n'));
  }
}

/** The test output without go's framing lines (=== RUN, --- PASS, ...). */
function outputLines(chunks: readonly string[]): string[] {
  if (chunks.length === 0) return [];
  const lines = chunks.join('').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.filter(
    (line) =>
      !/^=== (RUN|PAUSE|CONT|NAME)\b/.test(line) &&
      !/^\s*--- (PASS|FAIL|SKIP|BENCH): /.test(line) &&
      !/^\s*(PASS|FAIL)$/.test(line),
  );
}

interface LogEntry {
  readonly file?: string;
  readonly line?: number;
  /** The message, its continuation lines joined, indentation removed. */
  readonly text: string;
  /** The entry as printed, for comparing with the whole output. */
  readonly raw: string;
}

const LOG_LINE = /^(\s*)([^\s:]+\.go):(\d+): ?(.*)$/;

/** `    file_test.go:42: message` lines with their more-indented continuation lines. */
function logEntries(lines: readonly string[]): LogEntry[] {
  const entries: LogEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = LOG_LINE.exec(lines[index]!);
    if (!match) continue;
    const indent = match[1]!.length;
    const text = [match[4]!];
    const raw = [lines[index]!];
    while (index + 1 < lines.length) {
      const next = lines[index + 1]!;
      const nextIndent = next.length - next.trimStart().length;
      if (next.trim() === '' || nextIndent <= indent || LOG_LINE.test(next)) break;
      text.push(next.trimStart());
      raw.push(next);
      index++;
    }
    entries.push({
      file: match[2]!,
      line: Number(match[3]),
      text: text.join('\n'),
      raw: raw.join('\n'),
    });
  }
  return entries;
}

/** An error Go marked itself, which need not start with file:line. */
function entryFromText(text: string): LogEntry {
  const [entry] = logEntries(text.split('\n'));
  return entry ?? { text, raw: text };
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
  );
  return Number.isFinite(indent) ? lines.map((l) => l.slice(indent)).join('\n') : text;
}

function panicIndex(run: Run): number {
  return panicIndexIn(outputLines(run.output));
}

/** Runtime panics print at column 0; t.Log lines are indented, so they never match. */
function panicIndexIn(lines: readonly string[]): number {
  return lines.findIndex((line) => line.startsWith('panic: '));
}

function firstPanic(lines: readonly string[]): string | undefined {
  const index = panicIndexIn(lines);
  return index < 0 ? undefined : lines[index]!.replace(/ \[recovered\]$/, '');
}

/** The first stack frame in a _test.go file after the panic line. */
function firstTestFrame(
  lines: readonly string[],
  from: number,
): { file: string; line: number } | undefined {
  for (let index = from; index < lines.length; index++) {
    const frame = /^\t(\S+_test\.go):(\d+)\b/.exec(lines[index]!);
    if (frame) return { file: frame[1]!, line: Number(frame[2]) };
  }
  return undefined;
}

function firstCompilerError(
  text: string,
): { file: string; line: number; message: string } | undefined {
  for (const line of text.split('\n')) {
    const match = /^(\S+\.go):(\d+)(?::\d+)?: (.+)$/.exec(line.trim());
    if (match) return { file: match[1]!, line: Number(match[2]), message: match[3]! };
  }
  return undefined;
}

function failedSubtests(run: Run): string | undefined {
  const failed = run.children.filter((child) => child.verdict === 'fail').map((c) => c.name);
  if (failed.length === 0) return undefined;
  return failed.length === 1
    ? `subtest failed: ${failed[0]}`
    : `${failed.length} subtests failed: ${failed.join(', ')}`;
}

/**
 * Go prints only the file name; with the import path in front, the repository's file is found
 * by its path suffix (a module's import path ends with the package's directory).
 */
function inPackage(pkg: string, file: string): string {
  return pkg === '' || file.includes('/') ? file : `${pkg}/${file}`;
}

/** A test that never ended ran from its start until the package's last event. */
function unfinishedMs(run: Run, pkg: PackageState): number {
  if (run.startedAt === undefined || pkg.lastTime === undefined) return 0;
  const ms = Date.parse(pkg.lastTime) - Date.parse(run.startedAt);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/**
 * Runs of one test are folded by the pipeline on file+suite+name; only failures name a file,
 * so every run gets the file one of them names (the line stays with the run that printed it).
 */
function sameFileForAttempts(tests: TestCase[]): TestCase[] {
  const files = new Map<string, string>();
  for (const test of tests) {
    if (test.file !== undefined && !files.has(test.name)) files.set(test.name, test.file);
  }
  return tests.map((test) => {
    const file = files.get(test.name);
    if (file === undefined || test.file === file) return test;
    return { ...test, file, line: undefined };
  });
}

function toMs(seconds: number): number {
  return Math.round(seconds * 1_000_000) / 1000;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The first line starting with `{`, skipping plain text (build errors) before it. */
function firstJsonLine(head: string): string | undefined {
  for (const line of head.replace(/^\uFEFF/, '').split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('{')) return trimmed;
  }
  return undefined;
}
