/**
 * The sticky pull-request comment, published by the real Octokit client over HTTP to the local
 * GitHub API stand-in, which checks every request and reply against GitHub's OpenAPI description.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { forbiddenWarning } from '../../src/publish/api-errors.js';
import { createGitHubClient } from '../../src/publish/github-client.js';
import { COMMENT_LIMIT_CHARS as COMMENT_MAX_CHARS } from '../../src/render/limits.js';
import {
  commentMarker,
  upsertComment,
  type UpsertCommentOptions,
} from '../../src/publish/pr-comment.js';
import { cmarkGfm, CMARK_MISSING, renderGfm } from '../support/cmark.js';
import { humanComments, keepComments, type StoredComment } from '../support/github-api/comments.js';
import { GitHubApiServer, githubError } from '../support/github-api/server.js';

const TOKEN = 'ghs_pr-comment-token';
const OWNER = 'octo-org';
const REPO = 'octo-app';
const PR = 42;

/** A pull request's comments, kept by the stand-in: listed in pages, created, updated. */
async function pullRequestWithComments(t: TestContext, initial: StoredComment[] = []) {
  const server = await GitHubApiServer.start({ token: TOKEN });
  t.after(() => server.close());
  const comments = keepComments(server, PR, initial);
  const client = await createGitHubClient(TOKEN, {
    baseUrl: server.url,
    waitUnitMs: 1,
    log: () => {},
  });
  const upsert = (options: Partial<UpsertCommentOptions>) =>
    upsertComment({
      client,
      owner: OWNER,
      repo: REPO,
      issueNumber: PR,
      name: 'integration tests',
      body: 'report',
      mode: 'always',
      passed: false,
      ...options,
    });
  const calls = (operationId: string) =>
    server.requests.filter((r) => r.operationId === operationId);
  return { server, comments, upsert, calls };
}

test('a first run creates the comment, later runs update it, also beyond the first page of 100', async (t) => {
  const { server, comments, upsert, calls } = await pullRequestWithComments(t, humanComments(150));
  const marker = commentMarker('integration tests');

  const first = await upsert({ body: '## 3 failed' });
  assert.equal(first.action, 'created');
  assert.equal(comments.length, 151);
  const ours = comments[150]!;
  assert.equal(ours.body, `${marker}\n## 3 failed`);
  assert.deepEqual(first, {
    action: 'created',
    id: ours.id,
    url: `https://github.com/octo-org/octo-app/pull/${PR}#issuecomment-${ours.id}`,
    cut: false,
  });

  // The comment is the 151st: only the second page of 100 has it.
  const second = await upsert({ body: '## 1 failed' });
  assert.deepEqual(second, { ...first, action: 'updated' });
  const third = await upsert({ body: '## all passed', passed: true });
  assert.deepEqual(third, { ...first, action: 'updated' });

  assert.equal(comments.length, 151, 'never a second comment');
  assert.equal(ours.body, `${marker}\n## all passed`);
  assert.equal(calls('issues/create-comment').length, 1);
  assert.deepEqual(
    calls('issues/update-comment').map((r) => r.pathParams.comment_id),
    [String(ours.id), String(ours.id)],
  );
  const pagesRead = calls('issues/list-comments').map((r) => r.query);
  assert.deepEqual(pagesRead, [
    { per_page: '100' },
    { per_page: '100', page: '2' },
    { per_page: '100' },
    { per_page: '100', page: '2' },
    { per_page: '100' },
    { per_page: '100', page: '2' },
  ]);
  server.assertNoViolations();
});

test('when several comments carry the marker, the newest is updated and the others are left', async (t) => {
  const marker = commentMarker('integration tests');
  const older = { id: 7, body: `${marker}\nold report`, createdAt: '2026-11-20T10:00:00Z' };
  const newest = { id: 9, body: `${marker}\r\nnewer report`, createdAt: '2026-11-22T10:00:00Z' };
  const between = { id: 8, body: `${marker}\nmiddle report`, createdAt: '2026-11-21T10:00:00Z' };
  // Listed out of date order, so that taking the first or the last match would be wrong.
  const { server, comments, upsert, calls } = await pullRequestWithComments(t, [
    older,
    newest,
    ...humanComments(3, 20),
    between,
  ]);

  const result = await upsert({ body: 'latest' });

  assert.equal(result.action, 'updated');
  assert.equal(newest.body, `${marker}\nlatest`);
  assert.equal(older.body, `${marker}\nold report`);
  assert.equal(between.body, `${marker}\nmiddle report`);
  assert.equal(comments.length, 6);
  assert.equal(calls('issues/create-comment').length, 0);
  server.assertNoViolations();
});

