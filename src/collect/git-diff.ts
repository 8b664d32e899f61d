import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';

/**
 * The `git diff` of a pull request in a checkout: the text coverage/diff.ts reads into changed
 * lines. Never throws: a checkout without git, without the base commit, or a git that fails
 * gives `{ok: false, reason}` with a reason fit for the job summary.
 */
export interface GitDiffOptions {
  /** The checkout (or a folder in it: paths are then relative to that folder, as tracked-files.ts lists them). */
  readonly cwd: string;
  /**
   * The commit to compare with: for a `pull_request` event `pull_request.base.sha` while HEAD
   * is GitHub's merge commit (the default checkout); with the head commit checked out, their
   * merge base. A full SHA can be fetched when a shallow clone lacks it.
   */
  readonly base: string;
  /** Default `HEAD`. */
  readonly head?: string;
  /** Bound on each local git command. Default 60 s. */
  readonly timeoutMs?: number;
  /** Bound on fetching the base commit. Default 60 s. */
  readonly fetchTimeoutMs?: number;
  /** Remote to fetch a missing base commit from. Default `origin`. */
  readonly remote?: string;
  /** Git binary. Default `git`. */
  readonly git?: string;
}

export type GitDiffResult =
  | {
      readonly ok: true;
      /** Unified diff with `a/`/`b/` prefixes and no context lines, as parseUnifiedDiff reads it. */
      readonly diff: string;
      /** What was done on the way (a fetched base commit), for the log. */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly reason: string; readonly notes: readonly string[] };

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_DIFF_BYTES = 256 * 1024 * 1024;
/** What a revision may look like: no option (`-x`), no range, no whitespace. */
const REVISION = /^(?!-)(?!.*\.\.)[^\s\0]+$/;
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * The diff from `base` to `head`, renames detected, in a form no user configuration changes
 * (colour, external diff drivers, text conversion, prefixes). When `base` is a full SHA the
 * clone does not have (a shallow `actions/checkout`), it is fetched once from `remote`, depth 1,
 * within `fetchTimeoutMs`; `notes` says so.
 */
export async function gitDiff(options: GitDiffOptions): Promise<GitDiffResult> {
  const notes: string[] = [];
  const fail = (reason: string): GitDiffResult => ({ ok: false, reason, notes });
  const head = options.head ?? 'HEAD';
  const remote = options.remote ?? 'origin';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const git = (args: readonly string[], timeout = timeoutMs) =>
    runGit(options.git ?? 'git', args, options.cwd, timeout);

  for (const [name, revision] of [
    ['base', options.base],
    ['head', head],
  ] as const) {
    if (!REVISION.test(revision))
      return fail(`the ${name} ${JSON.stringify(revision)} is not a commit name`);
  }
  if (!REVISION.test(remote))
    return fail(`the remote ${JSON.stringify(remote)} is not a remote name`);

  // Checked first: a missing cwd fails the spawn with ENOENT, as a missing git does.
  if (!statSync(options.cwd, { throwIfNoEntry: false })?.isDirectory()) {
    return fail(`${options.cwd} does not exist`);
  }
  const inside = await git(['rev-parse', '--is-inside-work-tree']);
  if (inside.missing) return fail(`git is not installed (${inside.message})`);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
    return fail(`${options.cwd} is not a git checkout (${inside.message})`);
  }
  if (!(await hasCommit(git, head))) return fail(`${head} is not a commit of this checkout`);

  const base = options.base;
  const short = FULL_SHA.test(base) ? base.slice(0, 12) : base;
  if (!(await hasCommit(git, base))) {
    const shallow = (await git(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
    const where = shallow ? 'this shallow clone' : 'this clone';
    if (!FULL_SHA.test(base)) {
      return fail(
        `the base commit ${base} is not in ${where}, and only a full commit SHA can be fetched; ` +
          'check out with fetch-depth: 0 or fetch the base branch first',
      );
    }
    const fetchTimeout = options.fetchTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const fetched = await git(
      ['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', remote, base],
      fetchTimeout,
    );
    if (fetched.code !== 0 || !(await hasCommit(git, base))) {
      const why = fetched.timedOut
        ? `timed out after ${duration(fetchTimeout)}`
        : fetched.code !== 0
          ? `failed: ${fetched.message}`
          : 'did not bring it';
      notes.push(`fetching base commit ${short} from ${remote} ${why}`);
      return fail(
        `the base commit ${short} is not in ${where}, and fetching it from ${remote} ${why}; ` +
          'check out with fetch-depth: 0 or fetch the base commit before this step',
      );
    }
    notes.push(`the base commit ${short} was not in ${where}; fetched it from ${remote} (depth 1)`);
  }

  const diff = await git([
    // Settings a user's config could change the output with.
    '-c',
    'diff.noprefix=false',
    '-c',
    'diff.mnemonicPrefix=false',
    '-c',
    'core.quotePath=true',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--unified=0',
    '--find-renames',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    '--relative',
    base,
    head,
    '--',
  ]);
  if (diff.timedOut) return fail(`git diff timed out after ${duration(timeoutMs)}`);
  if (diff.tooLarge) return fail(`the diff is larger than ${MAX_DIFF_BYTES / 1024 / 1024} MiB`);
  if (diff.code !== 0) return fail(`git diff failed: ${diff.message}`);
  return { ok: true, diff: diff.stdout, notes };
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

async function hasCommit(
  git: (args: readonly string[]) => Promise<GitOutput>,
  revision: string,
): Promise<boolean> {
  const result = await git(['cat-file', '-e', `${revision}^{commit}`]);
  return result.code === 0;
}

interface GitOutput {
  readonly code: number;
  readonly stdout: string;
  /** stderr, or what went wrong when there is none, on one line. */
  readonly message: string;
  readonly timedOut: boolean;
  readonly tooLarge: boolean;
  /** The binary is not there. */
  readonly missing: boolean;
}

function runGit(
  binary: string,
  args: readonly string[],
  cwd: string,
  timeout: number,
): Promise<GitOutput> {
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      {
        cwd,
        timeout,
        maxBuffer: MAX_DIFF_BYTES,
        encoding: 'utf8',
        // No prompt for credentials, no index lock taken by a read-only command, English
        // messages for the summary.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const timedOut = Boolean(error && error.killed && error.signal);
        const tooLarge = error?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
        const missing = error?.code === 'ENOENT';
        const text = (stderr || (error ? error.message : '')).trim();
        resolve({
          code,
          stdout,
          message: text.split('\n').slice(-3).join(' ').slice(0, 500),
          timedOut,
          tooLarge,
          missing,
        });
      },
    );
  });
}
