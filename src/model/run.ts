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
  const conclusion: Conclusion = cancelled
    ? 'cancelled'
    : command?.timedOut
      ? 'timed_out'
      : problems.length > 0
        ? 'failure'
        : 'success';
  return { conclusion, problems };
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
