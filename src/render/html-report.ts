/**
 * The self-contained HTML report: one file, everything inline, no request to anywhere (a
 * Content-Security-Policy of `default-src 'none'` that allows only the page's own script and
 * style, by their SHA-256), so it works opened from a downloaded artifact.
 *
 * What is small and fixed (the header, coverage totals and changed lines, services, the input
 * files) is written here as escaped HTML; what is large and interactive (failures, the test
 * list, flaky and slowest tests, coverage per file) the script builds from the data embedded as
 * JSON (html/report-data.ts), with text APIs only. Takes the report redacted (redactReport).
 * Pure.
 */
import { createHash } from 'node:crypto';
import {
  changedFilesWorstFirst,
  formatLineRanges,
  lineAnchor,
  type ChangedFileCoverage,
  type LineRange,
} from '../coverage/changed-lines.js';
import { namedTotals, percentOf, type MergedFile } from '../model/coverage.js';
import type { InputFile } from '../model/input-file.js';
import {
  formatDuration,
  formatPercent,
  type Conclusion,
  type CoverageOutcome,
  type RunReport,
} from '../model/run.js';
import type { ServiceOutcome } from '../services/service.js';
import { CLIENT_SCRIPT } from './html/client-script.js';
import { encodePath } from './escape.js';
import { buildReportData, githubUrl, repositoryUrl } from './html/report-data.js';
import { STYLES } from './html/styles.js';
import { cutText } from './limits.js';
import { headline } from './summary.js';
import { countOf, formatCount } from './view.js';

export interface HtmlReportOptions {
  /**
   * The end of each service's log, by service name, shown under the service (the caller passes
   * them when something failed). Redacted like the report.
   */
  readonly serviceLogs?: Readonly<Record<string, string>>;
  /**
   * Most characters of one stack trace or output: a trace keeps its start, output its end.
   * Default 65,536 (what the parsers keep of one text).
   */
  readonly textChars?: number;
  /**
   * Most characters of stack traces and output in the whole report, the failures' first; the
   * tests past it say theirs were left out. Default 8,000,000.
   */
  readonly textBudgetChars?: number;
  /** Most characters of one service log (its end). Default 262,144. */
  readonly logChars?: number;
  /** How many of the slowest tests to list. Default 20. */
  readonly slowest?: number;
}

/** The id of the `<script type="application/json">` element holding the report's data. */
export const REPORT_DATA_ID = 'report-data';

const CONCLUSIONS: Record<Conclusion, string> = {
  success: 'Passed',
  failure: 'Failed',
  timed_out: 'Timed out',
  cancelled: 'Cancelled',
};

/** The report as one HTML document. */
export function renderHtmlReport(report: RunReport, options: HtmlReportOptions = {}): string {
  return renderHtmlReportLines(report, options).join('\n');
}

/**
 * The report's lines, to be written one after another: a 100,000-test report is 11 MB, and
 * joining it first would hold it twice more (the joined text, then its bytes).
 */
