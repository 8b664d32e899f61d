import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { getOctokit } from '@actions/github';
import {
  GitHubApiServer,
  githubError,
  openApiSource,
  operationIds,
  validateReply,
  type ApiRequest,
} from './support/github-api/server.js';

const TOKEN = 'ghs_stand-in-token';
const OWNER = 'octo-org';
const REPO = 'octo-repo';

async function startServer(t: TestContext, token: string | undefined = TOKEN) {
  const server = await GitHubApiServer.start(token === undefined ? {} : { token });
  t.after(() => server.close());
  const octokit = getOctokit(TOKEN, { baseUrl: server.url });
  return { server, octokit };
}

/** A comment as GitHub returns it (the fields its schema requires, plus body). */
function issueComment(id: number, body: string) {
  const repoUrl = `https://api.github.com/repos/${OWNER}/${REPO}`;
  return {
    id,
    node_id: `IC_${id}`,
    url: `${repoUrl}/issues/comments/${id}`,
    html_url: `https://github.com/${OWNER}/${REPO}/issues/1#issuecomment-${id}`,
    issue_url: `${repoUrl}/issues/1`,
    body,
    user: {
      login: 'github-actions[bot]',
      id: 41898282,
      node_id: 'MDM6Qm90NDE4OTgyODI=',
      avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
      gravatar_id: '',
      url: 'https://api.github.com/users/github-actions%5Bbot%5D',
      html_url: 'https://github.com/apps/github-actions',
      followers_url: 'https://api.github.com/users/github-actions%5Bbot%5D/followers',
      following_url: 'https://api.github.com/users/github-actions%5Bbot%5D/following{/other_user}',
      gists_url: 'https://api.github.com/users/github-actions%5Bbot%5D/gists{/gist_id}',
      starred_url: 'https://api.github.com/users/github-actions%5Bbot%5D/starred{/owner}{/repo}',
      subscriptions_url: 'https://api.github.com/users/github-actions%5Bbot%5D/subscriptions',
      organizations_url: 'https://api.github.com/users/github-actions%5Bbot%5D/orgs',
      repos_url: 'https://api.github.com/users/github-actions%5Bbot%5D/repos',
      events_url: 'https://api.github.com/users/github-actions%5Bbot%5D/events{/privacy}',
      received_events_url: 'https://api.github.com/users/github-actions%5Bbot%5D/received_events',
      type: 'Bot',
      site_admin: false,
    },
    author_association: 'NONE',
    created_at: '2026-01-02T03:04:05Z',
    updated_at: '2026-01-02T03:04:05Z',
  };
}

async function rejection(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { status, message } = error as { status: number; message: string };
    return { status, message };
  }
  assert.fail('the request was expected to fail');
}

test('a valid create-comment round trip is accepted and the handler sees the parsed body', async (t) => {
  const { server, octokit } = await startServer(t);
  const seen: ApiRequest[] = [];
  server.on('issues/create-comment', (req) => {
    seen.push(req);
    const body = (req.body as { body: string }).body;
    return {
      status: 201,
      body: issueComment(1001, body),
      headers: { location: `https://api.github.com/repos/${OWNER}/${REPO}/issues/comments/1001` },
    };
  });

  const response = await octokit.rest.issues.createComment({
    owner: OWNER,
    repo: REPO,
    issue_number: 7,
    body: 'Integration tests: 12 passed',
  });

  assert.equal(response.status, 201);
  assert.equal(response.data.body, 'Integration tests: 12 passed');
  assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(response.headers['x-github-api-version-selected'], '2022-11-28');
  assert.equal(response.headers['x-ratelimit-limit'], '5000');
  assert.equal(seen.length, 1);
  assert.equal(seen[0]?.operationId, 'issues/create-comment');
  assert.deepEqual(seen[0]?.pathParams, { owner: OWNER, repo: REPO, issue_number: '7' });
  assert.deepEqual(seen[0]?.body, { body: 'Integration tests: 12 passed' });
  assert.deepEqual(server.requests, seen);
  server.assertNoViolations();
});

test('a create-comment body of the wrong type gets 422 and a violation', async (t) => {
  const { server, octokit } = await startServer(t);
  let called = false;
  server.on('issues/create-comment', () => {
    called = true;
    return { status: 201, body: issueComment(1, '42') };
  });

  const error = await rejection(
    octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: OWNER,
      repo: REPO,
      issue_number: 7,
      body: 42 as unknown as string, // deliberately the wrong type
    }),
  );

  assert.equal(error.status, 422);
  assert.match(error.message, /Invalid request\.\n\nFor 'properties\/body', 42 is not a string\./);
  assert.equal(called, false, 'an invalid request never reaches the handler');
  assert.equal(server.violations.length, 1);
  assert.match(server.violations[0] ?? '', /issues\/create-comment.*body\/body must be string/);
  assert.throws(() => server.assertNoViolations(), /body\/body must be string/);
});