test('comments of other reports, and the marker anywhere but alone on the first line, are not ours', async (t) => {
  const marker = commentMarker('api tests');
  const others = [
    { id: 1, body: `${commentMarker('api')}\nreport of api`, createdAt: '2026-11-20T10:00:00Z' },
    {
      id: 2,
      body: `${commentMarker('api tests (3.12)')}\nmatrix`,
      createdAt: '2026-11-20T10:01:00Z',
    },
    { id: 3, body: `Quoting it:\n${marker}\n`, createdAt: '2026-11-20T10:02:00Z' },
    { id: 4, body: `${marker} and more\nreport`, createdAt: '2026-11-20T10:03:00Z' },
    { id: 5, body: ` ${marker}\nreport`, createdAt: '2026-11-20T10:04:00Z' },
  ];
  const before = others.map((c) => c.body);
  const { server, comments, upsert } = await pullRequestWithComments(t, others);

  const result = await upsert({ name: 'api tests', body: 'mine' });

  assert.equal(result.action, 'created');
  assert.deepEqual(
    others.map((c) => c.body),
    before,
  );
  assert.equal(comments.at(-1)!.body, `${marker}\nmine`);
  server.assertNoViolations();
});

test('on-failure: a passing run creates nothing, but brings an existing comment to the passing state', async (t) => {
  const { server, comments, upsert, calls } = await pullRequestWithComments(t, humanComments(2));

  const quiet = await upsert({ mode: 'on-failure', passed: true, body: 'all passed' });
  assert.equal(quiet.action, 'skipped');
  assert.match(quiet.action === 'skipped' ? quiet.reason : '', /on-failure/);
  assert.equal(calls('issues/create-comment').length, 0);
  assert.equal(comments.length, 2);

  const failing = await upsert({ mode: 'on-failure', passed: false, body: '2 failed' });
  assert.equal(failing.action, 'created');

  const fixed = await upsert({ mode: 'on-failure', passed: true, body: 'all passed' });
  assert.equal(fixed.action, 'updated');
  assert.equal(comments.length, 3);
  assert.equal(comments[2]!.body, `${commentMarker('integration tests')}\nall passed`);
  server.assertNoViolations();
});

test('a 403 on creating the comment is a forbidden result, not an error, and is not retried', async (t) => {
  const { server, upsert, calls } = await pullRequestWithComments(t);
  server.on('issues/create-comment', () =>
    githubError(
      403,
      'Resource not accessible by integration',
      'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
    ),
  );

  const result = await upsert({ body: 'report' });

  assert.equal(result.action, 'forbidden');
  assert.ok(result.action === 'forbidden');
  assert.equal(result.status, 403);
  assert.equal(
    result.reason,
    'GitHub refused to create the comment "integration tests" on pull request #42 ' +
      '(403 Resource not accessible by integration): the token needs `pull-requests: write`.',
  );
  assert.equal(calls('issues/create-comment').length, 1);
  const warning = forbiddenWarning([result])!;
  assert.match(warning, /^GitHub refused to create the comment/);
  assert.match(warning, /read-only token/);
  assert.match(warning, /`workflow_run`/);
  server.assertNoViolations();
});

test('a 404 on creating the comment (a private repository the token may not write) is forbidden too', async (t) => {
  const { server, upsert } = await pullRequestWithComments(t);
  server.on('issues/create-comment', () => githubError(404, 'Not Found'));

  const result = await upsert({ body: 'report' });

  assert.equal(result.action, 'forbidden');
  assert.match(result.action === 'forbidden' ? result.reason : '', /pull-requests: write/);
  server.assertNoViolations();
});

