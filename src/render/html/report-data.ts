/**
 * The data the HTML report's script reads, built from a (redacted) RunReport: columnar arrays,
 * one entry per test, with string tables for suites, files and messages, so that a
 * 100,000-test run embeds in a few megabytes and the browser parses it at once. Pure.
 */
import { formatLineRanges, neverRunRanges } from '../../coverage/changed-lines.js';
import type { Counts } from '../../model/coverage.js';
import type { RunContext, RunReport } from '../../model/run.js';
import type { TestCase, TestStatus } from '../../model/tests.js';
import { relativePath } from '../annotations.js';
import { encodePath, encodePathSegment } from '../escape.js';
import { cutText } from '../limits.js';
import { selectTests } from '../view.js';

/** One character per test status in `ReportData.tests.status`. */
const STATUS_CODES: Record<TestStatus, string> = {
  passed: 'p',
  failed: 'f',
  errored: 'e',
  skipped: 's',
};

/** `[covered, total]`, or 0 where the format does not count it. */
export type CountsPair = readonly [covered: number, total: number] | 0;

/**
 * What the page embeds. Test `i` is `tests.name[i]`, `tests.suite[i]`, ...; the failures come
 * first (as the other surfaces order them: errored, then by file and line), the other tests
 * follow in the report's order.
 */
export interface ReportData {
  readonly version: 1;
  readonly tests: {
    readonly name: readonly string[];
    /** Index into `suites`. */
    readonly suite: readonly number[];
    /** Index into `files`, -1 when the report names no file. */
    readonly file: readonly number[];
    /** 0 when the report names no line. */
    readonly line: readonly number[];
    /** Whole milliseconds. */
    readonly ms: readonly number[];
    /** One STATUS_CODES character per test. */
    readonly status: string;
    /** Index into `messages`, -1 when the test has none. */
    readonly message: readonly number[];
  };
  readonly suites: readonly string[];
  readonly files: readonly string[];
  /** Per file: its path encoded for a GitHub link, 0 when it is not a repository path. */
  readonly fileLinks: readonly (string | 0)[];
  readonly messages: readonly string[];
  /** How many tests (from the first) failed or errored. */
  readonly failures: number;
  /** Tests that passed after failing, most failed attempts first. */
  readonly flaky: readonly number[];
  /** The tests that ran longest, longest first. */
  readonly slowest: readonly number[];
  /** `[test, stack trace]`, for the tests that have one. */
  readonly details: readonly (readonly [number, string])[];
  /** `[test, output]`: what the test printed (its end, when long). */
  readonly output: readonly (readonly [number, string])[];
  /** `[test, [[status code, ms, message index], ...]]`: earlier attempts, oldest first. */
  readonly attempts: readonly (readonly [number, readonly (readonly [string, number, number])[]])[];
  /** Tests whose stack trace or output was left out to keep the file small. */
  readonly textsLeftOut: readonly number[];
  /**
   * `<server>/<repo>/blob/<sha>/`, followed by a `fileLinks` entry and `#L<line>`; absent
   * without a repository and commit.
   */
  readonly blobUrl?: string;
  readonly coverage?: {
    readonly files: {
      readonly path: readonly string[];
      readonly lines: readonly CountsPair[];
      readonly branches: readonly CountsPair[];
      readonly functions: readonly CountsPair[];
      /** Uncovered lines as ranges, `2-4,8`. */
      readonly uncovered: readonly string[];
    };
  };
}

export interface ReportDataOptions {
  /** Most characters of one stack trace or output (a trace keeps its start, output its end). */
  readonly textChars: number;
  /** Most characters of stack traces and output in the whole report, the failures' first. */
  readonly textBudgetChars: number;
  /** How many of the slowest tests to list. */
  readonly slowest: number;
}

/** Names, suites, paths and messages are cut to this many characters. */
const TEXT_CHARS = {
  name: 1000,
  message: 4000,
} as const;

/** The tests in the order the page lists them: failures first, then the report's order. */
function orderTests(report: RunReport, slowest: number) {
  const selection = selectTests(report.tests, slowest);
  if (selection.failures.length === 0) return { ordered: report.tests, selection };
  const ordered = selection.failures.slice();
  for (const test of report.tests) {
    if (test.status !== 'failed' && test.status !== 'errored') ordered.push(test);
  }
  return { ordered, selection };
}

