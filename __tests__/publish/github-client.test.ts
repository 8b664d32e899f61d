/**
 * The Octokit client's retries and throttling, and how failures are explained, over HTTP against
 * the local GitHub API stand-in. Waits are in milliseconds instead of seconds (`waitUnitMs: 1`).
 */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { apiError, isRateLimited } from '../../src/publish/api-errors.js';
import { createGitHubClient, MAX_TRIES } from '../../src/publish/github-client.js';
import { issueComment } from '../support/github-api/fixtures.js';
import { GitHubApiServer, githubError, type ApiReply } from '../support/github-api/server.js';

const TOKEN = 'ghs_client-token';
const OWNER = 'octo-org';
const REPO = 'octo-app';
const SECONDARY =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';

/** A stand-in whose get-comment answers the given replies in turn, then 200. */
async function answering(t: TestContext, replies: ApiReply[]) {
  const server = await GitHubApiServer.start({ token: TOKEN });
  t.after(() => server.close());
  const queue = [...replies];
  server.on('issues/get-comment', () => {
    return (
      queue.shift() ?? { status: 200, body: issueComment({ id: 5, body: 'hi', issueNumber: 1 }) }
    );
  });
  const logged: string[] = [];
  const client = await createGitHubClient(TOKEN, {
    baseUrl: server.url,
    waitUnitMs: 1,
    log: (m) => logged.push(m),
  });
  const getComment = () =>
    client.rest.issues.getComment({ owner: OWNER, repo: REPO, comment_id: 5 });
  const tries = () => server.requests.length;
  return { server, client, getComment, tries, logged };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the call was expected to fail');
}

const READ = { what: 'read comment 5', permission: 'pull-requests: read' };

test('5xx answers are retried, and the call succeeds', async (t) => {
  const { server, getComment, tries } = await answering(t, [
    githubError(502, 'Server Error'),
    githubError(503, 'Service Unavailable'),
  ]);
  const started = performance.now();
  const response = await getComment();
  assert.equal(response.status, 200);
  assert.equal(tries(), 3);
  assert.ok(performance.now() - started < 1000, 'waits are short in tests');
  server.assertNoViolations();
});

test(`5xx answers are tried ${MAX_TRIES} times, then explained`, async (t) => {
  const { server, getComment, tries } = await answering(
    t,
    Array(5).fill(githubError(500, 'Server Error')),
  );
  const error = await failure(getComment());
  assert.equal(tries(), MAX_TRIES);
  assert.equal(
    apiError(error, READ).message,
    'GitHub failed to read comment 5 (500 Server Error), also after 3 tries.',
  );
  server.assertNoViolations();
});

test('a 429 secondary rate limit is waited out for its retry-after', async (t) => {
  const { server, getComment, tries, logged } = await answering(t, [
    { ...githubError(429, SECONDARY), headers: { 'retry-after': '7' } },
  ]);
  const response = await getComment();
  assert.equal(response.status, 200);
  assert.equal(tries(), 2);
  assert.match(
    logged.join('\n'),
    /secondary rate limit refused GET .*: waiting 7 s before try 2 of 3/,
  );
  server.assertNoViolations();
});

test('a 403 primary rate limit (x-ratelimit-remaining: 0) resetting in a moment is waited out', async (t) => {
  const reset = String(Math.floor(Date.now() / 1000) + 2);
  const { server, getComment, tries } = await answering(t, [
    {
      ...githubError(403, 'API rate limit exceeded for installation ID 1.'),
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    },
  ]);
  const response = await getComment();
  assert.equal(response.status, 200);
  assert.equal(tries(), 2);
  server.assertNoViolations();
});