test('a 403 on reading the comments is forbidden; a 404 on reading them is an explained error', async (t) => {
  const { server, upsert, calls } = await pullRequestWithComments(t);
  server.on('issues/list-comments', () =>
    githubError(403, 'Resource not accessible by integration'),
  );
  const result = await upsert({ body: 'report' });
  assert.equal(result.action, 'forbidden');
  assert.match(result.action === 'forbidden' ? result.reason : '', /`pull-requests: read`/);

  server.on('issues/list-comments', () => githubError(404, 'Not Found'));
  await assert.rejects(upsert({ body: 'report' }), {
    name: 'GitHubApiError',
    status: 404,
    message:
      'GitHub refused to read the comments on pull request #42 (404 Not Found): it does not ' +
      'exist, or the token may not see it (it needs `pull-requests: read`).',
  });
  assert.equal(calls('issues/create-comment').length, 0);
  server.assertNoViolations();
});

test('a hostile name cannot end the marker early, and still finds its own comment', async (t) => {
  const hostile = 'x --> <img src=x onerror=alert(1)> --!> <!-- y\n## pwned %3E';
  const marker = commentMarker(hostile);
  assert.equal(marker.split('-->').length, 2, 'the only `-->` is the marker end');
  assert.ok(marker.endsWith(' -->'));
  assert.doesNotMatch(marker, /\n|--!>|<img/);
  assert.equal(marker.indexOf('<!--'), 0);
  assert.equal(marker.lastIndexOf('<!--'), 0);
  // Distinct names never share a marker: the encoding is one-to-one.
  assert.notEqual(commentMarker('a>b'), commentMarker('a%3Eb'));
  assert.notEqual(commentMarker('a\nb'), commentMarker('a%0Ab'));

  const { server, comments, upsert } = await pullRequestWithComments(t);
  const created = await upsert({ name: hostile, body: 'the report' });
  const updated = await upsert({ name: hostile, body: 'the report, again' });
  assert.equal(created.action, 'created');
  assert.equal(updated.action, 'updated');
  assert.equal(comments.length, 1);
  server.assertNoViolations();

  if (!cmarkGfm) return t.skip(CMARK_MISSING);
  const html = renderGfm(comments[0]!.body);
  assert.equal(html, `${marker}\n<p>the report, again</p>\n`);
});

test('long names keep the marker under 200 characters and apart', () => {
  const base = 'integration tests '.repeat(20);
  const one = commentMarker(`${base}(3.12, ubuntu-24.04)`);
  const two = commentMarker(`${base}(3.13, ubuntu-24.04)`);
  assert.ok(one.length < 200, `${one.length} characters`);
  assert.notEqual(one, two);
  assert.match(one, /^<!-- integration-test-action: integration tests .*… #[0-9a-f]{16} -->$/);
  assert.equal(commentMarker('unit'), '<!-- integration-test-action: unit -->');
});

test('a body longer than GitHub takes is cut at a line, its open fence closed, with a note', async (t) => {
  const { server, comments, upsert } = await pullRequestWithComments(t);
  const marker = commentMarker('integration tests');
  const fits = 'a'.repeat(COMMENT_MAX_CHARS - marker.length - 1);

  const exact = await upsert({ body: fits });
  assert.deepEqual(exact.action === 'created' && exact.cut, false);
  assert.equal(comments[0]!.body.length, COMMENT_MAX_CHARS);

  const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} of the output`);
  const long = `## 1 failed\n\n\`\`\`\`text\n${lines.join('\n')}\n\`\`\`\`\n\nthe end`;
  const result = await upsert({ body: long });
  assert.equal(result.action, 'updated');
  assert.equal(result.action === 'updated' && result.cut, true);
  const body = comments[0]!.body;
  assert.ok(body.length <= COMMENT_MAX_CHARS, `${body.length} characters`);
  assert.ok(body.length > COMMENT_MAX_CHARS - 300, 'cut near the limit, not far before it');
  assert.ok(body.startsWith(`${marker}\n## 1 failed\n`));
  assert.match(
    body,
    /\nline \d+ of the output\n````\n\n\*\*This comment was cut at GitHub's limit of 65,536 characters\.\*\* /,
  );
  assert.ok(!body.includes('the end'));
  if (cmarkGfm) assert.match(renderGfm(body), /<p><strong>This comment was cut/);
  server.assertNoViolations();
});
