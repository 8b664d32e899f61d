import {
  changedFilesWorstFirst,
  formatLineRanges,
  lineAnchor,
  type ChangedFileCoverage,
  type LineRange,
} from '../coverage/changed-lines.js';
import { namedTotals, percentOf, type MergedFile } from '../model/coverage.js';
import { formatPercent, type CoverageOutcome, type RunContext } from '../model/run.js';
import { encodePath, linkTarget } from './escape.js';
import { collapsed, countOf, formatCount, markdownText, type Detail, type View } from './view.js';

/** The part of a view the coverage section reads. */
export interface CoverageView {
  readonly detail: Pick<Detail, 'coverageFiles' | 'coverageRanges' | 'unmapped'>;
  readonly leftOut: View['leftOut'];
}

/** The most a coverage section shows, when it is rendered on its own. */
function fullCoverageView(): CoverageView {
  return {
    detail: { coverageFiles: 50, coverageRanges: 20, unmapped: 50 },
    leftOut: new Set(),
  };
}

/**
 * The summary's coverage section: totals, then the changed lines of a pull request (with the
 * coverage of each changed file as a whole beside them), then the paths no file matched.
 */
export function renderCoverageSection(
  coverage: CoverageOutcome | undefined,
  context: RunContext,
  view: CoverageView = fullCoverageView(),
): string {
  if (!coverage) return '';
  const { totals } = coverage.project;
  const rows = namedTotals(totals);
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
    renderChangedLines(coverage, context, view),
    unmappedPart(coverage.project.unmapped, view),
  ];
  return parts.filter(Boolean).join('\n\n');
}

/**
 * Coverage of a pull request's changed lines: the total, then each changed file with its
 * uncovered ranges linked to `blob/<sha>/<path>#Lx-Ly`; empty outside a pull request.
 */
export function renderChangedLines(
  coverage: CoverageOutcome,
  context: RunContext,
  view: CoverageView,
): string {
  if (coverage.changedLinesNote) {
    return `Changed lines: not computed (${markdownText(coverage.changedLinesNote)}).`;
  }
  const changed = coverage.changedLines;
  if (!changed) return '';
  const { totals } = changed;
  if (totals.coverable === 0) {
    return `Changed lines: none of the ${totals.changed} changed lines is coverable code.`;
  }
  const caveat = coverage.changedLinesCaveat
    ? ` Changed lines ${markdownText(coverage.changedLinesCaveat)}.`
    : '';
  const head = `**Changed lines: ${formatPercent(changed.diffCoverage)}** (${totals.covered} of ${totals.coverable} coverable changed lines run).${caveat}`;
  const byPath = new Map(coverage.project.files.map((file) => [file.path, file]));
  const files = changedFilesWorstFirst(changed.files);
  const rows = files
    .slice(0, view.detail.coverageFiles)
    .map((file) => changedFileRow(file, byPath.get(file.path), context, view));
  const more = files.length - rows.length;
  if (more > 0) view.leftOut.add(`the coverage of ${countOf(more, 'more changed file')}`);
  return [
    head,
    rows.length === 0
      ? ''
      : [
          '| Changed file | Changed lines | File | Uncovered changed lines |',
          '|---|---:|---:|---|',
          ...rows,
        ].join('\n'),
    rows.length > 0 && more > 0 ? `… and ${formatCount(more)} more changed files.` : '',
    withoutCoverage(changed.filesWithoutCoverage, view),
  ]
    .filter(Boolean)
    .join('\n\n');
}

function changedFileRow(
  file: ChangedFileCoverage,
  merged: MergedFile | undefined,
  context: RunContext,
  view: CoverageView,
): string {
  const limit = view.detail.coverageRanges;
  const ranges = file.uncoveredRanges.slice(0, limit).map((range) => {
    const label = formatLineRanges([range]);
    const url = blobUrl(context, file.path, range);
    return url ? `[${label}](${linkTarget(url)})` : label;
  });
  if (file.uncoveredRanges.length > limit) {
    ranges.push('…');
    view.leftOut.add(`uncovered ranges after the first ${limit} of a file`);
  }
  return `| ${markdownText(file.path)} | ${formatPercent(file.percent)} | ${formatPercent(percentOf(merged?.totals.lines))} | ${ranges.join(', ')} |`;
}

/** `<server>/<repo>/blob/<head sha>/<path>#Lx-Ly`: the pull request's version of the lines. */
function blobUrl(context: RunContext, file: string, range: LineRange): string | undefined {
  const sha = context.pullRequest?.headSha ?? context.sha;
  if (!context.repository || !sha) return undefined;
  return `${context.serverUrl}/${context.repository}/blob/${sha}/${encodePath(file)}#${lineAnchor(range)}`;
}

function withoutCoverage(paths: readonly string[], view: CoverageView): string {
  if (paths.length === 0) return '';
  const shown = paths.slice(0, Math.min(10, view.detail.coverageFiles));
  const names = shown.map((path) => markdownText(path)).join(', ');
  const more = paths.length - shown.length;
  return `${countOf(paths.length, 'changed file')} without coverage data (not counted)${names ? `: ${names}` : ''}${more > 0 && shown.length > 0 ? `, … and ${formatCount(more)} more` : ''}.`;
}

function unmappedPart(unmapped: readonly string[], view: CoverageView): string {
  if (unmapped.length === 0) return '';
  const shown = unmapped.slice(0, view.detail.unmapped).map((file) => `- ${markdownText(file)}`);
  const more = unmapped.length - shown.length;
  if (more > 0) view.leftOut.add(countOf(more, 'unmapped coverage path'));
  if (shown.length === 0) return '';
  if (more > 0) shown.push(`- … and ${formatCount(more)} more`);
  return collapsed(
    `${unmapped.length === 1 ? '1 covered file matches' : `${formatCount(unmapped.length)} covered files match`} no file of the repository (kept under the path the report gives)`,
    shown.join('\n'),
  );
}
