/**
 * The report's artifact (report.html, report.json and, when something failed, the service logs),
 * uploaded with the real `@actions/artifact` client (v2 and later: the results service at
 * `ACTIONS_RESULTS_URL`, Twirp `CreateArtifact` and `FinalizeArtifact` with the job's
 * `ACTIONS_RUNTIME_TOKEN`, the zip to the signed blob URL in between).
 *
 * The client is imported on first use: it brings @azure/storage-blob, archiver and protobuf code
 * along, which a run without an artifact never needs to load.
 */
import type { ArtifactClient } from '@actions/artifact';
import { messageOf } from '../model/errors.js';

export interface UploadReportArtifactOptions {
  /** The artifact's name; characters the service refuses become `-`, a name taken gets `-2`... */
  readonly name: string;
  /** Absolute paths, all under `rootDirectory`; the zip holds them relative to it. */
  readonly files: readonly string[];
  readonly rootDirectory: string;
  /** Days to keep the artifact; default: the repository's setting. */
  readonly retentionDays?: number;
  readonly log: (message: string) => void;
}

export type ArtifactResult =
  | {
      readonly action: 'uploaded';
      readonly id: number;
      /** The artifact on the run's page: `<server>/<owner>/<repo>/actions/runs/<run>/artifacts/<id>`. */
      readonly url: string;
      /** The name it was uploaded under: the one asked for, or with a `-N` suffix. */
      readonly name: string;
    }
  /** No artifact service here (GitHub Enterprise Server, or not started by a runner). */
  | { readonly action: 'unavailable'; readonly reason: string }
  | { readonly action: 'failed'; readonly reason: string };

/** Names tried at most: `name`, then `name-2` to `name-10`. */
export const MAX_NAME_TRIES = 10;

/** What the client refuses in a name (NTFS's limits), see its path-and-artifact-name-validation. */
const INVALID_NAME_CHARACTERS = /[":<>|*?\r\n\\/]/g;

type ArtifactModule = typeof import('@actions/artifact');

/**
 * Uploads `files` as the artifact `name`. Never throws: where the artifact service is not
 * available the result is `unavailable` (the caller prints one warning and goes on), other
 * failures are `failed` with a message that says what went wrong. A name already used in this
 * run (by an earlier step or another job) gets a `-2`, `-3`... suffix instead of failing: the
 * service answers 409 to CreateArtifact, before anything is zipped or sent.
 */
export async function uploadReportArtifact(
  options: UploadReportArtifactOptions,
): Promise<ArtifactResult> {
  const env = process.env;
  const unavailable = artifactServiceUnavailable(env);
  if (unavailable) return { action: 'unavailable', reason: unavailable };

  const base = toArtifactName(options.name);
  if (!base) return { action: 'failed', reason: 'The artifact name is empty.' };
  if (base !== options.name) {
    options.log(
      `Artifact name "${options.name}" holds characters artifacts may not: using "${base}"`,
    );
  }

  let artifact: ArtifactModule;
  try {
    artifact = await import('@actions/artifact');
  } catch (error) {
    return { action: 'failed', reason: `Could not load @actions/artifact: ${messageOf(error)}` };
  }
  const client = new artifact.DefaultArtifactClient();
  for (const name of candidateNames(base)) {
    const outcome = await upload(client, name, options);
    if (outcome.kind === 'uploaded') {
      const url = artifactUrl(env, outcome.id);
      const count = options.files.length;
      options.log(`Uploaded artifact "${name}" (${count} file${count === 1 ? '' : 's'}): ${url}`);
      return { action: 'uploaded', id: outcome.id, url, name };
    }
    const failure = classify(artifact, outcome.error, name);
    if (failure !== 'conflict') return failure;
    options.log(`Artifact name "${name}" is already taken in this run; trying another`);
  }
  return {
    action: 'failed',
    reason: `Artifact names "${base}" to "${base}-${MAX_NAME_TRIES}" are all taken in this run: set artifact-name to another name.`,
  };
}

/**
 * Why this process cannot reach an artifact service, or undefined when it can try. The client's
 * own rule for GitHub Enterprise Server: any host but github.com, *.ghe.com and *.localhost.
 */
function artifactServiceUnavailable(env: NodeJS.ProcessEnv): string | undefined {
  const server = env['GITHUB_SERVER_URL'] || 'https://github.com';
  let host: string;
  try {
    host = new URL(server).hostname.toLowerCase();
  } catch {
    return `GITHUB_SERVER_URL is not a URL: ${server}`;
  }
  if (host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost')) {
    return `GitHub Enterprise Server (${host}) has no artifact service for @actions/artifact v2 and later.`;
  }
  const missing = [
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_RESULTS_URL',
    'GITHUB_REPOSITORY',
    'GITHUB_RUN_ID',
  ].filter((name) => !env[name]);
  if (missing.length > 0) {
    const [verb, pronoun] = missing.length === 1 ? ['is', 'it'] : ['are', 'them'];
    return `${missing.join(', ')} ${verb} not set: the runner sets ${pronoun} for the actions it starts, so this step does not run as a GitHub Actions step.`;
  }
  return undefined;
}

/** `name` with the characters the artifact service refuses replaced by `-`, trimmed. */
function toArtifactName(name: string): string {
  return name.replace(INVALID_NAME_CHARACTERS, '-').trim();
}

function* candidateNames(base: string): Generator<string> {
  yield base;
  for (let n = 2; n <= MAX_NAME_TRIES; n++) yield `${base}-${n}`;
}

type UploadOutcome = { kind: 'uploaded'; id: number } | { kind: 'error'; error: unknown };

async function upload(
  client: ArtifactClient,
  name: string,
  options: UploadReportArtifactOptions,
): Promise<UploadOutcome> {
  try {
    const response = await client.uploadArtifact(
      name,
      [...options.files],
      options.rootDirectory,
      options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays },
    );
    if (response.id === undefined) {
      return { kind: 'error', error: new Error('the service gave no artifact id') };
    }
    return { kind: 'uploaded', id: response.id };
  } catch (error) {
    return { kind: 'error', error };
  }
}

/**
 * The result for an error of the client's, or 'conflict' when the name is taken. Its Twirp
 * errors read "Failed to CreateArtifact: Received non-retryable error: Failed request: (409)
 * Conflict: an artifact with this name already exists on the workflow run".
 */
function classify(
  artifact: ArtifactModule,
  error: unknown,
  name: string,
): Exclude<ArtifactResult, { action: 'uploaded' }> | 'conflict' {
  const message = messageOf(error);
  if (/\(409\)|already exists/i.test(message)) return 'conflict';
  if (error instanceof artifact.GHESNotSupportedError) {
    return { action: 'unavailable', reason: message };
  }
  if (/\(404\)/.test(message)) {
    return {
      action: 'unavailable',
      reason: `Uploading artifact "${name}": no artifact service answers at ${process.env['ACTIONS_RESULTS_URL']}: ${message}`,
    };
  }
  return { action: 'failed', reason: `Uploading artifact "${name}" failed: ${message}` };
}

function artifactUrl(env: NodeJS.ProcessEnv, id: number): string {
  const url = new URL(env['GITHUB_SERVER_URL'] || 'https://github.com');
  const [owner = '', repo = ''] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  const segments = [owner, repo, 'actions', 'runs', env['GITHUB_RUN_ID'] ?? '', 'artifacts'];
  url.pathname = [url.pathname.replace(/\/+$/, ''), ...segments.map(encodeURIComponent), id].join(
    '/',
  );
  return url.href;
}