export function renderHtmlReportLines(
  report: RunReport,
  options: HtmlReportOptions = {},
): string[] {
  const data = buildReportData(report, {
    textChars: options.textChars ?? 65_536,
    textBudgetChars: options.textBudgetChars ?? 8_000_000,
    slowest: options.slowest ?? 20,
  });
  const { totals } = report;
  const muted = (count: number) => ` <span class="muted">${formatCount(count)}</span>`;
  /** [id, the link in the bar, the heading, the body]; sections with no body are left out. */
  const sections: [id: string, link: string, heading: string, body: string][] = [
    [
      'failures',
      'Failures',
      `Failures${muted(totals.failed + totals.errored)}`,
      data.failures > 0
        ? '<div id="failure-list"></div><button type="button" id="failures-more" class="more" hidden></button>'
        : '',
    ],
    ['tests', 'Tests', 'Tests', testsSection(report)],
    [
      'flaky',
      'Flaky',
      `Flaky tests${muted(data.flaky.length)}`,
      data.flaky.length > 0
        ? '<p class="muted">Passed after failing (counted as passed).</p><table><thead><tr><th>Test</th><th>Attempts</th><th>First failure</th></tr></thead><tbody id="flaky-rows"></tbody></table><button type="button" id="flaky-more" class="more" hidden></button>'
        : '',
    ],
    [
      'slowest',
      'Slowest',
      'Slowest tests',
      data.slowest.length > 0
        ? '<table><thead><tr><th>Test</th><th>Status</th><th class="num">Duration</th></tr></thead><tbody id="slowest-rows"></tbody></table>'
        : '',
    ],
    ['coverage', 'Coverage', 'Coverage', report.coverage ? coverageSection(report) : ''],
    ['services', 'Services', 'Services', servicesSection(report.services, options)],
    ['files', 'Report files', 'Report files', inputFilesSection(report.inputFiles)],
  ];
  const shown = sections.filter(([, , , body]) => body !== '');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(`${report.name}: ${CONCLUSIONS[report.conclusion]}`)}</title>`,
    '<link rel="icon" href="data:,">',
    `<style>${STYLES}</style>`,
    '</head>',
    '<body>',
    header(report),
    `<nav aria-label="Sections">${shown.map(([id, link]) => `<a href="#${id}">${link}</a>`).join('')}</nav>`,
    '<main>',
    ...shown.map(
      ([id, , heading, body]) => `<section id="${id}"><h2>${heading}</h2>\n${body}\n</section>`,
    ),
    '</main>',
    `<script type="application/json" id="${REPORT_DATA_ID}">`,
    ...embedJsonLines(data as unknown as Record<string, unknown>),
    '</script>',
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ];
}

/**
 * `default-src 'none'`: no request of any kind; the one inline script and the one style
 * element are allowed by their SHA-256, images only as data: URIs (the empty favicon, so the
 * browser does not ask for one).
 */
function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `script-src '${sha256(CLIENT_SCRIPT)}'`,
    `style-src '${sha256(STYLES)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** CSP hash source of a text: `sha256-<base64 of the SHA-256 of its UTF-8>`. */
function sha256(source: string): string {
  return `sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}`;
}

/**
 * JSON that cannot end its `<script>` element or open a comment in it: every `<` written as
 * `\u003c` (and U+2028/U+2029 escaped too, for any reader that takes it as JavaScript).
 * JSON.parse reads it back unchanged.
 */
export function embedJson(value: unknown): string {
  // String replacements, not one callback per match: stack traces are full of `<anonymous>`.
  let json = JSON.stringify(value);
  if (json.includes('<')) json = json.replaceAll('<', '\\u003c');
  if (json.includes('\u2028')) json = json.replaceAll('\u2028', '\\u2028');
  if (json.includes('\u2029')) json = json.replaceAll('\u2029', '\\u2029');
  return json;
}

/**
 * An object as embedJson writes it, one member a line (JSON allows the newlines between
 * them): written line by line, the largest piece held at once is one member, not the whole.
 */
function embedJsonLines(value: Record<string, unknown>): string[] {
  const members = Object.entries(value).filter(([, member]) => member !== undefined);
  return [
    '{',
    ...members.flatMap(([key, member], index) => [
      `${embedJson(key)}:`,
      embedJson(member),
      ...(index < members.length - 1 ? [','] : []),
    ]),
    '}',
  ];
}

/**
 * Untrusted text in HTML content or a quoted attribute value. Not escape.ts's escapeHtml: that
 * one writes text for GitHub's Markdown (one line, mentions broken up), and logs and stack
 * traces here keep their lines and characters as written.
 */