test('a rate limit asking for a long wait fails at once, explained; retries stop after 3 tries', async (t) => {
  // An hour away, as GitHub's primary limit resets hourly.
  const reset = Math.floor(Date.now() / 1000) + 3600;
  const resetTime = new Date(reset * 1000).toISOString().replace('.000Z', 'Z');
  const primary = {
    ...githubError(403, 'API rate limit exceeded for installation ID 1.'),
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
  };
  const { server, getComment, tries } = await answering(t, [primary]);
  const error = await failure(getComment());
  assert.equal(tries(), 1, 'an hour is not waited for');
  assert.ok(isRateLimited(error));
  assert.equal(
    apiError(error, READ).message,
    'GitHub refused to read comment 5 (403 API rate limit exceeded for installation ID 1.): ' +
      `the API rate limit is used up until ${resetTime}, longer than the action waits.`,
  );

  const long = { ...githubError(429, SECONDARY), headers: { 'retry-after': '60' } };
  const secondary = await answering(t, [long]);
  await failure(secondary.getComment());
  assert.equal(secondary.tries(), 1, 'a minute is not waited for');

  const short = { ...githubError(429, SECONDARY), headers: { 'retry-after': '1' } };
  const endless = await answering(t, Array(5).fill(short));
  await failure(endless.getComment());
  assert.equal(endless.tries(), MAX_TRIES);
  server.assertNoViolations();
  secondary.server.assertNoViolations();
  endless.server.assertNoViolations();
});

test('a 403 without a rate limit and a 422 are not retried, and say what was refused', async (t) => {
  const { server, client, getComment, tries } = await answering(t, [
    githubError(403, 'Resource not accessible by integration'),
  ]);
  const refused = await failure(getComment());
  assert.equal(tries(), 1);
  assert.ok(!isRateLimited(refused));
  assert.equal(
    apiError(refused, READ).message,
    'GitHub refused to read comment 5 (403 Resource not accessible by integration): the token ' +
      'needs `pull-requests: read`.',
  );

  server.on('issues/create-comment', () => ({
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)',
        },
      ],
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
    },
  }));
  const invalid = await failure(
    client.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 1, body: 'x' }),
  );
  assert.equal(tries(), 2);
  assert.equal(
    apiError(invalid, { what: 'create the comment', permission: 'pull-requests: write' }).message,
    'GitHub refused to create the comment as invalid (422 Validation Failed; body is too long ' +
      '(maximum is 65536 characters)).',
  );
  server.assertNoViolations();
});

test('a bad token is explained as such', async (t) => {
  const server = await GitHubApiServer.start({ token: TOKEN });
  t.after(() => server.close());
  const client = await createGitHubClient('ghs_expired', { baseUrl: server.url, waitUnitMs: 1 });
  const error = await failure(client.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 }));
  assert.equal(server.requests.length, 1);
  assert.equal(
    apiError(error, { what: 'read pull request #1', permission: 'pull-requests: read' }).message,
    'GitHub refused to read pull request #1 (401 Bad credentials): the token is not valid ' +
      '(expired, revoked or mistyped); check the `github-token` input.',
  );
  server.assertNoViolations();
});

test('an API that drops the connection is retried, then explained', async (t) => {
  let connections = 0;
  const dropping = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => dropping.close(resolve)));
  const { port } = dropping.address() as AddressInfo;
  const client = await createGitHubClient(TOKEN, {
    baseUrl: `http://127.0.0.1:${port}`,
    waitUnitMs: 1,
  });
  const error = await failure(client.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 }));
  assert.equal(connections, MAX_TRIES);
  assert.match(
    apiError(error, { what: 'read pull request #1', permission: 'pull-requests: read' }).message,
    /^Could not reach GitHub's API to read pull request #1: \S.*\.$/,
  );
});

test('without options the client talks to GITHUB_API_URL, as the runner sets it', async (t) => {
  const server = await GitHubApiServer.start({ token: TOKEN });
  t.after(() => server.close());
  server.on('issues/get-comment', () => ({
    status: 200,
    body: issueComment({ id: 5, body: 'hi', issueNumber: 1 }),
  }));
  const saved = process.env.GITHUB_API_URL;
  process.env.GITHUB_API_URL = server.url;
  t.after(() => {
    if (saved === undefined) delete process.env.GITHUB_API_URL;
    else process.env.GITHUB_API_URL = saved;
  });
  const client = await createGitHubClient(TOKEN);
  const response = await client.rest.issues.getComment({ owner: OWNER, repo: REPO, comment_id: 5 });
  assert.equal(response.data.body, 'hi');
  assert.match(String(server.requests[0]?.headers['user-agent']), /^integration-test-action/);
  server.assertNoViolations();
});
