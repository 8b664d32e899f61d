import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants as osConstants, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { signalTree } from './process-tree.js';

const OUTPUT_DRAIN_MS = 2000;

export interface RunCommandOptions {
  readonly command: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Stop the whole process tree after this long. */
  readonly timeoutMs?: number;
  /** Aborted when the job is cancelled: the tree is stopped the same way. */
  readonly signal?: AbortSignal;
  /** Where the command's output goes, live. */
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Where the script file is written; the runner's temp directory on GitHub. */
  readonly tempDir?: string;
  /** Between SIGTERM and SIGKILL. */
  readonly killGraceMs?: number;
}

export interface CommandResult {
  /** The exit code; 128 + the signal's number when a signal ended the shell. */
  readonly exitCode: number;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  readonly startedAt: Date;
  readonly durationMs: number;
}

/**
 * Runs a command as a workflow `run:` step does: the script in a file, run by
 * `bash --noprofile --norc -eo pipefail`. The command leads a process group of its own so
 * that a timeout or cancellation stops everything it started, not just the shell.
 */
export async function runCommand(options: RunCommandOptions): Promise<CommandResult> {
  const tempDir = options.tempDir ?? tmpdir();
  await mkdir(tempDir, { recursive: true });
  const scriptDir = await mkdtemp(path.join(tempDir, 'itest-command-'));
  const script = path.join(scriptDir, 'command.sh');
  await writeFile(script, options.command, { mode: 0o600 });
  const startedAt = new Date();
  try {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(options.stdout, { end: false });
    child.stderr.pipe(options.stderr, { end: false });

    let timedOut = false;
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (child.pid === undefined || killTimer) return;
      signalTree(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalTree(child.pid!, 'SIGKILL'), options.killGraceMs ?? 5000);
      killTimer.unref();
    };
    const timeout =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stop();
          }, options.timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      stop();
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code, signal) => resolve({ code, signal }));
      },
    );
    clearTimeout(timeout);
    clearTimeout(killTimer);
    options.signal?.removeEventListener('abort', onAbort);
    // Whatever the command left running in its group would outlive the step and hold its
    // output open: stop it, then give the pipes a moment to drain.
    if (child.pid !== undefined) signalTree(child.pid, killTimer ? 'SIGKILL' : 'SIGTERM');
    await Promise.race([closed, delay(OUTPUT_DRAIN_MS, undefined, { ref: false })]);
    child.stdout.destroy();
    child.stderr.destroy();

    return {
      exitCode: exit.code ?? 128 + (exit.signal ? (osConstants.signals[exit.signal] ?? 0) : 0),
      timedOut,
      cancelled,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
    };
  } finally {
    await rm(scriptDir, { recursive: true, force: true });
  }
}
