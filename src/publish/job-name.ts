import { API_TIMEOUT_MS, type GitHubClient } from './github-client.js';

export interface JobIdentity {
  readonly owner: string;
  readonly repo: string;
  readonly runId: number;
  readonly runAttempt: number;
  /** The runner this job runs on: the one in-progress job of the run on it is ours. */
  readonly runnerName: string;
}

/**
 * The job's display name as GitHub shows it (`test (3.12, ubuntu-24.04)` for a matrix job).
 * The runner only tells the job's key (`github.job`), which matrix jobs share.
 * Undefined when the API cannot tell (no `actions: read`, or no single match).
 */
export async function lookUpJobName(
  client: GitHubClient,
  job: JobIdentity,
): Promise<string | undefined> {
  const matches: string[] = [];
  const pages = client.paginate.iterator(client.rest.actions.listJobsForWorkflowRunAttempt, {
    owner: job.owner,
    repo: job.repo,
    run_id: job.runId,
    attempt_number: job.runAttempt,
    per_page: 100,
    request: { signal: AbortSignal.timeout(API_TIMEOUT_MS) },
  });
  for await (const page of pages) {
    for (const candidate of page.data) {
      if (candidate.runner_name === job.runnerName && candidate.status === 'in_progress') {
        matches.push(candidate.name);
      }
    }
  }
  return matches.length === 1 ? matches[0] : undefined;
}
