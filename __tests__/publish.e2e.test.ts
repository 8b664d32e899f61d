/**
 * Publishing through the bundled action, started as the runner starts it, against the local
 * GitHub API stand-in (every request and reply checked against GitHub's OpenAPI description):
 * one sticky comment per name across runs and pages, annotations in a check run 50 a request,
 * a fork's read-only token as one warning, a fork's `workflow_run`, and the limits.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { runAction, TEST_TOKEN, type ActionRun } from './support/action-runner.js';
import { pullRequestEvent, workflowRunEvent } from './support/events.js';
import { humanComments, keepComments } from './support/github-api/comments.js';
import { checkRun, pullRequestSimple } from './support/github-api/fixtures.js';
import { GitHubApiServer, githubError, type ApiRequest } from './support/github-api/server.js';
import { junitXml, type JunitCase } from './support/junit.js';

const PR = 7;
const HEAD = 'c3'.repeat(20);
const BASE = 'd4'.repeat(20);
const MARKER = '<!-- integration-test-action: integration -->';

/** `failures` failing tests at src/app.test.js lines 1.., and `passing` passing ones. */
function junit(failures: number, passing = 1, messageChars = 40): string {
  const cases: JunitCase[] = [
    ...Array.from({ length: passing }, (_, i) => ({ name: `passes ${i}` })),
    ...Array.from({ length: failures }, (_, i) => ({
      name: `fails ${i}`,
      outcome: 'failure' as const,
      message: `expected ${i} ${'x'.repeat(messageChars)}`,
      body: `at test (src/app.test.js:${i + 1}:3)\n${'trace line\n'.repeat(20)}`,
      file: 'src/app.test.js',
      line: i + 1,
    })),
  ];
  return junitXml('app', cases);
}

interface Api {
  readonly server: GitHubApiServer;
  readonly comments: ReturnType<typeof keepComments>;
  /** Annotations per check-run request, in order. */
  readonly checkRequests: () => [string, number][];
}

async function api(t: TestContext, initialComments = humanComments(0)): Promise<Api> {
  const server = await GitHubApiServer.start({ token: TEST_TOKEN });
  t.after(() => server.close());
  const comments = keepComments(server, PR, initialComments);
  const reply = (req: ApiRequest, status: number) => {
    const body = req.body as {
      name?: string;
      head_sha?: string;
      output: { title: string; summary: string };
    };
    return {
      status,
      body: checkRun({
        id: 4242,
        name: body.name ?? 'integration',
        headSha: body.head_sha ?? HEAD,
        status: 'completed',
        conclusion: 'failure',
        title: body.output.title,
        summary: body.output.summary,
        annotationsCount: 0,
      }),
    };
  };
  server.on('checks/create', (req) => reply(req, 201));
  server.on('checks/update', (req) => reply(req, 200));
  const checkRequests = () =>
    server.requests
      .filter((r) => r.operationId.startsWith('checks/'))
      .map((r): [string, number] => [
        r.operationId,
        (r.body as { output: { annotations?: unknown[] } }).output.annotations?.length ?? 0,
      ]);
  return { server, comments, checkRequests };
}

