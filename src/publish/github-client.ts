import * as core from '@actions/core';
import type * as github from '@actions/github';

export type GitHubClient = ReturnType<typeof github.getOctokit>;

/**
 * API calls never hold up the step for long: the report matters more than any one call. A
 * call's signal spans its retries, so a call with its retries ends within this time plus at
 * most one wait (`MAX_RATE_LIMIT_WAIT_S`).
 */
export const API_TIMEOUT_MS = 15_000;

/** Tries of one request: the first and two retries, for 5xx answers and rate limits alike. */
export const MAX_TRIES = 3;

/**
 * The longest wait a rate limit may ask for and still be waited out. A primary limit resets
 * within the hour, far beyond this: such a call fails at once and is explained.
 */
const MAX_RATE_LIMIT_WAIT_S = 10;

/**
 * Client errors are not retried (they are explained instead), except 408 Request Timeout.
 * 403 and 429 are rate limits only when GitHub says so; the throttling plugin handles those.
 */
const NOT_RETRIED = Array.from({ length: 100 }, (_, i) => 400 + i).filter((s) => s !== 408);

/** Each client spaces its own writes: the throttling plugin's limiters are per `id`. */
let clients = 0;

export interface GitHubClientOptions {
  /** The API's root. Default: `GITHUB_API_URL`, else `https://api.github.com`. */
  readonly baseUrl?: string;
  /**
   * Milliseconds per second of waiting before a retry. Default 1000; tests make it 1 so that a
   * `retry-after: 2` costs 2 ms. 5xx answers are retried after 1 and 4 seconds.
   */
  readonly waitUnitMs?: number;
  /** Where retries are told. Default: the step's log. */
  readonly log?: (message: string) => void;
}

/**
 * An Octokit with GitHub's retry and throttling plugins: 5xx answers and network failures are
 * retried (`MAX_TRIES` tries), rate limits (403/429 with `retry-after`, or with
 * `x-ratelimit-remaining: 0`) are waited out when the wait is short, and the client's writes are
 * spaced as GitHub asks (one a second; new comments three seconds): publish through one client.
 * Every other 4xx fails at once: see `explainApiError`.
 */
export async function createGitHubClient(
  token: string,
  options: GitHubClientOptions = {},
): Promise<GitHubClient> {
  // Loaded by the runs that call the API only: Octokit and its plugins take ~15 ms to load.
  const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]);
  const waitUnitMs = options.waitUnitMs ?? 1000;
  const log = options.log ?? ((message: string) => core.info(message));
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _: unknown, retries: number) => {
      if (retries + 1 >= MAX_TRIES || retryAfter > MAX_RATE_LIMIT_WAIT_S) return false;
      log(
        `GitHub's ${kind} rate limit refused ${request.method} ${request.url}: waiting ` +
          `${retryAfter} s before try ${retries + 2} of ${MAX_TRIES}.`,
      );
      return true;
    };
  return getOctokit(
    token,
    {
      baseUrl: options.baseUrl ?? (process.env.GITHUB_API_URL || 'https://api.github.com'),
      userAgent: 'integration-test-action',
      retry: { retries: MAX_TRIES - 1, doNotRetry: NOT_RETRIED, retryAfterBaseValue: waitUnitMs },
      throttle: {
        id: `client-${++clients}`,
        retryAfterBaseValue: waitUnitMs,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
    },
    retry,
    throttling,
  );
}
