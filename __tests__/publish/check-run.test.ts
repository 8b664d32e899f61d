/**
 * The check run and its annotations, published by the real Octokit client over HTTP to the local
 * GitHub API stand-in, which checks every request (50 annotations at most, a summary of at most
 * 65,535 characters) against GitHub's OpenAPI description.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import {
  CHECK_SUMMARY_MAX_CHARS,
  publishCheckRun,
  type PublishCheckRunOptions,
} from '../../src/publish/check-run.js';
import { createGitHubClient } from '../../src/publish/github-client.js';
import type { Annotation } from '../../src/render/annotations.js';
import { checkRun } from '../support/github-api/fixtures.js';
import { GitHubApiServer, githubError, type ApiRequest } from '../support/github-api/server.js';

const TOKEN = 'ghs_check-run-token';
const SHA = 'c0ffee'.padEnd(40, '0');

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  completed_at?: string;
  details_url?: string;
  output: {
    title: string;
    summary: string;
    annotations: { path: string; start_line: number; title?: string; raw_details?: string }[];
  };
}

async function checksApi(t: TestContext) {
  const server = await GitHubApiServer.start({ token: TOKEN });
  t.after(() => server.close());
  let annotationsCount = 0;
  const reply = (req: ApiRequest, id: number) => {
    const body = req.body as CheckRunBody;
    annotationsCount += body.output.annotations.length;
    return checkRun({
      id,
      name: body.name ?? 'integration tests',
      headSha: body.head_sha ?? SHA,
      status: 'completed',
      conclusion: body.conclusion ?? 'failure',
      title: body.output.title,
      summary: body.output.summary,
      annotationsCount,
    });
  };
  server.on('checks/create', (req) => ({ status: 201, body: reply(req, 4242) }));
  server.on('checks/update', (req) => ({ status: 200, body: reply(req, 4242) }));
  const client = await createGitHubClient(TOKEN, {
    baseUrl: server.url,
    waitUnitMs: 1,
    log: () => {},
  });
  const publish = (options: Partial<PublishCheckRunOptions>) =>
    publishCheckRun({
      client,
      owner: 'octo-org',
      repo: 'octo-app',
      headSha: SHA,
      name: 'integration tests',
      conclusion: 'failure',
      title: '3 failed, 97 passed',
      summary: '## 3 failed',
      annotations: [],
      ...options,
    });
  const bodies = () =>
    server.requests
      .filter((r) => r.operationId.startsWith('checks/'))
      .map((r) => ({
        operationId: r.operationId,
        body: r.body as CheckRunBody,
        path: r.pathParams,
      }));
  return { server, publish, bodies };
}

function failures(count: number): Annotation[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `tests/test_${i}.py`,
    startLine: i + 1,
    endLine: i + 1,
    level: 'failure' as const,
    title: `test_${i} failed`,
    message: `AssertionError: ${i} != ${i + 1}`,
    ...(i % 2 === 0 ? { rawDetails: `Traceback ${i}` } : {}),
  }));
}

test('120 annotations go out in three requests: 50 with the creation, then 50 and 20', async (t) => {
  const { server, publish, bodies } = await checksApi(t);

  const result = await publish({
    annotations: failures(120),
    detailsUrl: 'https://github.com/run/1',
  });

  assert.deepEqual(result, {
    action: 'created',
    id: 4242,
    url: 'https://github.com/octo-org/octo-app/runs/4242',
    annotations: 120,
    omitted: 0,
    cut: false,
  });
  const sent = bodies();
  assert.deepEqual(
    sent.map((s) => [s.operationId, s.body.output.annotations.length]),
    [
      ['checks/create', 50],
      ['checks/update', 50],
      ['checks/update', 20],
    ],
  );
  const [create, ...updates] = sent;
  assert.equal(create!.body.name, 'integration tests');
  assert.equal(create!.body.head_sha, SHA);
  assert.equal(create!.body.status, 'completed');
  assert.equal(create!.body.conclusion, 'failure');
  assert.equal(create!.body.details_url, 'https://github.com/run/1');
  assert.ok(!Number.isNaN(Date.parse(create!.body.completed_at!)));
  for (const update of updates) {
    assert.deepEqual(update.path, { owner: 'octo-org', repo: 'octo-app', check_run_id: '4242' });
    assert.equal(update.body.output.title, '3 failed, 97 passed');
    assert.equal(update.body.output.summary, '## 3 failed');
  }
  // Each annotation once, in the order given, with every field mapped.
  const posted = sent.flatMap((s) => s.body.output.annotations);
  assert.deepEqual(
    posted.map((a) => a.path),
    failures(120).map((a) => a.path),
  );
  assert.deepEqual(posted[0], {
    path: 'tests/test_0.py',
    start_line: 1,
    end_line: 1,
    annotation_level: 'failure',
    title: 'test_0 failed',
    message: 'AssertionError: 0 != 1',
    raw_details: 'Traceback 0',
  });
  assert.equal(posted[1]!.raw_details, undefined);
  server.assertNoViolations();
});

test('50 annotations take one request, 51 two, none one', async (t) => {
  for (const [count, requests] of [
    [50, 1],
    [51, 2],
    [0, 1],
  ] as const) {
    const { server, publish, bodies } = await checksApi(t);
    const result = await publish({ annotations: failures(count) });
    assert.equal(result.action === 'created' && result.annotations, count);
    assert.equal(bodies().length, requests, `${count} annotations`);
    server.assertNoViolations();
  }
});

test("the run's conclusion is the check run's", async (t) => {
  const { server, publish, bodies } = await checksApi(t);
  for (const conclusion of ['success', 'failure', 'timed_out', 'cancelled'] as const) {
    await publish({ conclusion });
  }
  assert.deepEqual(
    bodies().map((s) => s.body.conclusion),
    ['success', 'failure', 'timed_out', 'cancelled'],
  );
  server.assertNoViolations();
});

test('annotations beyond the maximum are left out and counted; long texts are cut to fit', async (t) => {
  const { server, publish, bodies } = await checksApi(t);
  const many = failures(120);
  many[0] = { ...many[0]!, title: `${'🔥'.repeat(200)} test` };

  const result = await publish({
    annotations: many,
    maxAnnotations: 60,
    summary: `## report\n\n${'x'.repeat(CHECK_SUMMARY_MAX_CHARS)}`,
  });

  assert.equal(result.action, 'created');
  assert.ok(result.action === 'created');
  assert.deepEqual([result.annotations, result.omitted, result.cut], [60, 60, true]);
  const sent = bodies();
  assert.deepEqual(
    sent.map((s) => s.body.output.annotations.length),
    [50, 10],
  );
  const summary = sent[0]!.body.output.summary;
  assert.ok(summary.length <= CHECK_SUMMARY_MAX_CHARS, `${summary.length} characters`);
  assert.match(summary, /^## report\n\nx+…\n\n\*\*Cut at the Checks API limit\.\*\*/);
  const title = sent[0]!.body.output.annotations[0]!.title!;
  assert.ok(title.length <= 255);
  assert.ok(title.endsWith('🔥…'), 'the cut does not split a surrogate pair');
  server.assertNoViolations();
});

