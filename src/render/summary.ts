/**
 * The job summary, fitted to GitHub's 1 MiB: conclusion and counts first, then why, the
 * services, each failure, flaky and slowest tests, coverage and the report files. The sections
 * the pull-request comment shares are exported from here. Takes the report redacted
 * (redactReport). Pure.
 */
import type { InputFile } from '../model/input-file.js';
import { formatDuration, type Conclusion, type RunReport } from '../model/run.js';
import type { TestCase } from '../model/tests.js';
import type { ServiceOutcome } from '../services/service.js';
import { renderCoverageSection } from './coverage-summary.js';
import { linkTarget } from './escape.js';
import { fitInSteps, SUMMARY_LIMIT_BYTES, utf8Bytes } from './limits.js';
import {
  attemptsOf,
  codeBlock,
  collapsed,
  countOf,
  createView,
  cutNote,
  messageOf,
  formatCount,
  leftOutNote,
  markdownText,
  markdownWithCode,
  selectTests,
  STATUS_ICONS,
  testLocation,
  testTitle,
  type Detail,
  type TestSelection,
  type View,
} from './view.js';

export interface SummaryOptions {
  /** Where the whole report is (the artifact, else the run): linked when anything is left out. */
  readonly fullReportUrl?: string;
  /** The uploaded HTML report (the artifact): linked under the counts. */
  readonly reportUrl?: string;
  /** The largest summary, in bytes of UTF-8. Default 1 MiB (1,048,576), GitHub's limit. */
  readonly limitBytes?: number;
}

const FULL: Detail = {
  failures: 50,
  failureRows: 450,
  messageChars: 2000,
  detailsChars: 6000,
  outputChars: 6000,
  flaky: 50,
  flakyAttempts: true,
  slowest: 10,
  services: true,
  coverageFiles: 50,
  coverageRanges: 20,
  unmapped: 50,
  inputFiles: 50,
  problems: 20,
  problemChars: 1000,
};
/** First the long lists of tests that passed or matter less. */
const LISTS: Detail = {
  ...FULL,
  failureRows: 100,
  flakyAttempts: false,
  slowest: 0,
  coverageFiles: 20,
  coverageRanges: 5,
  unmapped: 0,
  inputFiles: 20,
};
/** Then shorter messages, details and output. */
const SHORT: Detail = { ...LISTS, messageChars: 500, detailsChars: 1500, outputChars: 1500 };
/** Then fewer failures. */
const FEWER: Detail = {
  ...SHORT,
  failures: 10,
  failureRows: 0,
  messageChars: 300,
  detailsChars: 500,
  outputChars: 0,
  flaky: 10,
};
/** Finally only the counts, the problems and the coverage totals. */
const COUNTS: Detail = {
  ...FEWER,
  failures: 0,
  flaky: 0,
  services: false,
  coverageFiles: 0,
  inputFiles: 0,
  problemChars: 300,
};

/** The summary's levels of detail, fullest first: the first whose Markdown fits is written. */
const SUMMARY_STEPS: readonly Detail[] = [FULL, LISTS, SHORT, FEWER, COUNTS];

const ICONS: Record<Conclusion, string> = {
  success: '✅',
  failure: '❌',
  timed_out: '⏱️',
  cancelled: '🚫',
};

/** The job summary: conclusion and counts first, then why, then each failure. */
export function renderSummary(report: RunReport, options: SummaryOptions = {}): string {
  const limit = options.limitBytes ?? SUMMARY_LIMIT_BYTES;
  const limitText = `the job summary's limit of ${formatBytes(limit)}`;
  const selection = selectTests(report.tests);
  return fitInSteps(
    SUMMARY_STEPS,
    (detail, index) => {
      const view = createView(detail);
      const body = [
        detail.services
          ? servicesSection(report.services)
          : leftOutIf(view, report.services.length > 0, 'the services'),
        ...failureBlocks(selection.failures, view, options.fullReportUrl),
        flakySection(selection.flaky, view),
        slowestSection(selection, view),
        renderCoverageSection(report.coverage, report.context, view),
        inputFilesSection(report.inputFiles, view),
      ];
      return [
        titleLine(report),
        countsTable(report),
        options.reportUrl
          ? `[HTML report](${linkTarget(options.reportUrl)}): every test, coverage per file and the services' logs.`
          : '',
        problemsList(report, view),
        leftOutNote(view, index > 0 ? limitText : undefined, options.fullReportUrl),
        ...body,
      ];
    },
    { limit, measure: utf8Bytes },
    cutNote(limitText, options.fullReportUrl),
  );
}

/** The report's heading: the conclusion's icon, the report's name, the headline. */
export function titleLine(report: RunReport): string {
  return `## ${ICONS[report.conclusion]} ${markdownText(report.name, 200)}: ${headline(report)}`;
}

