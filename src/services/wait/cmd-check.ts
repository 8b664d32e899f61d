import type { HealthCheck } from '../health.js';
import { formatDuration } from '../../model/run.js';
import type { CheckAttempt } from './check.js';
import type { ServiceProbe } from './probe.js';

const MAX_COMMAND_CHARS = 80;
const OUTPUT_TAIL_CHARS = 200;
/** Timers can fire a little before the clock says their time is up. */
const TIMER_SLACK_MS = 20;

/** Runs the command inside the container; ready when it exits 0. */
export async function checkCmd(
  probe: ServiceProbe,
  check: Extract<HealthCheck, { kind: 'cmd' }>,
  attemptTimeoutMs: number,
): Promise<CheckAttempt> {
  const command = formatCommand(check.command);
  const started = performance.now();
  let result: { exitCode: number; output: string };
  try {
    result = await probe.exec(check.command, attemptTimeoutMs);
  } catch (error) {
    return { ready: false, detail: `${command} could not run: ${(error as Error).message}` };
  }
  if (result.exitCode === 0) return { ready: true, detail: `${command} exited 0` };
  // The probe does not say whether it stopped the command; a non-zero exit at the budget's
  // end almost surely means it did, and "exited 137" alone would hide that.
  const stopped =
    performance.now() - started >= attemptTimeoutMs - TIMER_SLACK_MS
      ? ` (stopped after ${formatDuration(attemptTimeoutMs)})`
      : '';
  const output = outputTail(result.output);
  return {
    ready: false,
    detail: `${command} exited ${result.exitCode}${stopped}${output ? `: ${output}` : ''}`,
  };
}

/** The command as a user would type it, shortened: `sh -c "redis-cli ping | grep -q PONG"`. */
export function formatCommand(command: readonly string[]): string {
  const text = command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg)));
  const joined = text.join(' ');
  return joined.length > MAX_COMMAND_CHARS ? `${joined.slice(0, MAX_COMMAND_CHARS - 1)}…` : joined;
}

/** The end of the output on one line, quoted: the error is usually the last thing printed. */
function outputTail(output: string): string {
  const flat = output.replace(/\s+/g, ' ').trim();
  if (flat === '') return '';
  const tail = flat.length > OUTPUT_TAIL_CHARS ? `…${flat.slice(-(OUTPUT_TAIL_CHARS - 1))}` : flat;
  return JSON.stringify(tail);
}
