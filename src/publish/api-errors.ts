/**
 * What a failed GitHub API call means, said so that a user can act on it: what was refused, why,
 * and the permission it needs. Refusals of a write (a read-only token, a fork's pull request) are
 * results, not errors: the report is still in the job summary, so the step goes on.
 */

import { MAX_TRIES } from './github-client.js';
import { messageOf } from '../model/errors.js';

/** One thing the action asks of GitHub, for messages: "create the check run \"unit\"". */
export interface ApiAction {
  /** What was attempted, as the object of "GitHub refused to ...". */
  readonly what: string;
  /** The `permissions:` entry the job needs for it, e.g. `pull-requests: write`. */
  readonly permission: string;
}

/** A write GitHub refused for want of permission: the caller warns once and goes on. */
export interface Forbidden {
  readonly action: 'forbidden';
  /** 403, or 404 (what GitHub answers on a private repository the token may not write to). */
  readonly status: number;
  /** One sentence: what was refused, GitHub's message, and the permission needed. */
  readonly reason: string;
}

/** An API call that failed for another reason than permission, explained in `message`. */
export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';
  readonly status: number | undefined;

  constructor(message: string, status: number | undefined, cause: unknown) {
    super(message, { cause });
    this.status = status;
  }
}

interface ErrorShape {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

/** The HTTP status of an Octokit `RequestError`, undefined when no answer came. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as ErrorShape | null)?.status;
  if (typeof status !== 'number') return undefined;
  // @octokit/request reports a network failure or a timeout as 500 without a response.
  return (error as ErrorShape).response === undefined ? undefined : status;
}

/** GitHub's own message of the answer, e.g. "Resource not accessible by integration". */
function githubMessage(error: unknown): string {
  const data = (error as ErrorShape | null)?.response?.data as
    { message?: unknown; errors?: unknown } | undefined;
  const message = typeof data?.message === 'string' ? data.message : messageOf(error);
  const details = Array.isArray(data?.errors)
    ? data.errors.map((e: unknown) => (typeof e === 'string' ? e : describeFieldError(e)))
    : [];
  const text = [message.trim(), ...details].filter((part) => part !== '').join('; ');
  // Bodies GitHub sends are short, but this ends up in a one-line warning.
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

function describeFieldError(error: unknown): string {
  const e = error as { resource?: unknown; field?: unknown; code?: unknown; message?: unknown };
  if (typeof e.message === 'string') return e.message;
  return [e.resource, e.field, e.code].filter((part) => typeof part === 'string').join(' ');
}

/** A 403 or 429 that says a rate limit was hit, primary or secondary. */
export function isRateLimited(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return false;
  const headers = (error as ErrorShape).response?.headers ?? {};
  return headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(githubMessage(error));
}

/**
 * Whether GitHub refused the call for want of permission: a 403 that is no rate limit, or a 404
 * on a write (GitHub hides a private repository from a token that may not write to it).
 */
function isForbidden(error: unknown, write: boolean): boolean {
  const status = statusOf(error);
  if (status === 403) return !isRateLimited(error);
  return status === 404 && write;
}

/** A forbidden result, when `error` is a refusal for want of permission. */
export function forbiddenOf(
  error: unknown,
  action: ApiAction,
  write = true,
): Forbidden | undefined {
  if (!isForbidden(error, write)) return undefined;
  return { action: 'forbidden', status: statusOf(error)!, reason: explainApiError(error, action) };
}

/** One sentence saying what GitHub refused and what to do about it. */
export function explainApiError(error: unknown, action: ApiAction): string {
  const status = statusOf(error);
  const refused = `GitHub refused to ${action.what}`;
  const said = `${status} ${githubMessage(error)}`;
  if (status === undefined) {
    return `Could not reach GitHub's API to ${action.what}: ${messageOf(error)}.`;
  }
  if (isRateLimited(error)) {
    const reset = Number((error as ErrorShape).response?.headers?.['x-ratelimit-reset']);
    const until = Number.isFinite(reset) && reset > 0 ? ` until ${isoTime(reset)}` : '';
    return `${refused} (${said}): the API rate limit is used up${until}, longer than the action waits.`;
  }
  if (status === 401) {
    return `${refused} (${said}): the token is not valid (expired, revoked or mistyped); check the \`github-token\` input.`;
  }
  if (status === 403 && /\blocked\b/i.test(githubMessage(error))) {
    return `${refused} (${said}): the conversation is locked.`;
  }
  if (status === 403) {
    return `${refused} (${said}): the token needs \`${action.permission}\`.`;
  }
  if (status === 404) {
    return `${refused} (${said}): it does not exist, or the token may not see it (it needs \`${action.permission}\`).`;
  }
  if (status === 422) {
    return `${refused} as invalid (${said}).`;
  }
  if (status >= 500) {
    return `GitHub failed to ${action.what} (${said}), also after ${MAX_TRIES} tries.`;
  }
  return `${refused} (${said}).`;
}

function isoTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Explains `error` as a `GitHubApiError`, keeping the original as its cause. */
export function apiError(error: unknown, action: ApiAction): GitHubApiError {
  return new GitHubApiError(explainApiError(error, action), statusOf(error), error);
}

/**
 * The one warning for everything GitHub refused to take: what was not posted, why, and how to
 * post it from a fork's pull request.
 */
export function forbiddenWarning(refusals: readonly Forbidden[]): string | undefined {
  if (refusals.length === 0) return undefined;
  return [
    ...refusals.map((refusal) => refusal.reason),
    'The report is in the job summary and the step outputs.',
    'On pull requests from forks GitHub gives the workflow a read-only token whatever ' +
      '`permissions:` says: to post the report there, upload the JSON report as an artifact and ' +
      'run this action from a workflow triggered by `workflow_run` (see the README, "Pull ' +
      'requests from forks").',
  ].join(' ');
}