export function headline(report: RunReport): string {
  const { totals } = report;
  const broken = totals.failed + totals.errored;
  const tests = totals.tests === 0 ? 'no test results' : '';
  switch (report.conclusion) {
    case 'timed_out':
      return `timed out${tests ? `, ${tests}` : ''}`;
    case 'cancelled':
      return 'cancelled';
    case 'failure':
      return broken > 0
        ? `${formatCount(broken)} of ${countOf(totals.tests, 'test')} failed`
        : 'failed';
    default:
      return (
        tests ||
        [
          `${countOf(totals.passed, 'test')} passed`,
          totals.skipped > 0 ? `${formatCount(totals.skipped)} skipped` : '',
          totals.flaky > 0 ? `${formatCount(totals.flaky)} flaky` : '',
        ]
          .filter(Boolean)
          .join(', ')
      );
  }
}

function countsTable(report: RunReport): string {
  const t = report.totals;
  const command = report.command;
  const rows = [
    '| Tests | Passed | Failed | Errored | Skipped | Flaky | Duration |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${t.tests} | ${t.passed} | ${t.failed} | ${t.errored} | ${t.skipped} | ${t.flaky} | ${formatDuration(t.durationMs)} |`,
  ];
  const exit = command
    ? `Command exit code: **${command.exitCode}** in ${formatDuration(command.durationMs)}.`
    : 'Report-only mode: no command was run.';
  return `${rows.join('\n')}\n\n${exit}`;
}

/** Why the run did not succeed, one item each (the action's own sentences quote with code). */
export function problemsList(report: RunReport, view: View): string {
  const { problems, problemChars } = view.detail;
  const shown = report.problems
    .slice(0, problems)
    .map((problem) => `- ${markdownWithCode(problem, problemChars)}`);
  const more = report.problems.length - shown.length;
  if (more > 0) {
    view.leftOut.add(countOf(more, 'more problem'));
    shown.push(`- … and ${formatCount(more)} more.`);
  }
  return shown.join('\n');
}

/**
 * The failures, most important first: the first ones with their message, details and output,
 * the next ones a table row each, and how many more there are.
 */
export function failureBlocks(
  failures: readonly TestCase[],
  view: View,
  fullReportUrl?: string,
): string[] {
  if (failures.length === 0) return [];
  const { detail } = view;
  const detailed = failures.slice(0, detail.failures);
  const rows = failures.slice(detailed.length, detailed.length + detail.failureRows);
  const more = failures.length - detailed.length - rows.length;
  if (detailed.length + rows.length === 0) {
    view.leftOut.add(`the list of ${countOf(failures.length, 'failure')}`);
    return [];
  }
  const blocks = ['### Failures', ...detailed.flatMap((test) => failureBlock(test, view))];
  if (rows.length > 0) blocks.push(failureTable(rows));
  if (more > 0) {
    view.leftOut.add(countOf(more, 'more failure'));
    const where = fullReportUrl
      ? `the [full report](${linkTarget(fullReportUrl)})`
      : 'the JSON report';
    blocks.push(`… and ${countOf(more, 'more failure')}, in ${where}.`);
  }
  return blocks;
}

const CUT_TEXT = 'the rest of long messages, details and output';

/** One failure: a title line, its message, and its details and output collapsed. */
function failureBlock(test: TestCase, view: View): string[] {
  const { detail } = view;
  const label = test.status === 'errored' ? 'Error' : 'Failed';
  const location = testLocation(test);
  const attempts = attemptsOf(test).length;
  const facts = [
    location ? markdownText(location) : '',
    attempts > 1 ? `${attempts} attempts` : '',
    formatDuration(test.durationMs),
  ].filter(Boolean);
  const message = messageOf(test);
  const blocks = [
    `${STATUS_ICONS[test.status]} **${label}: ${markdownText(testTitle(test))}** · ${facts.join(' · ')}`,
    codeBlock(view, message || '(no message)', detail.messageChars, 'head', CUT_TEXT),
  ];
  if (test.details?.trim() !== message?.trim()) {
    blocks.push(collapsedText(view, 'Details', test.details, detail.detailsChars, 'head'));
  }
  blocks.push(collapsedText(view, 'Output', test.output, detail.outputChars, 'tail'));
  return blocks;
}

/** Details or output behind a `<details>` element; left out (and said so) at 0 characters. */
function collapsedText(
  view: View,
  label: 'Details' | 'Output',
  text: string | undefined,
  max: number,
  keep: 'head' | 'tail',
): string {
  if (!text?.trim()) return '';
  if (max > 0) return collapsed(label, codeBlock(view, text, max, keep, CUT_TEXT));
  view.leftOut.add(`the failures’ ${label.toLowerCase()}`);
  return '';
}

