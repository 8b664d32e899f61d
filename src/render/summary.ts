import type { InputFile } from '../model/input-file.js';
import type { ServiceOutcome } from '../services/service.js';
import { formatDuration, plural, type Conclusion, type RunReport } from '../model/run.js';
import type { TestCase } from '../model/tests.js';
import { renderCoverageSection } from './coverage-summary.js';
import { escapeHtml, escapeMarkdown, fencedBlock } from './escape.js';

const MAX_FAILURES_LISTED = 50;
const MAX_DETAIL_CHARS = 4000;

const ICONS: Record<Conclusion, string> = {
  success: '✅',
  failure: '❌',
  timed_out: '⏱️',
  cancelled: '🚫',
};

/** The job summary: conclusion and counts first, then why, then each failure. */
export function renderSummary(report: RunReport): string {
  const sections = [
    `## ${ICONS[report.conclusion]} ${escapeMarkdown(report.name)}: ${headline(report)}`,
    countsTable(report),
    problemsList(report),
    servicesSection(report.services),
    failuresSection(report.tests),
    renderCoverageSection(report.coverage, report.context),
    inputFilesSection(report.inputFiles),
  ];
  return sections.filter((section) => section !== '').join('\n\n') + '\n';
}

function headline(report: RunReport): string {
  const { totals } = report;
  const broken = totals.failed + totals.errored;
  const tests = totals.tests === 0 ? 'no test results' : '';
  switch (report.conclusion) {
    case 'timed_out':
      return `timed out${tests ? `, ${tests}` : ''}`;
    case 'cancelled':
      return 'cancelled';
    case 'failure':
      return broken > 0 ? `${broken} of ${plural(totals.tests, 'test')} failed` : 'failed';
    default:
      return (
        tests ||
        [
          `${plural(totals.passed, 'test')} passed`,
          totals.skipped > 0 ? `${totals.skipped} skipped` : '',
          totals.flaky > 0 ? `${totals.flaky} flaky` : '',
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

function problemsList(report: RunReport): string {
  if (report.problems.length === 0) return '';
  return report.problems.map((problem) => `- ${problem}`).join('\n');
}

function failuresSection(tests: readonly TestCase[]): string {
  const failures = tests.filter((test) => test.status === 'failed' || test.status === 'errored');
  if (failures.length === 0) return '';
  const shown = failures.slice(0, MAX_FAILURES_LISTED).map(renderFailure);
  const more = failures.length - shown.length;
  if (more > 0) shown.push(`… and ${plural(more, 'more failure')}, listed in the JSON report.`);
  return `### Failures\n\n${shown.join('\n\n')}`;
}

function renderFailure(test: TestCase): string {
  const where = test.file ? ` (${test.file}${test.line ? `:${test.line}` : ''})` : '';
  const title = `${test.status === 'errored' ? 'Error' : 'Failed'}: ${test.suite ? `${test.suite} › ` : ''}${test.name}${where}`;
  const body = [test.message, test.details].filter(Boolean).join('\n\n');
  const text =
    body.length > MAX_DETAIL_CHARS ? `${body.slice(0, MAX_DETAIL_CHARS)}\n… (cut)` : body;
  return `<details><summary>${escapeHtml(title)}</summary>\n\n${fencedBlock(text || '(no message)')}\n\n</details>`;
}

function inputFilesSection(files: readonly InputFile[]): string {
  const notable = files.filter((file) => file.status === 'error' || file.status === 'stale');
  if (notable.length === 0) return '';
  const rows = notable.map(
    (file) =>
      `| ${escapeMarkdown(file.path)} | ${file.status === 'error' ? '⚠️ not read' : 'stale'} | ${escapeMarkdown(file.reason ?? '')} |`,
  );
  return ['### Report files', '', '| File | Status | Reason |', '|---|---|---|', ...rows].join(
    '\n',
  );
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
    return `| ${escapeMarkdown(service.name)} | ${escapeMarkdown(service.image)} | ${SERVICE_STATUS[service.status]} | ${ready} | ${ports} | ${escapeMarkdown(service.reason ?? '')} |`;
  });
  return [
    '### Services',
    '',
    '| Service | Image | Status | Healthy after | Ports | Reason |',
    '|---|---|---|---:|---|---|',
    ...rows,
  ].join('\n');
}
