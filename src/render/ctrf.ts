import { randomUUID } from 'node:crypto';
import type { InputFile } from '../model/input-file.js';
import { omitUndefined } from '../model/objects.js';
import type { CoverageOutcome, RunReport } from '../model/run.js';
import { neverRunRanges } from '../coverage/changed-lines.js';
import { percentOf, twoDecimals, type Counts } from '../model/coverage.js';
import { isFlaky, type TestAttempt, type TestCase, type TestStatus } from '../model/tests.js';

/** The JSON report: a CTRF document (ctrf.io), with what CTRF has no field for under `extra`. */
export interface CtrfDocument {
  readonly reportFormat: 'CTRF';
  readonly specVersion: string;
  readonly reportId: string;
  readonly timestamp: string;
  readonly generatedBy: string;
  readonly results: {
    readonly tool: { readonly name: string };
    readonly summary: Record<string, unknown>;
    readonly tests: readonly Record<string, unknown>[];
    readonly environment: Record<string, unknown>;
    readonly extra: Record<string, unknown>;
  };
  readonly extra: Record<string, unknown>;
}

export const GENERATED_BY = 'integration-test-action';

/** CTRF has no `errored`: an errored test is `failed` with `rawStatus: errored`, as the interface says. */
const CTRF_STATUS: Record<TestStatus, 'passed' | 'failed' | 'skipped'> = {
  passed: 'passed',
  failed: 'failed',
  errored: 'failed',
  skipped: 'skipped',
};

/**
 * The whole document, from the report redacted (redactReport): every text in it is published.
 * `withTests: false` leaves `results.tests` empty, for writers that add the tests one by one
 * (ctrfTest) instead of holding 100,000 of them twice.
 */
export function renderCtrf(
  report: RunReport,
  options: { withTests: boolean } = { withTests: true },
): CtrfDocument {
  const { totals, context } = report;
  const tests = options.withTests ? report.tests.map(ctrfTest) : [];
  const runUrl =
    context.repository && context.runId
      ? `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}`
      : undefined;
  return {
    reportFormat: 'CTRF',
    specVersion: '0.0.0',
    reportId: randomUUID(),
    timestamp: report.finishedAt.toISOString(),
    generatedBy: GENERATED_BY,
    results: {
      tool: { name: toolName(report.inputFiles) },
      summary: {
        tests: totals.tests,
        passed: totals.passed,
        failed: totals.failed + totals.errored,
        skipped: totals.skipped,
        pending: 0,
        other: 0,
        flaky: totals.flaky,
        suites: new Set(report.tests.map((test) => test.suite)).size,
        start: report.startedAt.getTime(),
        stop: report.finishedAt.getTime(),
        duration: totals.durationMs,
        extra: { errored: totals.errored },
      },
      tests,
      environment: omitUndefined({
        reportName: report.name,
        buildUrl: runUrl,
        buildId: context.runId,
        repositoryName: context.repository,
        repositoryUrl: context.repository
          ? `${context.serverUrl}/${context.repository}`
          : undefined,
        commit: context.sha,
        branchName: context.ref?.replace(/^refs\/heads\//, ''),
        osPlatform: process.platform,
      }),
      extra: omitUndefined({
        conclusion: report.conclusion,
        problems: report.problems,
        command: report.command && {
          exitCode: report.command.exitCode,
          timedOut: report.command.timedOut,
          cancelled: report.command.cancelled,
          durationMs: report.command.durationMs,
        },
      }),
    },
    extra: omitUndefined({
      coverage: report.coverage && coverageEntry(report.coverage),
      inputFiles: report.inputFiles.map(inputFileEntry),
      services: report.services.map((service) =>
        omitUndefined({
          name: service.name,
          image: service.image,
          status: service.status,
          healthyAfterMs: service.healthyAfterMs,
          reason: service.reason,
          host: service.endpoint?.host,
          ports: service.endpoint?.ports,
          url: service.endpoint?.url,
        }),
      ),
    }),
  };
}

/** Coverage under `extra.coverage`: counts and percents, per file, and the changed lines. */
function coverageEntry(coverage: CoverageOutcome): Record<string, unknown> {
  const { project, changedLines } = coverage;
  const counts = (c: Counts | undefined) =>
    c && { covered: c.covered, total: c.total, percent: percentNumber(percentOf(c)) };
  return omitUndefined({
    lines: counts(project.totals.lines),
    branches: counts(project.totals.branches),
    functions: counts(project.totals.functions),
    statements: counts(project.totals.statements),
    files: project.files.map((file) =>
      omitUndefined({
        path: file.path,
        lines: counts(file.totals.lines),
        branches: counts(file.totals.branches),
        functions: counts(file.totals.functions),
        uncoveredLines: neverRunRanges(file.lines),
      }),
    ),
    unmappedFiles: project.unmapped,
    changedLines: changedLines && {
      percent: percentNumber(changedLines.diffCoverage),
      ...changedLines.totals,
      files: changedLines.files.map((file) => ({
        path: file.path,
        changed: file.changed,
        coverable: file.coverable.length,
        covered: file.covered.length,
        percent: percentNumber(file.percent),
        uncoveredRanges: file.uncoveredRanges,
      })),
      filesWithoutCoverage: changedLines.filesWithoutCoverage,
    },
    changedLinesNote: coverage.changedLinesNote,
    changedLinesCaveat: coverage.changedLinesCaveat,
  });
}

function percentNumber(percent: number | undefined): number | undefined {
  const text = twoDecimals(percent);
  return text === undefined ? undefined : Number(text);
}

/** One test of the redacted report (redactReport). */
export function ctrfTest(test: TestCase): Record<string, unknown> {
  // Built field by field rather than through omitUndefined: this runs once per test, 100,000
  // times for a large run, and the order of the fields stays the one CTRF documents.
  const entry: Record<string, unknown> = {
    name: test.name || '(unnamed)',
    status: CTRF_STATUS[test.status],
    rawStatus: test.status,
    duration: Math.round(test.durationMs),
  };
  if (test.suite) entry.suite = [test.suite];
  if (test.message) entry.message = test.message;
  if (test.details) entry.trace = test.details;
  if (test.file !== undefined) entry.filePath = test.file;
  if (test.line !== undefined) entry.line = test.line;
  if (test.retries.length > 0) {
    if (isFlaky(test)) entry.flaky = true;
    entry.retries = test.retries.length;
    entry.retryAttempts = [...test.retries, test].map((attempt, index) =>
      ctrfAttempt(attempt, index + 1),
    );
  }
  if (test.output) entry.stdout = test.output.split('\n');
  return entry;
}

function ctrfAttempt(attempt: TestAttempt, number: number) {
  return omitUndefined({
    attempt: number,
    status: CTRF_STATUS[attempt.status],
    duration: Math.round(attempt.durationMs),
    message: attempt.message,
    trace: attempt.details,
    extra: { rawStatus: attempt.status },
  });
}

function inputFileEntry(file: InputFile) {
  return omitUndefined({
    path: file.path,
    kind: file.kind,
    status: file.status,
    format: file.format,
    reason: file.reason,
    bytes: file.bytes,
  });
}

function toolName(files: readonly InputFile[]): string {
  const formats = [...new Set(files.filter((f) => f.status === 'parsed').map((f) => f.format))];
  return formats.length > 0 ? formats.join(', ') : GENERATED_BY;
}
