import assert from 'node:assert/strict';
import { issueComment, listPage, simpleUser } from './fixtures.js';
import { githubError, type GitHubApiServer } from './server.js';

export { simpleUser };

export interface StoredComment {
  id: number;
  body: string;
  createdAt: string;
  user?: ReturnType<typeof simpleUser>;
}

/**
 * A pull request's comments, kept by the stand-in: listed in pages (with Link headers, as
 * GitHub pages them), created and updated. Returns the live list.
 */
export function keepComments(
  server: GitHubApiServer,
  pullRequest: number,
  initial: StoredComment[] = [],
): StoredComment[] {
  const comments = [...initial];
  let clock = Date.parse('2026-11-24T09:00:00Z');
  const resource = (c: StoredComment) =>
    issueComment({
      id: c.id,
      body: c.body,
      issueNumber: pullRequest,
      createdAt: c.createdAt,
      user: c.user,
    });
  server.on('issues/list-comments', (req) => {
    assert.equal(req.pathParams.issue_number, String(pullRequest));
    return listPage(req, comments.map(resource), server.url);
  });
  server.on('issues/create-comment', (req) => {
    assert.equal(req.pathParams.issue_number, String(pullRequest));
    const id = Math.max(1000, ...comments.map((c) => c.id)) + 1;
    clock += 60_000;
    const comment = {
      id,
      body: (req.body as { body: string }).body,
      createdAt: new Date(clock).toISOString().replace('.000', ''),
    };
    comments.push(comment);
    return { status: 201, body: resource(comment) };
  });
  server.on('issues/update-comment', (req) => {
    const comment = comments.find((c) => String(c.id) === req.pathParams.comment_id);
    if (!comment) return githubError(422, 'Validation Failed');
    comment.body = (req.body as { body: string }).body;
    return { status: 200, body: resource(comment) };
  });
  return comments;
}

/** Comments people wrote, none of them the action's. */
export function humanComments(count: number, firstId = 1): StoredComment[] {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    body: `Looks good ${i}`,
    createdAt: `2026-11-23T${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`,
    user: simpleUser('reviewer', 99),
  }));
}