/** Failures after the detailed ones: one row each. */
function failureTable(tests: readonly TestCase[]): string {
  const rows = tests.map(
    (test) =>
      `| ${STATUS_ICONS[test.status]} ${markdownText(testTitle(test))} | ${markdownText(testLocation(test) ?? '')} | ${markdownText(messageOf(test) ?? '', 200)} |`,
  );
  return ['| More failures | Location | Message |', '|---|---|---|', ...rows].join('\n');
}

/** Tests that passed after failing, with their attempts (or only how many there were). */
export function flakySection(flaky: readonly TestCase[], view: View): string {
  if (flaky.length === 0) return '';
  const { detail } = view;
  const shown = flaky.slice(0, detail.flaky);
  const more = flaky.length - shown.length;
  if (more > 0)
    view.leftOut.add(countOf(more, shown.length > 0 ? 'more flaky test' : 'flaky test'));
  if (shown.length === 0) return '';
  if (!detail.flakyAttempts) view.leftOut.add('the flaky tests’ attempts');
  const rows = shown.map((test) => {
    const attempts = attemptsOf(test);
    const name = markdownText(testTitle(test));
    if (!detail.flakyAttempts) return `| ${name} | ${attempts.length} |`;
    const runs = attempts.map((a) => `${STATUS_ICONS[a.status]} ${formatDuration(a.durationMs)}`);
    const failed = attempts.find((a) => a.status === 'failed' || a.status === 'errored');
    const why = failed ? markdownText(messageOf(failed) ?? '', 200) : '';
    return `| ${name} | ${runs.join(' → ')} | ${why} |`;
  });
  const header = detail.flakyAttempts
    ? ['| Test | Attempts | First failure |', '|---|---|---|']
    : ['| Test | Attempts |', '|---|---:|'];
  return [
    '### Flaky tests',
    'Passed after failing (counted as passed).',
    [...header, ...rows].join('\n'),
    more > 0 && shown.length > 0 ? `… and ${formatCount(more)} more flaky tests.` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

function slowestSection(selection: TestSelection, view: View): string {
  const shown = selection.slowest.slice(0, view.detail.slowest);
  if (shown.length < selection.slowest.length) view.leftOut.add('the slowest tests');
  if (shown.length === 0) return '';
  const rows = shown.map(
    (test) =>
      `| ${markdownText(testTitle(test))} | ${STATUS_ICONS[test.status]} ${test.status} | ${formatDuration(test.durationMs)} |`,
  );
  return [
    `### Slowest tests`,
    ['| Test | Status | Duration |', '|---|---|---:|', ...rows].join('\n'),
  ].join('\n\n');
}

/** Result and coverage files that could not be read, or were left out as stale. */
export function inputFilesSection(files: readonly InputFile[], view: View): string {
  const notable = files.filter((file) => file.status === 'error' || file.status === 'stale');
  const shown = notable.slice(0, view.detail.inputFiles);
  const more = notable.length - shown.length;
  if (more > 0)
    view.leftOut.add(countOf(more, shown.length > 0 ? 'more report file' : 'report file'));
  if (shown.length === 0) return '';
  const rows = shown.map(
    (file) =>
      `| ${markdownText(file.path)} | ${file.status === 'error' ? '⚠️ not read' : 'stale'} | ${markdownText(file.reason ?? '', 500)} |`,
  );
  return [
    '### Report files',
    ['| File | Status | Reason |', '|---|---|---|', ...rows].join('\n'),
    more > 0 ? `… and ${formatCount(more)} more.` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

const SERVICE_STATUS: Record<ServiceOutcome['status'], string> = {
  healthy: '✅ healthy',
  unhealthy: '❌ not healthy',
  failed: '❌ failed',
};

function servicesSection(services: readonly ServiceOutcome[]): string {
  if (services.length === 0) return '';
  const rows = services.map((service) => {
    const ready =
      service.healthyAfterMs === undefined ? '' : formatDuration(service.healthyAfterMs);
    const ports = Object.entries(service.endpoint?.ports ?? {})
      .map(([container, host]) => `${container}→${host}`)
      .join(', ');
    const reason = markdownWithCode(service.reason ?? '', 500);
    return `| ${markdownText(service.name)} | ${markdownText(service.image)} | ${SERVICE_STATUS[service.status]} | ${ready} | ${ports} | ${reason} |`;
  });
  return [
    '### Services',
    [
      '| Service | Image | Status | Healthy after | Ports | Reason |',
      '|---|---|---|---:|---|---|',
      ...rows,
    ].join('\n'),
  ].join('\n\n');
}

function leftOutIf(view: View, condition: boolean, what: string): string {
  if (condition) view.leftOut.add(what);
  return '';
}

/** 1048576 -> "1 MiB". */
function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${formatCount(bytes)} bytes`;
}
