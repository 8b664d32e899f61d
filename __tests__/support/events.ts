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
