/**
 * The sticky pull-request comment: one per report name, found again by a hidden marker on its
 * first line and updated in place, so that re-runs and new pushes never add a second one.
 */
import { createHash } from 'node:crypto';
import { apiError, forbiddenOf, type ApiAction, type Forbidden } from './api-errors.js';
import { API_TIMEOUT_MS, type GitHubClient } from './github-client.js';
import { percentEncoded } from '../render/escape.js';
import { COMMENT_LIMIT_CHARS } from '../render/limits.js';
import { formatCount } from '../render/view.js';

const MARKER_PREFIX = '<!-- integration-test-action: ';
const MARKER_SUFFIX = ' -->';
/** Longer names are shortened in the marker and told apart by a hash of the whole name. */
const MARKER_NAME_CHARS = 150;

const CUT_NOTE =
  `**This comment was cut at GitHub's limit of ${formatCount(COMMENT_LIMIT_CHARS)} ` +
  'characters.** The job summary of the workflow run has the report.';

export type CommentMode = 'always' | 'on-failure';

export interface UpsertCommentOptions {
  readonly client: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** The pull request's number (its comments are the issue's). */
  readonly issueNumber: number;
  /** The report's name: one comment per name. */
  readonly name: string;
  /** The rendered Markdown, without the marker. */
  readonly body: string;
  /** `on-failure`: create a comment only for a failing run, but keep an existing one current. */
  readonly mode: CommentMode;
  /** Whether the run passed. */
  readonly passed: boolean;
}

export type CommentResult =
  | {
      readonly action: 'created' | 'updated';
      readonly id: number;
      readonly url: string;
      /** The body was longer than GitHub takes and was cut, with a note saying so. */
      readonly cut: boolean;
    }
  | { readonly action: 'skipped'; readonly reason: string }
  | Forbidden;

/**
 * The hidden first line that identifies the comment of the report `name`. `<`, `>`, `%` and
 * control characters are percent-encoded, so no name can end the HTML comment early (`-->`,
 * `--!>`), open another (`<!--`) or break the line; the encoding is one-to-one, so distinct
 * names never share a marker. Names longer than 150 characters are shortened and told apart by
 * a hash, so that the marker stays under 200 characters.
 */
export function commentMarker(name: string): string {
  let encoded = name.replace(/[%<>\p{Cc}\u2028\u2029]/gu, percentEncoded);
  if (encoded.length > MARKER_NAME_CHARS) {
    const hash = createHash('sha256').update(name).digest('hex').slice(0, 16);
    let kept = '';
    for (const char of encoded) {
      if (kept.length + char.length > MARKER_NAME_CHARS - 20) break;
      kept += char;
    }
    encoded = `${kept}… #${hash}`;
  }
  return `${MARKER_PREFIX}${encoded}${MARKER_SUFFIX}`;
}

/** Whether `body` is a comment carrying `marker` on its first line. */
function hasMarker(body: string | undefined, marker: string): boolean {
  if (body === undefined || !body.startsWith(marker)) return false;
  const rest = body.slice(marker.length);
  return rest === '' || /^[ \t]*(\r?\n|$)/.test(rest);
}

/**
 * Creates or updates the comment of the report `name` on the pull request. Reads every page of
 * its comments; when several carry the marker (left by an older version), updates the newest and
 * leaves the others. A refusal for want of permission (403, or 404 on a write) is a `forbidden`
 * result; other failures throw a `GitHubApiError` that explains them.
 */
export async function upsertComment(options: UpsertCommentOptions): Promise<CommentResult> {
  const { client, owner, repo, issueNumber, name } = options;
  const marker = commentMarker(name);
  const where = `on pull request #${issueNumber}`;

  const found = await findComment(options, marker);
  if ('action' in found) return found;
  const existing = found.comment;

  if (!existing && options.mode === 'on-failure' && options.passed) {
    return {
      action: 'skipped',
      reason: `the run passed and \`comment\` is \`on-failure\`: no comment ${where}`,
    };
  }

  const { body, cut } = fitBody(marker, options.body);
  const write: ApiAction = {
    what: `${existing ? 'update' : 'create'} the comment "${name}" ${where}`,
    permission: 'pull-requests: write',
  };
  const request = { signal: AbortSignal.timeout(API_TIMEOUT_MS) };
  try {
    const { data } = existing
      ? await client.rest.issues.updateComment({
          owner,
          repo,
          comment_id: existing.id,
          body,
          request,
        })
      : await client.rest.issues.createComment({
          owner,
          repo,
          issue_number: issueNumber,
          body,
          request,
        });
    return { action: existing ? 'updated' : 'created', id: data.id, url: data.html_url, cut };
  } catch (error) {
    const forbidden = forbiddenOf(error, write);
    if (forbidden) return forbidden;
    throw apiError(error, write);
  }
}

interface FoundComment {
  readonly id: number;
  readonly created_at: string;
}

/** The newest comment carrying `marker`, across all pages of the pull request's comments. */
async function findComment(
  options: UpsertCommentOptions,
  marker: string,
): Promise<{ comment: FoundComment | undefined } | Forbidden> {
  const { client, owner, repo, issueNumber } = options;
  const read: ApiAction = {
    what: `read the comments on pull request #${issueNumber}`,
    permission: 'pull-requests: read',
  };
  let newest: FoundComment | undefined;
  try {
    const pages = client.paginate.iterator(client.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
      request: { signal: AbortSignal.timeout(API_TIMEOUT_MS) },
    });
    for await (const page of pages) {
      for (const comment of page.data) {
        if (hasMarker(comment.body, marker) && (!newest || isNewer(comment, newest))) {
          newest = comment;
        }
      }
    }
  } catch (error) {
    const forbidden = forbiddenOf(error, read, false);
    if (forbidden) return forbidden;
    throw apiError(error, read);
  }
  return { comment: newest };
}

function isNewer(a: FoundComment, b: FoundComment): boolean {
  const order = Date.parse(a.created_at) - Date.parse(b.created_at);
  return order === 0 ? a.id > b.id : order > 0;
}

/**
 * The marker line and the body, within GitHub's limit: a body too long is cut at a line break
 * (closing a code fence left open) and ends with a note saying so.
 */
function fitBody(marker: string, text: string): { body: string; cut: boolean } {
  const whole = `${marker}\n${text}`;
  if (whole.length <= COMMENT_LIMIT_CHARS) return { body: whole, cut: false };
  let room = COMMENT_LIMIT_CHARS - marker.length - CUT_NOTE.length - 4;
  for (;;) {
    let end = text.lastIndexOf('\n', room);
    if (end < room / 2) end = room;
    if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
    let kept = text.slice(0, end);
    const fence = openFence(kept);
    if (fence) kept += `\n${fence}`;
    const body = `${marker}\n${kept}\n\n${CUT_NOTE}\n`;
    if (body.length <= COMMENT_LIMIT_CHARS) return { body, cut: true };
    room -= body.length - COMMENT_LIMIT_CHARS;
  }
}

/** The fence a Markdown text leaves open at its end, if any. */
function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) continue;
    if (open === undefined) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) {
      open = undefined;
    }
  }
  return open;
}
