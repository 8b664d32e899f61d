import type { HealthCheck } from '../health.js';
import type { CheckAttempt } from './check.js';
import type { ServiceProbe } from './probe.js';

type LogCheck = Extract<HealthCheck, { kind: 'log' }>;

/** Compiled once per check; a string is why the pattern cannot be used. */
const compiled = new WeakMap<LogCheck, RegExp | string>();

/**
 * Why a log pattern cannot be used, or undefined if it can. Patterns are JavaScript regular
 * expressions matched with the `m` flag, so `^` and `$` match at each line of the log.
 */
export function validateLogPattern(pattern: string): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'm');
  } catch (error) {
    return (error as Error).message;
  }
  // It would be "seen" between every two characters, so any log would pass.
  if (regex.test('')) return `/${pattern}/ matches an empty string`;
  return undefined;
}

/** Ready once the pattern has appeared `times` times (default 1) in the container's output. */
export async function checkLog(
  probe: ServiceProbe,
  check: LogCheck,
  _attemptTimeoutMs: number,
): Promise<CheckAttempt> {
  const regex = compile(check);
  if (typeof regex === 'string') {
    return { ready: false, detail: `invalid pattern: ${regex}`, final: true };
  }
  const log = await probe.readLog();
  const wanted = check.times ?? 1;
  const seen = log.match(regex)?.length ?? 0;
  const pattern = `"${check.pattern}"`;
  if (seen >= wanted) {
    return { ready: true, detail: `${pattern} seen ${seen} of ${wanted} times in the log` };
  }
  return {
    ready: false,
    detail:
      wanted === 1
        ? `${pattern} not seen in the log yet`
        : `${pattern} seen ${seen} of ${wanted} times in the log`,
  };
}

function compile(check: LogCheck): RegExp | string {
  let regex = compiled.get(check);
  if (regex === undefined) {
    const problem = validateLogPattern(check.pattern);
    regex = problem ?? new RegExp(check.pattern, 'gm');
    compiled.set(check, regex);
  }
  return regex;
}
