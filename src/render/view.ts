/**
 * What every surface shows of a run, before it is written out: which tests (failures first,
 * flaky, slowest), in which order, how much of each at one level of detail, and untrusted text
 * cut and escaped on the way in. The report comes redacted (redactReport in redact.ts): secrets
 * are taken out before escaping changes how they are written. Pure.
 */
import { isFlaky, type TestAttempt, type TestCase, type TestStatus } from '../model/tests.js';
import { escapeMarkdown, escapeMarkdownKeepingCode, fencedBlock, linkTarget } from './escape.js';
import { cutText } from './limits.js';

/** How much of each part one rendering shows. A surface lists these from fullest to barest. */
export interface Detail {
  /** Failures shown with their message, details and output. */
  readonly failures: number;
  /** Failures after those, one table row each (test, location, first line of the message). */
  readonly failureRows: number;
  readonly messageChars: number;
  /** 0: details left out. */
  readonly detailsChars: number;
  /** 0: output left out. Output is cut from the start: its last lines tell most. */
  readonly outputChars: number;
  readonly flaky: number;
  /** Each attempt and the first failure's message, or only the number of attempts. */
  readonly flakyAttempts: boolean;
  readonly slowest: number;
  readonly services: boolean;
  /** Rows of the changed-files coverage table; 0: only the changed lines' total. */
  readonly coverageFiles: number;
  /** Uncovered ranges linked per changed file. */
  readonly coverageRanges: number;
  /** Coverage paths that match no file of the repository. */
  readonly unmapped: number;
  /** Rows of the report-files table. */
  readonly inputFiles: number;
  readonly problems: number;
  readonly problemChars: number;
}

/** Names, paths and reasons are cut to this many characters wherever they appear. */
const NAME_CHARS = 300;

/** One rendering in progress: its detail, and what it left out. */
export interface View {
  readonly detail: Detail;
  /** What this rendering left out, in words, for the note that says so; in order, once each. */
  readonly leftOut: Set<string>;
}

export function createView(detail: Detail): View {
  return { detail, leftOut: new Set() };
}

/** Untrusted text as one line of Markdown: cut, then escaped. */
export function markdownText(text: string, max = NAME_CHARS): string {
  return escapeMarkdown(cutText(text, max));
}

/** Like markdownText, but code spans stay code (escapeMarkdownKeepingCode). */
export function markdownWithCode(text: string, max = NAME_CHARS): string {
  return escapeMarkdownKeepingCode(cutText(text, max));
}

/**
 * Untrusted text as a fenced code block, cut to `max` characters with the cut named inside the
 * block (and in the view's left-out list as `what`).
 */
export function codeBlock(
  view: Pick<View, 'leftOut'>,
  text: string,
  max: number,
  keep: 'head' | 'tail',
  what: string,
): string {
  if (text.length <= max) return fencedBlock(text);
  view.leftOut.add(what);
  const kept = cutText(text, max, keep);
  const cut = formatCount(text.length - kept.length + 1);
  return fencedBlock(
    keep === 'head'
      ? `${kept}\n(${cut} more characters cut)`
      : `(${cut} characters before cut)\n${kept}`,
  );
}