export function buildReportData(report: RunReport, options: ReportDataOptions): ReportData {
  const { ordered, selection } = orderTests(report, options.slowest);
  const suites = new StringTable();
  const files = new StringTable();
  const messages = new StringTable();
  const count = ordered.length;
  const name = new Array<string>(count);
  const suite = new Array<number>(count);
  const file = new Array<number>(count);
  const line = new Array<number>(count);
  const ms = new Array<number>(count);
  const message = new Array<number>(count);
  const status = new Array<string>(count);
  const details: [number, string][] = [];
  const output: [number, string][] = [];
  const attempts: [number, [string, number, number][]][] = [];
  const textsLeftOut: number[] = [];
  let budget = options.textBudgetChars;
  /** Keeps a text while the budget lasts; false when it had to be left out. */
  const keep = (
    into: [number, string][],
    index: number,
    text: string | undefined,
    tail: boolean,
  ) => {
    if (!text?.trim()) return true;
    const kept = cutText(text, options.textChars, tail ? 'tail' : 'head');
    if (kept.length > budget) return false;
    budget -= kept.length;
    into.push([index, kept]);
    return true;
  };
  // The places of the few tests listed again by place (flaky, slowest), not of all 100,000.
  const index = new Map<TestCase, number>();
  const listed = new Set([...selection.flaky, ...selection.slowest]);
  ordered.forEach((test, i) => {
    if (listed.has(test)) index.set(test, i);
    name[i] = cutText(test.name, TEXT_CHARS.name);
    suite[i] = suites.add(cutText(test.suite, TEXT_CHARS.name));
    file[i] = test.file ? files.add(cutText(test.file, TEXT_CHARS.name)) : -1;
    line[i] = test.line && test.line > 0 ? Math.floor(test.line) : 0;
    ms[i] = wholeMs(test.durationMs);
    status[i] = STATUS_CODES[test.status];
    message[i] = test.message?.trim()
      ? messages.add(cutText(test.message, TEXT_CHARS.message))
      : -1;
    const keptDetails = keep(details, i, test.details, false);
    const keptOutput = keep(output, i, test.output, true);
    if (!keptDetails || !keptOutput) textsLeftOut.push(i);
    if (test.retries.length > 0) {
      attempts.push([
        i,
        test.retries.map((attempt) => [
          STATUS_CODES[attempt.status],
          wholeMs(attempt.durationMs),
          attempt.message?.trim() ? messages.add(cutText(attempt.message, TEXT_CHARS.message)) : -1,
        ]),
      ]);
    }
  });
  const blob = githubUrl(report.context, 'blob', report.context.sha);
  const blobUrl = blob && `${blob}/`;
  return {
    version: 1,
    tests: { name, suite, file, line, ms, status: status.join(''), message },
    suites: suites.values,
    files: files.values,
    fileLinks: files.values.map((path) => {
      const relative = blobUrl ? relativePath(path) : undefined;
      return relative ? encodePath(relative) : 0;
    }),
    messages: messages.values,
    failures: selection.failures.length,
    flaky: selection.flaky.map((test) => index.get(test)!),
    slowest: selection.slowest.map((test) => index.get(test)!),
    details,
    output,
    attempts,
    textsLeftOut,
    ...(blobUrl ? { blobUrl } : {}),
    ...(report.coverage ? { coverage: coverageData(report) } : {}),
  };
}

function coverageData(report: RunReport): NonNullable<ReportData['coverage']> {
  const files = report.coverage!.project.files;
  const pair = (counts: Counts | undefined): CountsPair =>
    counts ? [counts.covered, counts.total] : 0;
  return {
    files: {
      path: files.map((file) => file.path),
      lines: files.map((file) => pair(file.totals.lines)),
      branches: files.map((file) => pair(file.totals.branches)),
      functions: files.map((file) => pair(file.totals.functions)),
      uncovered: files.map((file) => formatLineRanges(neverRunRanges(file.lines))),
    },
  };
}

/**
 * `<server>/<repo>/<kind>/<ref>` on GitHub, when the context names the repository and the
 * server URL is http(s); undefined otherwise.
 */
export function githubUrl(
  context: RunContext,
  kind: string,
  ref: string | undefined,
): string | undefined {
  const base = repositoryUrl(context);
  return base && ref ? `${base}/${kind}/${encodePathSegment(ref)}` : undefined;
}

/** `<server>/<owner>/<repo>`, when the server URL is http(s) and the repository is named. */
export function repositoryUrl(context: RunContext): string | undefined {
  if (!context.repository) return undefined;
  let server: URL;
  try {
    server = new URL(context.serverUrl);
  } catch {
    return undefined;
  }
  if (server.protocol !== 'https:' && server.protocol !== 'http:') return undefined;
  return `${server.origin}${server.pathname.replace(/\/+$/, '')}/${encodePath(context.repository)}`;
}

/** A relative path with each segment URL-encoded. */
function wholeMs(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
}

/** Distinct strings, each stored once, by first appearance. */
class StringTable {
  readonly values: string[] = [];
  readonly #index = new Map<string, number>();
  /** Tests of one suite and file come one after another: the last value is checked first. */
  #last: string | undefined;
  #lastIndex = -1;

  add(value: string): number {
    if (value === this.#last) return this.#lastIndex;
    let index = this.#index.get(value);
    if (index === undefined) {
      index = this.values.push(value) - 1;
      this.#index.set(value, index);
    }
    this.#last = value;
    this.#lastIndex = index;
    return index;
  }
}