test('a missing required body field gets 422 and a violation', async (t) => {
  const { server, octokit } = await startServer(t);

  const error = await rejection(
    // @ts-expect-error -- deliberately leaves out the required body
    octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      owner: OWNER,
      repo: REPO,
      comment_id: 5,
    }),
  );

  assert.equal(error.status, 422);
  assert.match(
    server.violations.join('\n'),
    /\(issues\/update-comment\): request body is required/,
  );
});

test('an unknown path gets 404 and a violation', async (t) => {
  const { server, octokit } = await startServer(t);

  const error = await rejection(
    octokit.request('GET /repos/{owner}/{repo}/secret-sauce', { owner: OWNER, repo: REPO }),
  );

  assert.equal(error.status, 404);
  assert.equal(server.requests[0]?.operationId, '');
  assert.deepEqual(server.violations, [
    `GET /repos/${OWNER}/${REPO}/secret-sauce: no operation of the OpenAPI subset matches this ` +
      'path; if the action needs it, add it to scripts/extract-openapi.mjs',
  ]);
});

test('a known path with a method outside the subset gets 404 and a violation naming the path', async (t) => {
  const { server, octokit } = await startServer(t);

  const error = await rejection(
    octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
      owner: OWNER,
      repo: REPO,
      pull_number: 3,
      title: 'x',
    }),
  );

  assert.equal(error.status, 404);
  assert.match(
    server.violations[0] ?? '',
    /no PATCH operation.*GET \/repos\/\{owner\}\/\{repo\}\/pulls/,
  );
});

test('a path parameter of the wrong type is a violation', async (t) => {
  const { server, octokit } = await startServer(t);
  server.on('issues/list-comments', () => ({ status: 200, body: [] }));

  const error = await rejection(
    octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: OWNER,
      repo: REPO,
      issue_number: 'abc' as unknown as number, // deliberately the wrong type
    }),
  );

  // GitHub's router does not match /issues/abc/comments at all.
  assert.equal(error.status, 404);
  assert.equal(server.violations.length, 1);
  assert.match(
    server.violations[0] ?? '',
    /issues\/list-comments.*path\/issue_number must be integer/,
  );
});

test('a query parameter of the wrong type or an unknown one is a violation', async (t) => {
  const { server, octokit } = await startServer(t);
  server.on('issues/list-comments', () => ({ status: 200, body: [] }));

  const error = await rejection(
    octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: OWNER,
      repo: REPO,
      issue_number: 1,
      per_page: 'many' as unknown as number, // deliberately the wrong type
    }),
  );
  assert.equal(error.status, 422);

  // GitHub ignores unknown query parameters, so the reply is normal; the call is still a bug.
  await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner: OWNER,
    repo: REPO,
    issue_number: 1,
    sort: 'created',
  });

  assert.equal(server.violations.length, 2);
  assert.match(server.violations[0] ?? '', /query\/per_page must be integer/);
  assert.match(server.violations[1] ?? '', /unknown query parameter "sort"/);
});

test('a handler reply missing a required field of the documented schema is a violation', async (t) => {
  const { server, octokit } = await startServer(t);
  server.on('issues/get-comment', () => {
    const comment: Partial<ReturnType<typeof issueComment>> = issueComment(5, 'hello');
    delete comment.id;
    return { status: 200, body: comment };
  });

  const response = await octokit.rest.issues.getComment({
    owner: OWNER,
    repo: REPO,
    comment_id: 5,
  });

  assert.equal(response.status, 200);
  assert.equal(server.violations.length, 1);
  assert.match(
    server.violations[0] ?? '',
    /issues\/get-comment.*reply 200 of issues\/get-comment: body must have required property 'id'/,
  );
});

test('a handler reply with a status the operation does not document is a violation', async (t) => {
  const { server, octokit } = await startServer(t);
  // GitHub's description lists only 200 and 422 for update-comment, so even a 404 is refused.
  server.on('issues/update-comment', () => githubError(404, 'Not Found'));

  const error = await rejection(
    octokit.rest.issues.updateComment({ owner: OWNER, repo: REPO, comment_id: 5, body: 'x' }),
  );

  assert.equal(error.status, 404);
  assert.match(
    server.violations[0] ?? '',
    /status 404 is not documented for issues\/update-comment/,
  );
});

test('an operation without a handler answers 404 like a missing resource, without a violation', async (t) => {
  const { server, octokit } = await startServer(t);

  const error = await rejection(
    octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 12 }),
  );

  assert.equal(error.status, 404);
  assert.match(error.message, /Not Found/);
  server.assertNoViolations();
});

