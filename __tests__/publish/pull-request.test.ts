/**
 * Which pull request a run reports on, from the event; for a fork's `workflow_run`, from the
 * head branch's open pull requests, asked of the local GitHub API stand-in.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createGitHubClient } from '../../src/publish/github-client.js';
import { findPullRequest } from '../../src/publish/pull-request.js';
import {
  pullRequestEvent,
  workflowRunEvent,
  WORKFLOW_RUN_REPOSITORY_ID,
} from '../support/events.js';
import { pullRequestSimple } from '../support/github-api/fixtures.js';
import { GitHubApiServer, githubError } from '../support/github-api/server.js';

const TOKEN = 'ghs_pull-request-token';
const HEAD = 'a1'.repeat(20);
const BASE = 'b2'.repeat(20);
const REPOSITORY_ID = WORKFLOW_RUN_REPOSITORY_ID;

async function api(t: TestContext) {
  const server = await GitHubApiServer.start({ token: TOKEN });
  t.after(() => server.close());
  const client = await createGitHubClient(TOKEN, {
    baseUrl: server.url,
    waitUnitMs: 1,
    log: () => {},
  });
  const find = (eventName: string, payload: unknown) =>
    findPullRequest({ client, owner: 'octo-org', repo: 'octo-app', eventName, payload });
  return { server, find };
}

test('pull_request and pull_request_target: the pull request of the event, without asking the API', async (t) => {
  const { server, find } = await api(t);
  const payload = pullRequestEvent({ number: 17, headSha: HEAD, baseSha: BASE, fork: true });
  for (const eventName of ['pull_request', 'pull_request_target']) {
    assert.deepEqual(await find(eventName, payload), {
      found: true,
      pullRequest: { number: 17, headSha: HEAD, baseSha: BASE },
      via: 'event',
    });
  }
  assert.equal(server.requests.length, 0);
});

test('workflow_run: the pull request the event lists, of this repository', async (t) => {
  const { server, find } = await api(t);
  const payload = workflowRunEvent({
    event: 'pull_request',
    headOwner: 'octo-org',
    headBranch: 'feature',
    headSha: HEAD,
    pullRequests: [
      // A pull request of another repository with the same branch (a fork's own) comes first.
      { number: 3, headSha: HEAD, baseSha: 'f'.repeat(40), baseRepoId: 555 },
      { number: 21, headSha: HEAD, baseSha: BASE, baseRepoId: REPOSITORY_ID },
    ],
  });
  assert.deepEqual(await find('workflow_run', payload), {
    found: true,
    pullRequest: { number: 21, headSha: HEAD, baseSha: BASE },
    via: 'event',
  });
  assert.equal(server.requests.length, 0);
});

test("workflow_run of a fork's pull request (none listed): found from the head repository and branch", async (t) => {
  const { server, find } = await api(t);
  const older = 'c3'.repeat(20);
  server.on('pulls/list', () => ({
    status: 200,
    body: [
      pullRequestSimple({
        number: 30,
        headSha: older,
        baseSha: BASE,
        headOwner: 'contributor',
        headRef: 'fix-db',
      }),
      pullRequestSimple({
        number: 31,
        headSha: HEAD,
        baseSha: BASE,
        headOwner: 'contributor',
        headRef: 'fix-db',
      }),
    ],
  }));
  const payload = workflowRunEvent({
    event: 'pull_request',
    headOwner: 'contributor',
    headBranch: 'fix-db',
    headSha: HEAD,
    pullRequests: [],
  });

  assert.deepEqual(await find('workflow_run', payload), {
    found: true,
    pullRequest: { number: 31, headSha: HEAD, baseSha: BASE },
    via: 'head branch',
  });
  assert.equal(server.requests.length, 1);
  assert.deepEqual(server.requests[0]!.pathParams, { owner: 'octo-org', repo: 'octo-app' });
  assert.deepEqual(server.requests[0]!.query, {
    head: 'contributor:fix-db',
    state: 'open',
    per_page: '100',
  });
  server.assertNoViolations();
});

test('workflow_run: no open pull request, or no permission to list them, is a reason, not an error', async (t) => {
  const { server, find } = await api(t);
  const payload = workflowRunEvent({
    event: 'pull_request',
    headOwner: 'contributor',
    headBranch: 'gone',
    headSha: HEAD,
    pullRequests: [],
  });
  server.on('pulls/list', () => ({ status: 200, body: [] }));
  assert.deepEqual(await find('workflow_run', payload), {
    found: false,
    reason: 'no open pull request has the head contributor:gone',
  });

  server.on('pulls/list', () => githubError(403, 'Resource not accessible by integration'));
  assert.deepEqual(await find('workflow_run', payload), {
    found: false,
    reason:
      'GitHub refused to list the pull requests of contributor:gone (403 Resource not ' +
      'accessible by integration): the token needs `pull-requests: read`.',
  });
  server.assertNoViolations();
});

test('a workflow_run of a push, and other events, have no pull request', async (t) => {
  const { server, find } = await api(t);
  const push = workflowRunEvent({
    event: 'push',
    headOwner: 'octo-org',
    headBranch: 'main',
    headSha: HEAD,
    pullRequests: [],
  });
  assert.deepEqual(await find('workflow_run', push), {
    found: false,
    reason: 'the workflow run was started by a push event, not by a pull request',
  });
  assert.deepEqual(await find('push', { after: HEAD }), {
    found: false,
    reason: 'a push event is not about a pull request',
  });
  assert.deepEqual(await find('pull_request', {}), {
    found: false,
    reason: 'the pull_request event has no pull request in its payload',
  });
  assert.equal(server.requests.length, 0);
});
