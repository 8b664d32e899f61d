/** Event payloads shaped as GitHub sends them (only the fields anything reads, plus their neighbours). */

export interface RepositoryRef {
  readonly owner: string;
  readonly name: string;
}

export const DEFAULT_REPOSITORY: RepositoryRef = { owner: 'octo-org', name: 'octo-app' };

function repositoryPayload(repo: RepositoryRef) {
  return {
    id: 1296269,
    node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: false,
    owner: { login: repo.owner, id: 1, type: 'Organization' },
    html_url: `https://github.com/${repo.owner}/${repo.name}`,
    default_branch: 'main',
  };
}

const sender = { login: 'octocat', id: 583231, type: 'User' };

export function pushEvent(sha: string, repo: RepositoryRef = DEFAULT_REPOSITORY) {
  return {
    ref: 'refs/heads/main',
    before: '0'.repeat(40),
    after: sha,
    created: false,
    deleted: false,
    forced: false,
    head_commit: { id: sha, message: 'Change', timestamp: '2026-11-24T08:00:00Z' },
    pusher: { name: 'octocat', email: 'octocat@github.com' },
    repository: repositoryPayload(repo),
    sender,
  };
}

export function pullRequestEvent(
  options: { number: number; headSha: string; baseSha: string; fork?: boolean },
  repo: RepositoryRef = DEFAULT_REPOSITORY,
) {
  const base = repositoryPayload(repo);
  const headRepo = options.fork
    ? repositoryPayload({ owner: 'contributor', name: repo.name })
    : base;
  return {
    action: 'synchronize',
    number: options.number,
    pull_request: {
      number: options.number,
      state: 'open',
      title: 'A change',
      html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${options.number}`,
      user: sender,
      head: {
        label: `${headRepo.owner.login}:feature`,
        ref: 'feature',
        sha: options.headSha,
        repo: headRepo,
      },
      base: { label: `${repo.owner}:main`, ref: 'main', sha: options.baseSha, repo: base },
    },
    repository: base,
    sender,
  };
}

/** The base repository's id in workflowRunEvent payloads. */
export const WORKFLOW_RUN_REPOSITORY_ID = 1296269;

export interface MinimalPr {
  number: number;
  headSha: string;
  baseSha: string;
  baseRepoId: number;
}

/** A `workflow_run` event as GitHub sends it to the base repository's workflow. */
export function workflowRunEvent(options: {
  event: string;
  headOwner: string;
  headBranch: string;
  headSha: string;
  pullRequests: MinimalPr[];
}) {
  const repository = {
    id: WORKFLOW_RUN_REPOSITORY_ID,
    name: 'octo-app',
    full_name: 'octo-org/octo-app',
    owner: { login: 'octo-org', id: 1, type: 'Organization' },
  };
  const repo = (id: number) => ({
    id,
    url: `https://api.github.com/repositories/${id}`,
    name: 'octo-app',
  });
  return {
    action: 'completed',
    workflow_run: {
      id: 30433642,
      name: 'CI',
      event: options.event,
      status: 'completed',
      conclusion: 'failure',
      head_branch: options.headBranch,
      head_sha: options.headSha,
      run_number: 562,
      run_attempt: 1,
      pull_requests: options.pullRequests.map((pr) => ({
        id: 900000 + pr.number,
        number: pr.number,
        url: `https://api.github.com/repos/octo-org/octo-app/pulls/${pr.number}`,
        head: { ref: options.headBranch, sha: pr.headSha, repo: repo(WORKFLOW_RUN_REPOSITORY_ID) },
        base: { ref: 'main', sha: pr.baseSha, repo: repo(pr.baseRepoId) },
      })),
      repository,
      head_repository: {
        id: 7001,
        name: 'octo-app',
        full_name: `${options.headOwner}/octo-app`,
        owner: { login: options.headOwner, id: 7002, type: 'User' },
      },
    },
    repository,
    sender: { login: 'octocat', id: 583231, type: 'User' },
  };
}
