import { formatDuration } from '../../model/run.js';
import type { HealthSettings } from '../health.js';
import { runCheck, type CheckAttempt } from './check.js';
import { formatCommand } from './cmd-check.js';
import type { ContainerState, ServiceProbe } from './probe.js';
import { messageOf } from '../../model/errors.js';

export type HealthResult =
  | { readonly healthy: true; readonly afterMs: number; readonly checks: number }
  | { readonly healthy: false; readonly reason: string; readonly afterMs: number };

export interface WaitOptions {
  /** Aborted when the job is cancelled. */
  readonly signal?: AbortSignal;
  /** Milliseconds from any fixed point; for measuring only. */
  readonly now?: () => number;
}

/** No single attempt may take longer, so a hanging one still leaves time for the next. */
const ATTEMPT_CAP_MS = 5000;
/** The least an attempt is given, even at the deadline: a check needs a moment to run at all. */
const MIN_ATTEMPT_MS = 100;
/** Beyond its budget, before an attempt that ignores it (a stuck `docker exec`) is abandoned. */
const ATTEMPT_GRACE_MS = 500;

/** Timers can fire a little before the clock says their time is up. */
const TIMER_SLACK_MS = 20;

const NEVER = new Promise<never>(() => {});

/**
 * Polls the service's check every `intervalMs` until it passes, the container stops, the
 * timeout passes or the signal aborts. Each attempt is bounded by what is left of the timeout.
 */
export async function waitUntilHealthy(
  probe: ServiceProbe,
  health: HealthSettings,
  options: WaitOptions = {},
): Promise<HealthResult> {
  const { signal } = options;
  const now = options.now ?? (() => performance.now());
  const start = now();
  const deadline = start + health.timeoutMs;
  const elapsed = (): number => Math.max(0, Math.round(now() - start));
  const unhealthy = (reason: string): HealthResult => ({
    healthy: false,
    reason,
    afterMs: elapsed(),
  });
  const label =
    health.check.kind === 'cmd'
      ? formatCommand(health.check.command)
      : `the ${health.check.kind} check`;
  let checks = 0;
  let last: CheckAttempt | undefined;

  for (;;) {
    if (signal?.aborted) return unhealthy('cancelled');
    const remaining = deadline - now();
    if (last && remaining <= 0) {
      return unhealthy(`not healthy after ${formatDuration(health.timeoutMs)}: ${last.detail}`);
    }
    const budget = Math.round(Math.max(MIN_ATTEMPT_MS, Math.min(remaining, ATTEMPT_CAP_MS)));
    const within = `within ${formatDuration(budget)}`;
    const bounded = <T>(promise: Promise<T>) => settle(promise, budget + ATTEMPT_GRACE_MS, signal);

    // A stopped container never becomes healthy: say so now rather than at the timeout.
    const state = await bounded(probe.state());
    if (state.kind === 'aborted') return unhealthy('cancelled');
    if (state.kind === 'value' && !state.value.running) return unhealthy(exitReason(state.value));

    let attempt: CheckAttempt;
    if (state.kind !== 'value') {
      attempt = {
        ready: false,
        detail:
          state.kind === 'timeout'
            ? `Docker did not report the container's state ${within}`
            : `could not read the container's state: ${messageOf(state.error)}`,
      };
    } else {
      const started = now();
      const outcome = await bounded(runCheck(probe, health.check, budget));
      if (outcome.kind === 'aborted') return unhealthy('cancelled');
      checks++;
      attempt =
        outcome.kind === 'value'
          ? outcome.value
          : outcome.kind === 'timeout'
            ? { ready: false, detail: `${label} did not finish ${within}` }
            : { ready: false, detail: `${label} failed: ${messageOf(outcome.error)}` };
      if (attempt.ready) return { healthy: true, afterMs: elapsed(), checks };
      if (attempt.final) return unhealthy(`not healthy: ${attempt.detail}`);
      // An attempt the deadline cut short and that used all of it can only say that time ran
      // out ("exited 137"); what the attempt before it saw is the better reason.
      const cutShort = budget < ATTEMPT_CAP_MS && now() - started >= budget - TIMER_SLACK_MS;
      if (cutShort && last) attempt = last;
    }
    last = attempt;

    const pause = Math.max(0, Math.min(health.intervalMs, deadline - now()));
    if ((await settle(NEVER, pause, signal)).kind === 'aborted') return unhealthy('cancelled');
  }
}

function exitReason(state: ContainerState): string {
  const stopped =
    state.exitCode === undefined ? 'is not running' : `exited with code ${state.exitCode}`;
  return state.error ? `${stopped}: ${state.error}` : stopped;
}

type Settled<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' };

/** The promise's outcome, or `timeout` after `ms`, or `aborted` as soon as the signal is. */
function settle<T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<Settled<T>> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ kind: 'aborted' });
    const finish = (outcome: Settled<T>): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => finish({ kind: 'value', value }),
      (error: unknown) => finish({ kind: 'error', error }),
    );
  });
}