/** `<details>` around Markdown blocks, with a summary line of the renderer's own words. */
export function collapsed(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/**
 * A line naming what a rendering left out, and where all of it is; empty when nothing was.
 * `shortenedTo` names the limit when the rendering is not the fullest step.
 */
export function leftOutNote(view: View, shortenedTo?: string, fullReportUrl?: string): string {
  if (view.leftOut.size === 0) return '';
  return [
    `**Not shown here:** ${[...view.leftOut].join('; ')}.`,
    shortenedTo ? `Shortened to stay within ${shortenedTo}.` : '',
    fullReportUrl ? `[Full report](${linkTarget(fullReportUrl)})` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The last resort's note, where blocks were dropped from the end. */
export function cutNote(limit: string, fullReportUrl?: string): string {
  const link = fullReportUrl ? ` [Full report](${linkTarget(fullReportUrl)})` : '';
  return `**The rest of this report was left out** to stay within ${limit}.${link}`;
}

/** 20000 -> "20,000". */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** (20000, 'test') -> "20,000 tests". */
export function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** "Suite › name", or the name alone. */
export function testTitle(test: TestCase): string {
  const title = test.suite ? `${test.suite} › ${test.name}` : test.name;
  return title.trim() === '' ? '(unnamed test)' : title;
}

/** "path/to/file.ts:12", where the report says. */
export function testLocation(test: TestCase): string | undefined {
  if (!test.file) return undefined;
  return test.line ? `${test.file}:${test.line}` : test.file;
}

/** Every run of a test, oldest first: the retries, then the final one. */
export function attemptsOf(test: TestCase): readonly TestAttempt[] {
  return [...test.retries, test];
}

/** The message, else the first line of the details: what one line can say of a failure. */
export function messageOf(test: TestAttempt): string | undefined {
  const message = test.message?.trim();
  if (message) return message;
  return test.details?.trim().split(/\r?\n/, 1)[0];
}

export const STATUS_ICONS: Record<TestStatus, string> = {
  passed: '✅',
  failed: '❌',
  errored: '💥',
  skipped: '⏭️',
};

/** The tests each surface lists, selected and ordered once per report. */
export interface TestSelection {
  /**
   * Failed and errored tests. Errored first: a crash (a fixture, an import, a timeout) often
   * explains the failures after it. Then by file, line, suite and name, so failures of one
   * file stand together.
   */
  readonly failures: readonly TestCase[];
  /** Passed after failing: the most failed attempts first. */
  readonly flaky: readonly TestCase[];
  /** Tests that ran, longest first; none when fewer than two ran. */
  readonly slowest: readonly TestCase[];
}

export function selectTests(tests: readonly TestCase[], slowest = 10): TestSelection {
  // Every surface of a run asks for the same tests (the summary, the HTML report, the comment,
  // the annotations): selected once, and the slowest for the largest count asked, of which a
  // smaller count is the start.
  let selection = selections.get(tests);
  if (!selection || selection.slowestCount < slowest) {
    const failures =
      selection?.failures ??
      tests.filter((t) => t.status === 'failed' || t.status === 'errored').sort(compareFailures);
    const flaky =
      selection?.flaky ??
      tests
        .filter(isFlaky)
        .sort(
          (a, b) =>
            failedAttempts(b) - failedAttempts(a) || compareText(testTitle(a), testTitle(b)),
        );
    selection = { failures, flaky, slowest: slowestOf(tests, slowest), slowestCount: slowest };
    selections.set(tests, selection);
  }
  return {
    failures: selection.failures,
    flaky: selection.flaky,
    slowest: selection.slowest.slice(0, slowest),
  };
}

const selections = new WeakMap<
  readonly TestCase[],
  TestSelection & { readonly slowestCount: number }
>();

/** Errored before failed, then by file (tests without one last), line, suite and name. */
export function compareFailures(a: TestCase, b: TestCase): number {
  return (
    statusRank(a.status) - statusRank(b.status) ||
    compareOptional(a.file, b.file) ||
    (a.line ?? Infinity) - (b.line ?? Infinity) ||
    compareText(a.suite, b.suite) ||
    compareText(a.name, b.name)
  );
}

function statusRank(status: TestStatus): number {
  return status === 'errored' ? 0 : status === 'failed' ? 1 : 2;
}

function failedAttempts(test: TestCase): number {
  return test.retries.filter((a) => a.status === 'failed' || a.status === 'errored').length;
}

/** The `count` longest tests that ran, without sorting them all (reports hold 100,000 tests). */
function slowestOf(tests: readonly TestCase[], count: number): TestCase[] {
  const top: TestCase[] = [];
  if (count <= 0 || !hasTwoThatRan(tests)) return top;
  const slower = (a: TestCase, b: TestCase) =>
    b.durationMs - a.durationMs || compareText(testTitle(a), testTitle(b));
  for (const test of tests) {
    if (test.status === 'skipped' || !(test.durationMs > 0)) continue;
    if (top.length === count && slower(test, top[count - 1]!) >= 0) continue;
    top.push(test);
    top.sort(slower);
    if (top.length > count) top.pop();
  }
  return top;
}

function hasTwoThatRan(tests: readonly TestCase[]): boolean {
  let ran = 0;
  for (const test of tests) if (test.status !== 'skipped' && ++ran === 2) return true;
  return false;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Present before absent, then in text order. */
function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return compareText(a, b);
}
