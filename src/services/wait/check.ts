import type { HealthCheck } from '../health.js';
import type { ServiceProbe } from './probe.js';
import { checkCmd } from './cmd-check.js';
import { checkHttp } from './http-check.js';
import { checkImage } from './image-check.js';
import { checkLog } from './log-check.js';
import { checkTcp } from './tcp-check.js';

/** What one check attempt saw. */
export interface CheckAttempt {
  readonly ready: boolean;
  /** What was seen, specifically: the timeout message quotes the last one. */
  readonly detail: string;
  /** No later attempt can succeed (a bad pattern, no HEALTHCHECK): stop waiting now. */
  readonly final?: boolean;
}

/**
 * One readiness strategy. It must settle within `attemptTimeoutMs` (plus a short hold for
 * TCP); the wait loop bounds it anyway, so a probe that ignores its timeout cannot hang it.
 */
export type CheckStrategy<C extends HealthCheck = HealthCheck> = (
  probe: ServiceProbe,
  check: C,
  attemptTimeoutMs: number,
) => Promise<CheckAttempt>;

type CheckOfKind<K extends HealthCheck['kind']> = Extract<HealthCheck, { kind: K }>;

/** A new kind in HealthCheck does not compile until it has a strategy here. */
const STRATEGIES: { readonly [K in HealthCheck['kind']]: CheckStrategy<CheckOfKind<K>> } = {
  cmd: checkCmd,
  http: checkHttp,
  tcp: checkTcp,
  log: checkLog,
  image: checkImage,
  none: async () => ({ ready: true, detail: 'no check asked for' }),
};

/** Runs one attempt of the service's check. */
export function runCheck(
  probe: ServiceProbe,
  check: HealthCheck,
  attemptTimeoutMs: number,
): Promise<CheckAttempt> {
  // TypeScript cannot correlate `check` with the entry picked by its own kind; the record's
  // type above is what keeps each kind paired with its strategy.
  const strategy = STRATEGIES[check.kind] as CheckStrategy;
  return strategy(probe, check, attemptTimeoutMs);
}