describe('publishing through the bundled action', () => {
  let workspace: string;
  before(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'itest-publish-'));
  });
  after(() => rm(workspace, { recursive: true, force: true }));

  const runOnPullRequest = async (
    server: GitHubApiServer,
    report: string,
    inputs: Record<string, string> = {},
  ): Promise<ActionRun> => {
    await writeFile(path.join(workspace, 'junit.xml'), report);
    return runAction({
      workspace,
      apiUrl: server.url,
      eventName: 'pull_request',
      event: pullRequestEvent({ number: PR, headSha: HEAD, baseSha: BASE }),
      inputs: { results: 'junit.xml', name: 'integration', 'fail-on': 'never', ...inputs },
    });
  };
  const ours = <T extends { body: string }>(comments: T[]) =>
    comments.filter((c) => c.body.split(/\r?\n/)[0] === MARKER);

  test('one comment per name: created, updated on a re-run, found again past 150 comments', async (t) => {
    const { server, comments } = await api(t);
    const first = await runOnPullRequest(server, junit(2));
    assert.equal(first.main.exitCode, 0, first.main.stdout);
    assert.equal(ours(comments).length, 1);
    const id = ours(comments)[0]!.id;
    assert.match(first.main.outputs['comment-url']!, new RegExp(`#issuecomment-${id}$`));
    assert.match(ours(comments)[0]!.body, /2 of 3 tests failed/);

    const second = await runOnPullRequest(server, junit(0, 3));
    assert.equal(ours(comments).length, 1, 'a re-run updates, never adds');
    assert.equal(ours(comments)[0]!.id, id);
    assert.match(ours(comments)[0]!.body, /3 tests passed/);
    assert.equal(second.main.outputs['comment-url'], first.main.outputs['comment-url']);

    // 150 comments written after ours push it to page 2 of the list.
    comments.push(
      ...humanComments(150, 5000).map((c) => ({ ...c, createdAt: '2026-11-25T00:00:00Z' })),
    );
    await runOnPullRequest(server, junit(1));
    assert.equal(ours(comments).length, 1);
    assert.equal(ours(comments)[0]!.id, id);
    assert.match(ours(comments)[0]!.body, /1 of 2 tests failed/);
    const listed = server.requests.filter((r) => r.operationId === 'issues/list-comments');
    assert.ok(
      listed.some((r) => r.query.page === '2'),
      'the second page was read',
    );
    server.assertNoViolations();
  });

  test('120 failures: 120 annotations in three check-run requests', async (t) => {
    const { server, checkRequests } = await api(t);
    const run = await runOnPullRequest(server, junit(120), { comment: 'off' });
    assert.deepEqual(checkRequests(), [
      ['checks/create', 50],
      ['checks/update', 50],
      ['checks/update', 20],
    ]);
    const create = server.requests.find((r) => r.operationId === 'checks/create')!;
    assert.equal((create.body as { head_sha: string }).head_sha, HEAD);
    // Posted in the check run, so not also as workflow commands.
    assert.equal(run.main.commands.filter((c) => c.properties.file !== undefined).length, 0);
    server.assertNoViolations();
  });

  test("a fork's read-only token: one warning, the summary and the step's result unchanged", async (t) => {
    const { server } = await api(t);
    const refuse = () => githubError(403, 'Resource not accessible by integration');
    server.on('issues/create-comment', refuse);
    server.on('checks/create', refuse);
    const run = await runOnPullRequest(server, junit(12), { 'fail-on': 'failures' });
    assert.equal(run.main.exitCode, 1, 'failing tests fail the step, as without the API');
    const errors = run.main.commands.filter((c) => c.command === 'error');
    const stepErrors = errors.filter((c) => c.properties.file === undefined);
    assert.deepEqual(
      stepErrors.map((c) => c.message),
      ['12 tests failed.'],
    );
    assert.equal(errors.length - stepErrors.length, 10, 'the ten most important annotations');
    const warnings = run.main.commands.filter((c) => c.command === 'warning').map((c) => c.message);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /pull-requests: write/);
    assert.match(warnings[0]!, /checks: write/);
    assert.match(warnings[0]!, /workflow_run/);
    assert.match(run.main.summary, /12 of 13 tests failed/);
    assert.equal(run.main.outputs['comment-url'], '');

    const passing = await runOnPullRequest(server, junit(0, 2), { 'fail-on': 'failures' });
    assert.equal(passing.main.exitCode, 0, 'a refused comment never fails the step');
    server.assertNoViolations();
  });

  test('20,000 failures: a comment under 65,536 characters and a summary under 1 MiB', async (t) => {
    const { server, comments } = await api(t);
    const run = await runOnPullRequest(server, junit(20_000, 1, 300), { annotations: 'false' });
    assert.equal(run.main.exitCode, 0);
    const body = ours(comments)[0]!.body;
    assert.ok(body.length <= 65_536, `${body.length} characters`);
    assert.ok(body.length > 10_000, `degraded, not emptied: ${body.length}`);
    assert.ok(Buffer.byteLength(run.main.summary) < 1024 * 1024);
    assert.match(run.main.summary, /20000 of 20001 tests failed|20,000 of 20,001 tests failed/);
    assert.match(run.main.summary, /Not shown here/);
    server.assertNoViolations();
  });

  test("a fork's workflow_run: the pull request found from the head branch, commented in report-only mode", async (t) => {
    const { server, comments } = await api(t);
    server.on('pulls/list', (req) => {
      assert.equal(req.query.head, 'contributor:fix-db');
      return {
        status: 200,
        body: [
          pullRequestSimple({
            number: PR,
            headSha: HEAD,
            baseSha: BASE,
            headOwner: 'contributor',
            headRef: 'fix-db',
          }),
        ],
      };
    });
    await writeFile(path.join(workspace, 'junit.xml'), junit(1));
    const run = await runAction({
      workspace,
      apiUrl: server.url,
      eventName: 'workflow_run',
      event: workflowRunEvent({
        event: 'pull_request',
        headOwner: 'contributor',
        headBranch: 'fix-db',
        headSha: HEAD,
        pullRequests: [],
      }),
      inputs: { results: 'junit.xml', name: 'integration', 'fail-on': 'never' },
    });
    assert.equal(ours(comments).length, 1, run.main.stdout);
    assert.ok(run.main.outputs['comment-url']);
    const create = server.requests.find((r) => r.operationId === 'checks/create')!;
    assert.equal((create.body as { head_sha: string }).head_sha, HEAD, 'the tested commit');
    server.assertNoViolations();
  });
});