export function text(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function link(url: string | undefined, label: string): string {
  return url
    ? `<a href="${text(url)}" target="_blank" rel="noopener noreferrer">${text(label)}</a>`
    : text(label);
}

function header(report: RunReport): string {
  const { context, totals, command } = report;
  const repository = repositoryUrl(context);
  const counts: [key: keyof typeof totals, label: string][] = [
    ['tests', 'Tests'],
    ['passed', 'Passed'],
    ['failed', 'Failed'],
    ['errored', 'Errored'],
    ['skipped', 'Skipped'],
    ['flaky', 'Flaky'],
  ];
  const run =
    repository && context.runId
      ? `${repository}/actions/runs/${encodeURIComponent(context.runId)}${
          context.runAttempt && context.runAttempt !== '1'
            ? `/attempts/${encodeURIComponent(context.runAttempt)}`
            : ''
        }`
      : undefined;
  const pullRequest = context.pullRequest;
  const facts = [
    context.sha
      ? `Commit ${link(githubUrl(context, 'commit', context.sha), context.sha.slice(0, 7))}`
      : '',
    context.ref ? `Branch ${text(branchOf(context.ref))}` : '',
    pullRequest && repository
      ? `Pull request ${link(`${repository}/pull/${pullRequest.number}`, `#${pullRequest.number}`)}`
      : '',
    run || context.runId
      ? `Run ${link(run, `#${context.runId}${context.runAttempt && context.runAttempt !== '1' ? ` (attempt ${context.runAttempt})` : ''}`)}`
      : '',
    context.workflow || context.job
      ? text([context.workflow, context.job].filter(Boolean).join(' / '))
      : '',
    command
      ? `Command <code>${text(cutText(command.command, 300))}</code> ${
          command.timedOut
            ? 'timed out'
            : command.cancelled
              ? 'was cancelled'
              : `exited with ${command.exitCode}`
        } after ${formatDuration(command.durationMs)}`
      : 'Report only: no command was run',
    `Finished ${text(isoTime(report.finishedAt))}`,
  ].filter(Boolean);
  const problems = report.problems.length
    ? `<ul class="problems">${report.problems.map((p) => `<li>${text(cutText(p, 1000))}</li>`).join('')}</ul>`
    : '';
  return [
    '<header>',
    `<h1><span class="conclusion ${report.conclusion}" id="conclusion">${CONCLUSIONS[report.conclusion]}</span> ${text(report.name)}</h1>`,
    `<p id="headline">${text(headline(report))}</p>`,
    `<dl class="counts">${counts
      .map(
        ([key, label]) =>
          `<div><dt>${label}</dt><dd data-count="${key}">${formatCount(totals[key])}</dd></div>`,
      )
      .join(
        '',
      )}<div><dt>Duration</dt><dd data-count="duration">${formatDuration(totals.durationMs)}</dd></div></dl>`,
    `<div class="facts">${facts.map((fact) => `<span>${fact}</span>`).join('')}</div>`,
    problems,
    '</header>',
  ].join('\n');
}

/** `refs/heads/main` -> `main`, `refs/tags/v1` -> `v1`, `refs/pull/7/merge` -> itself. */
function branchOf(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

function isoTime(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function testsSection(report: RunReport): string {
  const { totals } = report;
  const filters: [id: string, label: string, count: number][] = [
    ['all', 'All', totals.tests],
    ['failed', 'Failed', totals.failed + totals.errored],
    ['passed', 'Passed', totals.passed],
    ['skipped', 'Skipped', totals.skipped],
    ['flaky', 'Flaky', totals.flaky],
  ];
  const select = (id: string, label: string, options: [string, string][]) =>
    `<label>${label} <select id="${id}">${options.map(([value, name]) => `<option value="${value}">${name}</option>`).join('')}</select></label>`;
  return [
    '<div class="controls">',
    `<div id="test-filters" role="group" aria-label="Status">${filters
      .map(
        ([id, label, count]) =>
          `<button type="button" data-filter="${id}" aria-pressed="${id === 'all'}">${label} <span class="muted">${formatCount(count)}</span></button>`,
      )
      .join(' ')}</div>`,
    '<input type="search" id="test-search" placeholder="Search by name" aria-label="Search tests by name" autocomplete="off">',
    select('test-sort', 'Sort', [
      ['default', 'Failures first'],
      ['slowest', 'Slowest first'],
      ['fastest', 'Fastest first'],
      ['name', 'Name'],
    ]),
    select('test-group', 'Group by', [
      ['none', 'Nothing'],
      ['suite', 'Suite'],
      ['file', 'File'],
    ]),
    '</div>',
    '<p id="tests-count" class="muted" aria-live="polite"></p>',
    '<div id="tests-viewport" class="viewport" role="table" aria-label="Tests"></div>',
    '<div id="test-detail" class="detail" aria-live="polite"></div>',
    '<noscript><p>The lists of this report need JavaScript.</p></noscript>',
  ].join('\n');
}

function coverageSection(report: RunReport): string {
  const coverage = report.coverage!;
  const { totals, files, unmapped } = coverage.project;
  const rows = namedTotals(totals);
  const columns: [sort: string, label: string, className: string][] = [
    ['path', 'File', 'path'],
    ['lines', 'Lines', 'pct'],
    ['missed', 'Covered / lines', 'cnt'],
    ['branches', 'Branches', 'cnt'],
    ['functions', 'Functions', 'cnt'],
  ];
  return [
    `<table id="coverage-totals"><thead><tr><th></th><th class="num">Covered</th><th class="num">Total</th><th class="num">Coverage</th></tr></thead><tbody>${rows
      .map(
        ([label, counts]) =>
          `<tr><th>${label}</th><td class="num">${formatCount(counts.covered)}</td><td class="num">${formatCount(counts.total)}</td><td class="num">${formatPercent(percentOf(counts))}</td></tr>`,
      )
      .join('')}</tbody></table>`,
    changedLinesPart(report, coverage, files),
    files.length > 0
      ? [
          `<h3>Files</h3>`,
          '<div class="controls"><input type="search" id="coverage-search" placeholder="Filter by path" aria-label="Filter coverage by path" autocomplete="off"><span id="coverage-count" class="muted"></span></div>',
          `<div id="coverage-head" class="vrow head" role="row">${columns
            .map(
              ([sort, label, className]) =>
                `<span class="${className}"><button type="button" data-sort="${sort}" aria-pressed="false">${label}</button></span>`,
            )
            .join('')}<span class="ranges">Uncovered lines</span></div>`,
          '<div id="coverage-viewport" class="viewport" role="table" aria-label="Coverage per file"></div>',
        ].join('\n')
      : '',
    unmapped.length > 0
      ? `<details><summary>${countOf(unmapped.length, 'covered file')} match no file of the repository (kept under the path the report gives)</summary><ul>${unmapped
          .map((path) => `<li>${text(path)}</li>`)
          .join('')}</ul></details>`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Coverage of a pull request's changed lines, each uncovered range linked to GitHub. */
function changedLinesPart(
  report: RunReport,
  coverage: CoverageOutcome,
  files: readonly MergedFile[],
): string {
  if (coverage.changedLinesNote) {
    return `<p id="changed-lines">Changed lines: not computed (${text(coverage.changedLinesNote)}).</p>`;
  }
  const changed = coverage.changedLines;
  if (!changed) return '';
  const { totals } = changed;
  if (totals.coverable === 0) {
    return `<p id="changed-lines">Changed lines: none of the ${formatCount(totals.changed)} changed lines is coverable code.</p>`;
  }
  const context = report.context;
  const blob = githubUrl(context, 'blob', context.pullRequest?.headSha ?? context.sha);
  const byPath = new Map(files.map((file) => [file.path, file]));
  const rangeLink = (file: ChangedFileCoverage, range: LineRange) =>
    link(
      blob && `${blob}/${encodePath(file.path)}#${lineAnchor(range)}`,
      formatLineRanges([range]),
    );
  const rows = changedFilesWorstFirst(changed.files).map(
    (file) =>
      `<tr><td>${text(file.path)}</td><td class="num">${formatPercent(file.percent)}</td><td class="num">${file.covered.length} / ${file.coverable.length}</td><td class="num">${formatPercent(percentOf(byPath.get(file.path)?.totals.lines))}</td><td>${file.uncoveredRanges.map((range) => rangeLink(file, range)).join(', ')}</td></tr>`,
  );
  return [
    `<h3>Changed lines</h3>`,
    `<p id="changed-lines"><strong>${formatPercent(changed.diffCoverage)}</strong> of the changed lines run (${formatCount(totals.covered)} of ${formatCount(totals.coverable)} coverable).${
      coverage.changedLinesCaveat ? ` Changed lines ${text(coverage.changedLinesCaveat)}.` : ''
    }</p>`,
    `<table><thead><tr><th>Changed file</th><th class="num">Changed lines</th><th class="num">Covered</th><th class="num">File</th><th>Uncovered changed lines</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    changed.filesWithoutCoverage.length > 0
      ? `<p class="muted">${countOf(changed.filesWithoutCoverage.length, 'changed file')} without coverage data (not counted): ${changed.filesWithoutCoverage.map(text).join(', ')}.</p>`
      : '',
  ].join('\n');
}

const SERVICE_STATUS: Record<ServiceOutcome['status'], string> = {
  healthy: '<span class="ok">healthy</span>',
  unhealthy: '<span class="bad">not healthy</span>',
  failed: '<span class="bad">failed</span>',
};

function servicesSection(services: readonly ServiceOutcome[], options: HtmlReportOptions): string {
  if (services.length === 0) return '';
  const logs = options.serviceLogs ?? {};
  const rows = services.map((service) => {
    const ports = Object.entries(service.endpoint?.ports ?? {})
      .map(([container, host]) => `${container}→${host}`)
      .join(', ');
    const ready =
      service.healthyAfterMs === undefined ? '' : formatDuration(service.healthyAfterMs);
    return `<tr><td>${text(service.name)}</td><td>${text(service.image)}</td><td>${SERVICE_STATUS[service.status]}</td><td class="num">${ready}</td><td>${text(ports)}</td><td>${text(service.reason ?? '')}</td></tr>`;
  });
  const logBlocks = services.flatMap((service) => {
    const log = Object.hasOwn(logs, service.name) ? logs[service.name] : undefined;
    if (!log?.trim()) return [];
    return [
      `<details class="service-log"${service.status === 'healthy' ? '' : ' open'}><summary>Log of ${text(service.name)}</summary><pre>${text(cutText(log, options.logChars ?? 262_144, 'tail'))}</pre></details>`,
    ];
  });
  return [
    `<table id="services-table"><thead><tr><th>Service</th><th>Image</th><th>Health</th><th class="num">Healthy after</th><th>Ports</th><th>Reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    ...logBlocks,
  ].join('\n');
}

const FILE_STATUS: Record<InputFile['status'], string> = {
  parsed: '<span class="ok">parsed</span>',
  error: '<span class="bad">not read</span>',
  stale: 'stale (not counted)',
  ignored: 'ignored (format not read)',
};

function inputFilesSection(files: readonly InputFile[]): string {
  if (files.length === 0) return '';
  const rows = files.map(
    (file) =>
      `<tr><td>${text(file.path)}</td><td>${file.kind}</td><td>${text(file.format ?? '')}</td><td>${FILE_STATUS[file.status]}</td><td>${text(file.reason ?? '')}</td><td class="num">${file.bytes === undefined ? '' : formatBytes(file.bytes)}</td></tr>`,
  );
  return `<table id="input-files"><thead><tr><th>File</th><th>Kind</th><th>Format</th><th>Status</th><th>Reason</th><th class="num">Size</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
