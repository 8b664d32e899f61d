import type { ChangedFileCoverage, LineRange } from '../coverage/changed-lines.js';
import { percentOf, type Counts, type MergedFile } from '../model/coverage.js';
import { formatPercent, type CoverageOutcome, type RunContext } from '../model/run.js';
import { escapeMarkdown } from './escape.js';

const MAX_FILES_LISTED = 50;
const MAX_RANGES_LISTED = 20;

/** The summary's coverage section: totals, then the changed lines of a pull request. */
export function renderCoverageSection(
  coverage: CoverageOutcome | undefined,
  context: RunContext,
): string {
  if (!coverage) return '';
  const { totals } = coverage.project;
  const rows = [
    ['Lines', totals.lines],
    ['Branches', totals.branches],
    ['Functions', totals.functions],
    ['Statements', totals.statements],
  ].filter((row): row is [string, Counts] => row[1] !== undefined);
  const parts = [
    '### Coverage',
    [
      '| | Covered | Total | Coverage |',
      '|---|---:|---:|---:|',
      ...rows.map(
        ([label, counts]) =>
          `| ${label} | ${counts.covered} | ${counts.total} | ${formatPercent(percentOf(counts))} |`,
      ),
    ].join('\n'),
    changedLinesPart(coverage, context),
    unmappedPart(coverage.project.unmapped),
  ];
  return parts.filter(Boolean).join('\n\n');
}

function changedLinesPart(coverage: CoverageOutcome, context: RunContext): string {
  if (coverage.changedLinesNote) {
    return `Changed lines: not computed (${escapeMarkdown(coverage.changedLinesNote)}).`;
  }
  const changed = coverage.changedLines;
  if (!changed) return '';
  const { totals } = changed;
  if (totals.coverable === 0) {
    return `Changed lines: none of the ${totals.changed} changed lines is coverable code.`;
  }
  const head = `**Changed lines: ${formatPercent(changed.diffCoverage)}** (${totals.covered} of ${totals.coverable} coverable changed lines run).`;
  const byPath = new Map(coverage.project.files.map((file) => [file.path, file]));
  const files = changed.files
    .filter((file) => file.coverable.length > 0)
    .sort((a, b) => b.uncovered.length - a.uncovered.length || (a.path < b.path ? -1 : 1));
  const rows = files
    .slice(0, MAX_FILES_LISTED)
    .map((file) => changedFileRow(file, byPath.get(file.path), context));
  const more = files.length - rows.length;
  return [
    head,
    [
      '| Changed file | Changed lines | File | Uncovered changed lines |',
      '|---|---:|---:|---|',
      ...rows,
    ].join('\n'),
    more > 0 ? `… and ${more} more files, listed in the JSON report.` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

function changedFileRow(
  file: ChangedFileCoverage,
  merged: MergedFile | undefined,
  context: RunContext,
): string {
  const ranges = file.uncoveredRanges.slice(0, MAX_RANGES_LISTED).map((range) => {
    const label = range[0] === range[1] ? `${range[0]}` : `${range[0]}-${range[1]}`;
    const url = blobUrl(context, file.path, range);
    return url ? `[${label}](${url})` : label;
  });
  if (file.uncoveredRanges.length > MAX_RANGES_LISTED) ranges.push('…');
  return `| ${escapeMarkdown(file.path)} | ${formatPercent(file.percent)} | ${formatPercent(percentOf(merged?.totals.lines))} | ${ranges.join(', ')} |`;
}

/** `<server>/<repo>/blob/<head sha>/<path>#Lx-Ly`: the pull request's version of the lines. */
function blobUrl(context: RunContext, file: string, [start, end]: LineRange): string | undefined {
  const sha = context.pullRequest?.headSha ?? context.sha;
  if (!context.repository || !sha) return undefined;
  const encoded = file.split('/').map(encodeURIComponent).join('/');
  const lines = start === end ? `L${start}` : `L${start}-L${end}`;
  return `${context.serverUrl}/${context.repository}/blob/${sha}/${encoded}#${lines}`;
}

function unmappedPart(unmapped: readonly string[]): string {
  if (unmapped.length === 0) return '';
  const shown = unmapped.slice(0, MAX_FILES_LISTED).map((file) => `- ${escapeMarkdown(file)}`);
  if (unmapped.length > shown.length) shown.push(`- … and ${unmapped.length - shown.length} more`);
  return [
    `<details><summary>${unmapped.length} covered files match no file of the repository (kept under the path the report gives)</summary>`,
    '',
    ...shown,
    '',
    '</details>',
  ].join('\n');
}
