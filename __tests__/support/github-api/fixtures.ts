/** Resources shaped as GitHub returns them, complete enough to validate against the description. */

const REPO = 'octo-org/octo-app';
const API = `https://api.github.com/repos/${REPO}`;

export interface JobFixture {
  readonly id: number;
  readonly name: string;
  readonly runnerName: string | null;
  readonly status: 'queued' | 'in_progress' | 'completed';
  readonly runId?: number;
}

export function workflowJob(job: JobFixture) {
  const runId = job.runId ?? 1234567890;
  return {
    id: job.id,
    node_id: `CR_kwDO${job.id}`,
    run_id: runId,
    run_url: `${API}/actions/runs/${runId}`,
    run_attempt: 1,
    head_sha: 'a'.repeat(40),
    workflow_name: 'CI',
    head_branch: 'main',
    name: job.name,
    url: `${API}/actions/jobs/${job.id}`,
    html_url: `https://github.com/${REPO}/actions/runs/${runId}/job/${job.id}`,
    status: job.status,
    conclusion: job.status === 'completed' ? 'success' : null,
    created_at: '2026-11-24T08:00:00Z',
    started_at: '2026-11-24T08:00:05Z',
    completed_at: job.status === 'completed' ? '2026-11-24T08:01:00Z' : null,
    check_run_url: `${API}/check-runs/${job.id}`,
    labels: ['ubuntu-24.04'],
    runner_id: job.runnerName ? job.id : null,
    runner_name: job.runnerName,
    runner_group_id: job.runnerName ? 1 : null,
    runner_group_name: job.runnerName ? 'GitHub Actions' : null,
    steps: [],
  };
}
