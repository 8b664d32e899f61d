/**
 * The pull request a run reports on, from the event that started the workflow. A
 * `workflow_run` for a fork's pull request lists no pull request: it is found from the head
 * repository and branch.
 */
import type { PullRequestFile } from '../coverage/diff.js';
import type { PullRequestRef } from '../model/run.js';
import { explainApiError } from './api-errors.js';
import { API_TIMEOUT_MS, type GitHubClient } from './github-client.js';

export interface FindPullRequestOptions {
  /** Used only for a `workflow_run` whose event lists no pull request. */
  readonly client: GitHubClient;
  /** The repository the workflow runs in, where the pull request's comments go. */
  readonly owner: string;
  readonly repo: string;
  /** `github.context.eventName`. */
  readonly eventName: string;
  /** `github.context.payload`: the event as GitHub sent it. */
  readonly payload: unknown;
}

export type PullRequestLookup =
  | {
      readonly found: true;
      readonly pullRequest: PullRequestRef;
      /** Where it came from: the event itself, or the pull requests of the head branch. */
      readonly via: 'event' | 'head branch';
    }
  | { readonly found: false; readonly reason: string };

interface MinimalPullRequest {
  number?: number;
  head?: { sha?: string };
  base?: { sha?: string; repo?: { id?: number } };
}

interface WorkflowRunPayload {
  repository?: { id?: number };
  workflow_run?: {
    event?: string;
    head_sha?: string;
    head_branch?: string | null;
    head_repository?: { owner?: { login?: string } } | null;
    repository?: { id?: number };
    pull_requests?: MinimalPullRequest[];
  };
}

/** Events whose runs test a pull request's head. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

/**
 * The pull request an event's payload carries under `pull_request` (pull_request,
 * pull_request_target, reviews, ...), read without the API; undefined when it has none.
 */
export function pullRequestOfPayload(payload: unknown): PullRequestRef | undefined {
  const pr = (payload as { pull_request?: MinimalPullRequest } | undefined)?.pull_request;
  return refOf(pr, pr?.head?.sha);
}

/** Every file of a pull request as `pulls/list-files` gives them (GitHub stops at 3,000). */
export function listPullRequestFiles(
  client: GitHubClient,
  owner: string,
  repo: string,
  pullNumber: number,
): Promise<PullRequestFile[]> {
  return client.paginate(client.rest.pulls.listFiles, {
    owner,
    repo,
    pull_number: pullNumber,
    per_page: 100,
  });
}

export async function findPullRequest(options: FindPullRequestOptions): Promise<PullRequestLookup> {
  const { eventName } = options;
  if (PULL_REQUEST_EVENTS.has(eventName)) {
    const ref = pullRequestOfPayload(options.payload);
    if (ref) return { found: true, pullRequest: ref, via: 'event' };
    return { found: false, reason: `the ${eventName} event has no pull request in its payload` };
  }
  if (eventName === 'workflow_run') return fromWorkflowRun(options);
  return { found: false, reason: `a ${eventName} event is not about a pull request` };
}

async function fromWorkflowRun(options: FindPullRequestOptions): Promise<PullRequestLookup> {
  const payload = options.payload as WorkflowRunPayload;
  const run = payload.workflow_run;
  const headSha = run?.head_sha;
  if (!run || !headSha) {
    return { found: false, reason: 'the workflow_run event has no workflow run in its payload' };
  }
  // A pull request of another repository (a fork's own) can be listed too: keep this one's.
  const repositoryId = run.repository?.id ?? payload.repository?.id;
  const listed = (run.pull_requests ?? []).filter(
    (pr) => repositoryId === undefined || pr.base?.repo?.id === repositoryId,
  );
  const fromEvent = listed.find((pr) => pr.head?.sha === headSha) ?? listed[0];
  const ref = refOf(fromEvent, headSha);
  if (ref) return { found: true, pullRequest: ref, via: 'event' };

  if (!PULL_REQUEST_EVENTS.has(run.event ?? '')) {
    return {
      found: false,
      reason: `the workflow run was started by a ${run.event ?? 'unknown'} event, not by a pull request`,
    };
  }
  const login = run.head_repository?.owner?.login;
  const branch = run.head_branch;
  if (!login || !branch) {
    return { found: false, reason: 'the workflow run names no head repository and branch' };
  }
  const head = `${login}:${branch}`;
  try {
    const { data } = await options.client.rest.pulls.list({
      owner: options.owner,
      repo: options.repo,
      head,
      state: 'open',
      per_page: 100,
      request: { signal: AbortSignal.timeout(API_TIMEOUT_MS) },
    });
    const match = data.find((pr) => pr.head.sha === headSha) ?? data[0];
    const found = refOf(match, headSha);
    if (found) return { found: true, pullRequest: found, via: 'head branch' };
    return { found: false, reason: `no open pull request has the head ${head}` };
  } catch (error) {
    return {
      found: false,
      reason: explainApiError(error, {
        what: `list the pull requests of ${head}`,
        permission: 'pull-requests: read',
      }),
    };
  }
}

/** The pull request's number and base, with the commit the run tested as its head. */
function refOf(
  pr: MinimalPullRequest | undefined,
  headSha: string | undefined,
): PullRequestRef | undefined {
  const baseSha = pr?.base?.sha;
  if (typeof pr?.number !== 'number' || !headSha || !baseSha) return undefined;
  return { number: pr.number, headSha, baseSha };
}
