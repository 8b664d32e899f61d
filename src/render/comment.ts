/**
 * The pull-request comment's body, fitted to GitHub's 65,536 characters with room for the
 * publisher's hidden marker line (which this body does not include): conclusion, counts,
 * coverage and links first, then failures first. Pure.
 */
import { percentOf } from '../model/coverage.js';
import { formatDuration, formatPercent, type RunReport } from '../model/run.js';
import { renderChangedLines } from './coverage-summary.js';
import { linkTarget } from './escape.js';
import { COMMENT_LIMIT_CHARS, COMMENT_MARKER_CHARS, fitInSteps, utf16Units } from './limits.js';
import {
  failureBlocks,
  flakySection,
  inputFilesSection,
  problemsList,
  titleLine,
} from './summary.js';
import {
  countOf,
  createView,
  cutNote,
  formatCount,
  leftOutNote,
  selectTests,
  type Detail,
} from './view.js';

export interface CommentOptions {
  /** The workflow run; default: built from the report's context when it names the run. */
  readonly runUrl?: string;
  /** The artifact holding the HTML report, once it exists. */
  readonly artifactUrl?: string;
  /** The base branch's coverage in percent, for the delta. */
  readonly baseCoverage?: { readonly lines?: number };
  /**
   * The longest body, in UTF-16 code units (JavaScript `length`, as GitHub counts). Default
   * 65,536 − 200: GitHub's limit, less room for the marker line the publisher puts first.
   */
  readonly limitChars?: number;
}

const FULL: Detail = {
  failures: 20,
  failureRows: 30,
  messageChars: 1000,
  detailsChars: 3000,
  outputChars: 2000,
  flaky: 20,
  flakyAttempts: true,
  slowest: 0,
  services: false,
  coverageFiles: 20,
  coverageRanges: 10,
  unmapped: 0,
  inputFiles: 20,
  problems: 20,
  problemChars: 1000,
};
const LISTS: Detail = {
  ...FULL,
  failureRows: 10,
  flakyAttempts: false,
  coverageFiles: 10,
  coverageRanges: 5,
  inputFiles: 10,
};
const SHORT: Detail = { ...LISTS, messageChars: 300, detailsChars: 1000, outputChars: 500 };
const FEWER: Detail = {
  ...SHORT,
  failures: 5,
  failureRows: 0,
  detailsChars: 300,
  outputChars: 0,
  flaky: 5,
};
const COUNTS: Detail = {
  ...FEWER,
  failures: 0,
  flaky: 0,
  coverageFiles: 0,
  inputFiles: 0,
  problemChars: 300,
};

/**
 * The comment's levels of detail, fullest first, as the summary's: long lists, then shorter
 * texts, then fewer failures, then only counts and problems. No services or slowest tests: the
 * problems name a service that failed, and the summary has the rest.
 */
const COMMENT_STEPS: readonly Detail[] = [FULL, LISTS, SHORT, FEWER, COUNTS];

export function renderComment(report: RunReport, options: CommentOptions = {}): string {
  const limit = options.limitChars ?? COMMENT_LIMIT_CHARS - COMMENT_MARKER_CHARS;
  const limitText = `GitHub's limit of 65,536 characters for a comment`;
  const runUrl = options.runUrl ?? runUrlOf(report);
  const fullReportUrl = options.artifactUrl ?? runUrl;
  const selection = selectTests(report.tests, 0);
  return fitInSteps(
    COMMENT_STEPS,
    (detail, index) => {
      const view = createView(detail);
      const changedLines = report.coverage
        ? renderChangedLines(report.coverage, report.context, view)
        : '';
      const body = [
        ...failureBlocks(selection.failures, view, fullReportUrl),
        flakySection(selection.flaky, view),
        changedLines ? `### Changed lines\n\n${changedLines}` : '',
        inputFilesSection(report.inputFiles, view),
      ];
      return [
        titleLine(report),
        [countsLine(report), coverageLine(report, options.baseCoverage)]
          .filter(Boolean)
          .join(' · '),
        links(runUrl, options.artifactUrl),
        problemsList(report, view),
        leftOutNote(view, index > 0 ? limitText : undefined, fullReportUrl),
        ...body,
      ];
    },
    { limit, measure: utf16Units },
    cutNote(limitText, fullReportUrl),
  );
}

/** "18 tests: 14 passed (2 flaky), 2 failed, 1 errored, 1 skipped in 12.4s". */
function countsLine(report: RunReport): string {
  const t = report.totals;
  if (t.tests === 0) return 'No test results.';
  const n = formatCount;
  const parts = [
    `${n(t.passed)} passed${t.flaky > 0 ? ` (${n(t.flaky)} flaky)` : ''}`,
    t.failed > 0 ? `${n(t.failed)} failed` : '',
    t.errored > 0 ? `${n(t.errored)} errored` : '',
    t.skipped > 0 ? `${n(t.skipped)} skipped` : '',
  ].filter(Boolean);
  return `**${countOf(t.tests, 'test')}**: ${parts.join(', ')} in ${formatDuration(t.durationMs)}`;
}

/**
 * "Line coverage **81.20%** (+1.30 vs. 79.90% on the base branch)". The delta is taken between
 * the two values as shown (cut to two decimals), so that the numbers add up on the page.
 */
function coverageLine(report: RunReport, base: CommentOptions['baseCoverage']): string {
  const lines = percentOf(report.coverage?.project.totals.lines);
  if (lines === undefined) return '';
  let delta = '';
  if (base?.lines !== undefined) {
    const hundredths = Math.floor(lines * 100) - Math.floor(base.lines * 100);
    const sign = hundredths > 0 ? '+' : hundredths < 0 ? '−' : '±';
    delta = ` (${sign}${(Math.abs(hundredths) / 100).toFixed(2)} vs. ${formatPercent(base.lines)} on the base branch)`;
  }
  const changed = report.coverage?.changedLines?.diffCoverage;
  const changedPart = changed === undefined ? '' : ` · changed lines **${formatPercent(changed)}**`;
  return `line coverage **${formatPercent(lines)}**${delta}${changedPart}`;
}

function links(runUrl: string | undefined, artifactUrl: string | undefined): string {
  return [
    runUrl ? `[Workflow run](${linkTarget(runUrl)})` : '',
    artifactUrl ? `[HTML report](${linkTarget(artifactUrl)})` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** `<server>/<owner>/<repo>/actions/runs/<id>[/attempts/<n>]`, when the context names the run. */
export function runUrlOf(report: RunReport): string | undefined {
  const { serverUrl, repository, runId, runAttempt } = report.context;
  if (!repository || !runId) return undefined;
  const attempt = runAttempt && runAttempt !== '1' ? `/attempts/${runAttempt}` : '';
  return `${serverUrl}/${repository}/actions/runs/${runId}${attempt}`;
}
