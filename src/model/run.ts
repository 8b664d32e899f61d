import type { ChangedLineCoverage } from '../coverage/changed-lines.js';
import { percentOf, twoDecimals, type ProjectCoverage } from './coverage.js';
import type { ServiceOutcome } from '../services/service.js';
import type { InputFile } from './input-file.js';
import type { TestTotals } from './totals.js';
import type { TestCase } from './tests.js';

export type Conclusion = 'success' | 'failure' | 'timed_out' | 'cancelled';

export interface CommandOutcome {
  readonly command: string;
  readonly exitCode: number;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  readonly durationMs: number;
  readonly timeoutMs?: number;
}

/** Where the run happened, for links and the JSON report's environment. */
export interface RunContext {
  readonly serverUrl: string;
  readonly repository?: string;
  readonly sha?: string;
  readonly ref?: string;
  readonly runId?: string;
  readonly runAttempt?: string;
  readonly workflow?: string;
  readonly job?: string;
  /** The pull request of a `pull_request` or `pull_request_target` event. */
  readonly pullRequest?: PullRequestRef;
}

export interface PullRequestRef {
  readonly number: number;
  /** The base branch's commit the pull request is compared with. */
  readonly baseSha: string;
  readonly headSha: string;
}

/** Coverage of the run: the merged reports and, for a pull request, its changed lines. */
export interface CoverageOutcome {
  readonly project: ProjectCoverage;
  readonly changedLines?: ChangedLineCoverage;
  /** Why changed-line coverage is missing on a pull request (no git history, ...). */
  readonly changedLinesNote?: string;
  /** What to keep in mind about changed lines taken from the API rather than git. */
  readonly changedLinesCaveat?: string;
}

/** Everything one run of the action found: the input of every renderer and publisher. */
export interface RunReport {
  readonly name: string;
  readonly conclusion: Conclusion;
  /** Why the conclusion is not success, one sentence each; empty on success. */
  readonly problems: readonly string[];
  readonly command?: CommandOutcome;
  /** The service containers, in the order they were declared. */
  readonly services: readonly ServiceOutcome[];
  /** Each test once, retries merged. */
  readonly tests: readonly TestCase[];
  readonly totals: TestTotals;
  readonly inputFiles: readonly InputFile[];
  /** Undefined when no coverage file was read. */
  readonly coverage?: CoverageOutcome;
  /** Whether the user named result files (then finding none is a failure). */
  readonly resultsRequired: boolean;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly context: RunContext;
}

export interface ConclusionInput {
  /** Why no service could be started at all. */
  readonly servicesError?: string;
  readonly services?: readonly ServiceOutcome[];
  /** The job was cancelled (before or while the command ran). */
  readonly cancelled?: boolean;
  readonly command?: CommandOutcome;
  readonly totals: TestTotals;
  readonly inputFiles: readonly InputFile[];
  readonly resultsRequired: boolean;
  readonly coverage?: CoverageOutcome;
  readonly coverageThreshold?: number;
  readonly diffCoverageThreshold?: number;
}

/** The run's conclusion and its reasons, as the interface's `fail-on: failures` defines them. */
export function concludeRun(input: ConclusionInput): {
  conclusion: Conclusion;
  problems: string[];
} {
  const problems: string[] = [];
  const { command, totals } = input;
  const cancelled = input.cancelled || command?.cancelled;
  if (input.servicesError) problems.push(input.servicesError);
  for (const service of input.services ?? []) {
    if (service.status !== 'healthy') {
      problems.push(
        `Service "${service.name}" (${service.image}): ${service.reason ?? 'did not start'}.`,
      );
    }
  }
  if (cancelled) problems.push(`The run was cancelled${command ? ' while the command ran' : ''}.`);
  else if (command?.timedOut) {
    problems.push(
      `The command timed out after ${formatDuration(command.timeoutMs ?? command.durationMs)}.`,
    );
  } else if (command && command.exitCode !== 0) {
    problems.push(`The command exited with code ${command.exitCode}.`);
  }
  if (totals.failed > 0) problems.push(`${plural(totals.failed, 'test')} failed.`);
  if (totals.errored > 0) problems.push(`${plural(totals.errored, 'test')} errored.`);
  const counted = input.inputFiles.filter(
    (f) => f.kind === 'results' && f.status !== 'stale' && f.status !== 'ignored',
  );
  if (input.resultsRequired && counted.length === 0) {
    const stale = input.inputFiles.filter(
      (f) => f.kind === 'results' && f.status === 'stale',
    ).length;
    problems.push(
      stale > 0
        ? `No result file was written by the command (${plural(stale, 'older file')} ignored as stale).`
        : 'No result file matched the `results` globs.',
    );
  }
  problems.push(...coverageProblems(input));
  const conclusion: Conclusion = cancelled
    ? 'cancelled'
    : command?.timedOut
      ? 'timed_out'
      : problems.length > 0
        ? 'failure'
        : 'success';
  return { conclusion, problems };
}

/** Thresholds missed, and a threshold set with no coverage to hold it against. */
function coverageProblems(input: ConclusionInput): string[] {
  const { coverage, coverageThreshold, diffCoverageThreshold } = input;
  if (coverageThreshold === undefined && diffCoverageThreshold === undefined) return [];
  if (!coverage) {
    const inputs = [
      coverageThreshold !== undefined ? '`coverage-threshold`' : '',
      diffCoverageThreshold !== undefined ? '`diff-coverage-threshold`' : '',
    ].filter(Boolean);
    return [
      `${inputs.join(' and ')} ${inputs.length > 1 ? 'are' : 'is'} set, but no coverage file was read.`,
    ];
  }
  const problems: string[] = [];
  const lines = percentOf(coverage.project.totals.lines);
  if (coverageThreshold !== undefined && (lines ?? 0) < coverageThreshold) {
    problems.push(
      `Line coverage ${formatPercent(lines)} is below the coverage-threshold of ${coverageThreshold}%.`,
    );
  }
  const changed = coverage.changedLines?.diffCoverage;
  if (
    diffCoverageThreshold !== undefined &&
    changed !== undefined &&
    changed < diffCoverageThreshold
  ) {
    problems.push(
      `Coverage of the changed lines ${formatPercent(changed)} is below the diff-coverage-threshold of ${diffCoverageThreshold}%.`,
    );
  }
  return problems;
}

/** 72.3456 -> "72.34%" (cut, not rounded: 79.999 never shows as a passing 80.00%). */
export function formatPercent(percent: number | undefined): string {
  return percent === undefined ? 'n/a' : `${twoDecimals(percent)}%`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** 1500 -> "1.5s", 95000 -> "1m 35s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', seconds ? `${seconds}s` : '']
    .filter(Boolean)
    .join(' ');
}
