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

const API_ROOT = 'https://api.github.com';

/** A user or bot as GitHub embeds one (`simple-user`). */
export function simpleUser(
  login: string,
  id = 583231,
  type: 'User' | 'Bot' | 'Organization' = 'User',
) {
  const url = `${API_ROOT}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url:
      type === 'Bot'
        ? `https://github.com/apps/${login.replace(/\[bot\]$/, '')}`
        : `https://github.com/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    site_admin: false,
  };
}

const ACTIONS_BOT = simpleUser('github-actions[bot]', 41898282, 'Bot');

export interface CommentFixture {
  readonly id: number;
  readonly body: string;
  readonly issueNumber: number;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly user?: ReturnType<typeof simpleUser>;
}

/** An issue or pull-request comment (`issue-comment`). */
export function issueComment(comment: CommentFixture) {
  const createdAt = comment.createdAt ?? '2026-11-24T08:00:00Z';
  return {
    id: comment.id,
    node_id: `IC_kwDO${comment.id}`,
    url: `${API}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${REPO}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${API}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: comment.user ?? ACTIONS_BOT,
    author_association: 'NONE',
    created_at: createdAt,
    updated_at: comment.updatedAt ?? createdAt,
  };
}

export interface CheckRunFixture {
  readonly id: number;
  readonly name: string;
  readonly headSha: string;
  readonly status: 'queued' | 'in_progress' | 'completed';
  readonly conclusion: string | null;
  readonly title: string | null;
  readonly summary: string | null;
  readonly annotationsCount: number;
}

/** A check run as checks/create and checks/update return it (`check-run`). */
export function checkRun(run: CheckRunFixture) {
  const url = `${API}/check-runs/${run.id}`;
  return {
    id: run.id,
    node_id: `CR_kwDO${run.id}`,
    head_sha: run.headSha,
    external_id: '',
    url,
    html_url: `https://github.com/${REPO}/runs/${run.id}`,
    details_url: `https://github.com/${REPO}/actions/runs/1234567890/job/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: '2026-11-24T08:00:00Z',
    completed_at: run.status === 'completed' ? '2026-11-24T08:01:00Z' : null,
    output: {
      title: run.title,
      summary: run.summary,
      text: null,
      annotations_count: run.annotationsCount,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: 5 },
    app: null,
    pull_requests: [],
  };
}

/** A repository as a pull request's `head.repo` and `base.repo` embed it (`repository`). */
export function repository(owner: string, name: string, id: number) {
  const url = `${API_ROOT}/repos/${owner}/${name}`;
  const htmlUrl = `https://github.com/${owner}/${name}`;
  return {
    id,
    node_id: `R_kgDO${id}`,
    name,
    full_name: `${owner}/${name}`,
    owner: simpleUser(owner, id + 1, 'Organization'),
    private: false,
    html_url: htmlUrl,
    description: null,
    fork: owner !== REPO.split('/')[0],
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git://github.com/${owner}/${name}.git`,
    hooks_url: `${url}/hooks`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@github.com:${owner}/${name}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${htmlUrl}.git`,
    mirror_url: null,
    svn_url: htmlUrl,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 100,
    default_branch: 'main',
    open_issues_count: 1,
    open_issues: 1,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: '2026-11-24T07:59:00Z',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-11-24T07:59:00Z',
  };
}

export interface PullRequestFixture {
  readonly number: number;
  readonly headSha: string;
  readonly baseSha: string;
  /** The owner of the head repository: another than the base's for a fork. */
  readonly headOwner: string;
  readonly headRef: string;
}

/** A pull request as pulls/list returns it (`pull-request-simple`), based on octo-org/octo-app. */
export function pullRequestSimple(pr: PullRequestFixture) {
  const [baseOwner, baseName] = REPO.split('/') as [string, string];
  const url = `${API}/pulls/${pr.number}`;
  const htmlUrl = `https://github.com/${REPO}/pull/${pr.number}`;
  const author = simpleUser(pr.headOwner, 7000 + pr.number);
  const link = (href: string) => ({ href });
  return {
    url,
    id: 900000 + pr.number,
    node_id: `PR_kwDO${pr.number}`,
    html_url: htmlUrl,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    issue_url: `${API}/issues/${pr.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${API}/pulls/comments{/number}`,
    comments_url: `${API}/issues/${pr.number}/comments`,
    statuses_url: `${API}/statuses/${pr.headSha}`,
    number: pr.number,
    state: 'open',
    locked: false,
    title: 'A change',
    user: author,
    body: null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: '2026-11-23T10:00:00Z',
    updated_at: '2026-11-24T07:59:00Z',
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${pr.headOwner}:${pr.headRef}`,
      ref: pr.headRef,
      sha: pr.headSha,
      user: author,
      repo: repository(pr.headOwner, baseName, 2000 + pr.number),
    },
    base: {
      label: `${baseOwner}:main`,
      ref: 'main',
      sha: pr.baseSha,
      user: simpleUser(baseOwner, 1, 'Organization'),
      repo: repository(baseOwner, baseName, 1296269),
    },
    _links: {
      self: link(url),
      html: link(htmlUrl),
      issue: link(`${API}/issues/${pr.number}`),
      comments: link(`${API}/issues/${pr.number}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${API}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${API}/statuses/${pr.headSha}`),
    },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    draft: false,
  };
}

/**
 * One page of a list, paged as GitHub pages it: `per_page` (default 30) and `page` from the
 * query, and a `link` header with `next` and `last` (and `first` and `prev` after page one)
 * that carries the request's other query parameters along.
 */
export function listPage<T>(
  request: { path: string; query: Record<string, string | string[]> },
  items: readonly T[],
  apiUrl: string,
) {
  const perPage = Number(request.query.per_page ?? 30);
  const page = Number(request.query.page ?? 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const pageUrl = (n: number) => {
    const url = new URL(request.path, apiUrl);
    for (const [name, value] of Object.entries(request.query)) {
      for (const v of [value].flat()) url.searchParams.append(name, v);
    }
    url.searchParams.set('page', String(n));
    return url.toString();
  };
  const links: string[] = [];
  if (page < last)
    links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
  if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(page - 1)}>; rel="prev"`);
  return {
    status: 200,
    body: items.slice((page - 1) * perPage, page * perPage),
    ...(links.length > 0 ? { headers: { link: links.join(', ') } } : {}),
  };
}