test('a 403 on creating the check run is a forbidden result naming `checks: write`', async (t) => {
  const { server, publish, bodies } = await checksApi(t);
  server.on('checks/create', () =>
    githubError(
      403,
      'Resource not accessible by integration',
      'https://docs.github.com/rest/checks/runs#create-a-check-run',
    ),
  );

  const result = await publish({ annotations: failures(120) });

  assert.deepEqual(result, {
    action: 'forbidden',
    status: 403,
    reason:
      'GitHub refused to create the check run "integration tests" (403 Resource not ' +
      'accessible by integration): the token needs `checks: write`.',
  });
  assert.equal(bodies().length, 1, 'no update after a refused creation, and no retry');
  server.assertNoViolations();
});

test('an update that keeps failing is an explained error saying what was posted', async (t) => {
  const { server, publish, bodies } = await checksApi(t);
  server.on('checks/update', () => githubError(502, 'Server Error'));

  await assert.rejects(publish({ annotations: failures(120) }), {
    name: 'GitHubApiError',
    status: 502,
    message:
      'GitHub failed to add annotations 51-100 of 120 to the check run "integration tests" ' +
      '(the ones before were posted) (502 Server Error), also after 3 tries.',
  });
  assert.deepEqual(
    bodies().map((s) => s.operationId),
    ['checks/create', 'checks/update', 'checks/update', 'checks/update'],
  );
  server.assertNoViolations();
});
