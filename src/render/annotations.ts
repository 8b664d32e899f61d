/**
 * Annotations: each failing test at its file and line with its message. A check run carries
 * all of them (50 per request, as the Checks API takes them); workflow commands carry the ten
 * most important (GitHub shows ten errors per step). Pure.
 */
import type { RunReport } from '../model/run.js';
import { escapeCommandData, escapeCommandProperty } from './escape.js';
import { CHECKS_FIELD_BYTES, CHECKS_TITLE_CHARS, cutText, cutToBytes } from './limits.js';
import { compareFailures, messageOf, selectTests, testTitle } from './view.js';

/** One annotation, in the shape of the Checks API's `output.annotations[]`. */
export interface Annotation {
  /** Repository-relative path. */
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly level: 'failure' | 'warning' | 'notice';
  readonly title: string;
  /** At most 64 KiB, as the Checks API takes it. */
  readonly message: string;
  /** Longer text shown behind "Raw output" (stack trace), at most 64 KiB. */
  readonly rawDetails?: string;
}

export interface AnnotationOptions {
  /**
   * The repository path of a test's file as the report gives it (relative to the working
   * directory, or absolute); undefined leaves the test out. Default: relative paths as they
   * are (`./` and backslashes normalized), absolute ones and those leaving the directory left out.
   */
  readonly repositoryPath?: (file: string) => string | undefined;
}

/**
 * One annotation per failed or errored test (of a report redacted with redactReport) that has a file and a line (the others appear in
 * the summary), most important first: errored before failed (a crash often explains the
 * failures after it), then by path, line and title.
 */
export function annotationsFor(report: RunReport, options: AnnotationOptions = {}): Annotation[] {
  const repositoryPath = options.repositoryPath ?? relativePath;
  const located = selectTests(report.tests, 0).failures.flatMap((test) => {
    const path = test.file && test.line && test.line > 0 ? repositoryPath(test.file) : undefined;
    return path ? [{ ...test, file: path, line: test.line! }] : [];
  });
  return located.sort(compareFailures).map((test) => ({
    path: test.file,
    startLine: test.line,
    endLine: test.line,
    level: 'failure',
    title: cutText(
      `${test.status === 'errored' ? 'Error' : 'Failed'}: ${testTitle(test)}`.replace(/\s+/g, ' '),
      CHECKS_TITLE_CHARS,
    ),
    message: cutToBytes(messageOf(test) ?? `Test ${test.status}.`, CHECKS_FIELD_BYTES),
    ...(test.details?.trim() ? { rawDetails: cutToBytes(test.details, CHECKS_FIELD_BYTES) } : {}),
  }));
}

/** `src/a.ts`, `./src/a.ts`, `src\a.ts` -> `src/a.ts`; absolute or `../` paths -> undefined. */
export function relativePath(file: string): string | undefined {
  const path = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (/^(\/|[a-z]:\/|\.\.(\/|$))/i.test(path)) return undefined;
  return path;
}

const LEVEL_RANK: Record<Annotation['level'], number> = { failure: 0, warning: 1, notice: 2 };

/**
 * The `count` most important annotations, for where only a few are shown (GitHub shows ten
 * errors per step): by level, then one per file before a second of any file, so ten failures
 * in one file do not hide the other files; in their given order otherwise. Returned in that
 * order of importance.
 */
export function mostImportant(annotations: readonly Annotation[], count = 10): Annotation[] {
  const seenPerFile = new Map<string, number>();
  const ranked = annotations.map((annotation, index) => {
    const nth = seenPerFile.get(annotation.path) ?? 0;
    seenPerFile.set(annotation.path, nth + 1);
    return { annotation, index, nth };
  });
  return ranked
    .sort(
      (a, b) =>
        LEVEL_RANK[a.annotation.level] - LEVEL_RANK[b.annotation.level] ||
        a.nth - b.nth ||
        a.index - b.index,
    )
    .slice(0, Math.max(0, count))
    .sort((a, b) => a.index - b.index)
    .map((r) => r.annotation);
}

const COMMANDS: Record<Annotation['level'], string> = {
  failure: 'error',
  warning: 'warning',
  notice: 'notice',
};

/**
 * The annotation as a workflow command, as @actions/core writes one (`core.error(message,
 * { title, file, startLine, endLine })`): `::error title=...,file=...,line=...,endLine=...::message`,
 * properties and message escaped by the toolkit's rules.
 */
export function workflowCommand(annotation: Annotation): string {
  const properties = [
    ['title', annotation.title],
    ['file', annotation.path],
    ['line', String(annotation.startLine)],
    ['endLine', String(annotation.endLine)],
  ]
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeCommandProperty(value!)}`);
  return `::${COMMANDS[annotation.level]} ${properties.join(',')}::${escapeCommandData(annotation.message)}`;
}