test('a wrong token gets 401 Bad credentials; no token gets 401 Requires authentication and a violation', async (t) => {
  const { server } = await startServer(t, 'the-right-token');
  server.on('pulls/list', () => ({ status: 200, body: [] }));

  const wrong = getOctokit('not-the-right-token', { baseUrl: server.url });
  const error = await rejection(wrong.rest.pulls.list({ owner: OWNER, repo: REPO }));
  assert.equal(error.status, 401);
  assert.match(error.message, /Bad credentials/);
  server.assertNoViolations();

  // @actions/github refuses to build a client without a token, so send the request by hand.
  const response = await fetch(`${server.url}/repos/${OWNER}/${REPO}/pulls`);
  assert.equal(response.status, 401);
  assert.deepEqual(await response.json(), {
    message: 'Requires authentication',
    documentation_url: 'https://docs.github.com/rest',
    status: '401',
  });
  assert.deepEqual(server.violations, [
    `GET /repos/${OWNER}/${REPO}/pulls: no authorization header`,
  ]);
});

test('paginated list-comments with a Link header works with octokit.paginate', async (t) => {
  const { server, octokit } = await startServer(t);
  const comments = [1, 2, 3, 4, 5].map((id) => issueComment(id, `comment ${id}`));
  server.on('issues/list-comments', (req) => {
    const perPage = Number(req.query.per_page ?? 30);
    const page = Number(req.query.page ?? 1);
    const last = Math.ceil(comments.length / perPage);
    const pageUrl = (n: number) => `${server.url}${req.path}?per_page=${perPage}&page=${n}`;
    const links = [];
    if (page < last)
      links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
    if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(page - 1)}>; rel="prev"`);
    return {
      status: 200,
      body: comments.slice((page - 1) * perPage, page * perPage),
      headers: links.length > 0 ? { link: links.join(', ') } : undefined,
    };
  });

  const all = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: OWNER,
    repo: REPO,
    issue_number: 1,
    per_page: 2,
  });

  assert.deepEqual(
    all.map((comment) => comment.id),
    [1, 2, 3, 4, 5],
  );
  assert.deepEqual(
    server.requests.map((req) => req.query),
    [{ per_page: '2' }, { per_page: '2', page: '2' }, { per_page: '2', page: '3' }],
  );
  server.assertNoViolations();
});

test('path parameters are URL-decoded, including templates like {base}...{head}', async (t) => {
  const { server, octokit } = await startServer(t);
  server.on('repos/get-commit', () => githubError(422, 'No commit found for SHA: feature/x'));
  server.on('repos/compare-commits', () => githubError(404, 'Not Found'));

  await rejection(octokit.rest.repos.getCommit({ owner: OWNER, repo: REPO, ref: 'feature/x' }));
  await rejection(
    octokit.rest.repos.compareCommits({ owner: OWNER, repo: REPO, base: 'v1.0.0', head: 'main' }),
  );

  assert.deepEqual(server.requests[0]?.pathParams, { owner: OWNER, repo: REPO, ref: 'feature/x' });
  assert.deepEqual(server.requests[1]?.pathParams, {
    owner: OWNER,
    repo: REPO,
    base: 'v1.0.0',
    head: 'main',
  });
  server.assertNoViolations();
});

test('an artifact download follows the 302 to a blob the server serves', async (t) => {
  const { server, octokit } = await startServer(t);
  const zip = Buffer.from('PK\x05\x06'.padEnd(22, '\0'), 'latin1');
  server.on('actions/download-artifact', (req) => {
    assert.equal(req.pathParams.archive_format, 'zip');
    return { status: 302, headers: { location: server.blobUrl(zip, 'application/zip') } };
  });

  const response = await octokit.rest.actions.downloadArtifact({
    owner: OWNER,
    repo: REPO,
    artifact_id: 9,
    archive_format: 'zip',
  });

  assert.equal(response.status, 200);
  assert.deepEqual(Buffer.from(response.data as ArrayBuffer), zip);
  assert.equal(server.requests.length, 1);
  server.assertNoViolations();
});

test('OpenAPI 3.0 nullable is honoured, including nullable enums GitHub left without null', () => {
  const inProgress = { conclusion: null };
  // check-run.conclusion is {type: string, nullable: true, enum: [...]} without null in the enum,
  // yet GitHub sends null for every check run that has not completed.
  const problems = validateReply('checks/create', { status: 201, body: inProgress });
  assert.equal(
    problems.some((problem) => problem.includes('/conclusion')),
    false,
    problems.join('\n'),
  );
  assert.match(
    validateReply('checks/create', { status: 201, body: { conclusion: 'great' } }).join('\n'),
    /body\/conclusion must be equal to one of the allowed values/,
  );
});

test('every operation of the subset compiles and the subset names its source', async (t) => {
  assert.equal(openApiSource.package, '@octokit/openapi');
  assert.match(openApiSource.version, /^\d+\.\d+\.\d+$/);
  assert.equal(operationIds.length, 22);
  for (const operationId of operationIds) {
    // Throws if ajv cannot compile a schema; an empty body fails every documented 2xx schema.
    validateReply(operationId, { status: 200, body: {} });
    validateReply(operationId, githubError(404, 'Not Found'));
  }
  const { server } = await startServer(t);
  assert.throws(
    () => server.on('pulls/update', () => githubError(404, 'Not Found')),
    /pulls\/update is not in the OpenAPI subset/,
  );
});
