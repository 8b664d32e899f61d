/**
 * The check run of a report: its conclusion, summary and annotations, which GitHub shows at the
 * failing lines in the pull request's diff. The Checks API takes 50 annotations a request: the
 * first 50 go with the creation, the rest in updates of 50.
 */
import type { Conclusion } from '../model/run.js';
import type { Annotation } from '../render/annotations.js';
import { CHECKS_TITLE_CHARS, cutText } from '../render/limits.js';
import { apiError, forbiddenOf, type ApiAction, type Forbidden } from './api-errors.js';
import { API_TIMEOUT_MS, type GitHubClient } from './github-client.js';

/** What the Checks API takes in one request. */
const ANNOTATIONS_PER_REQUEST = 50;
/** `output.summary` (and `output.text`) may hold this many characters. */
export const CHECK_SUMMARY_MAX_CHARS = 65_535;
/**
 * Annotations posted at most (20 requests, about 20 s with writes spaced a second apart). More
 * are noise in a diff, and GitHub allows about 80 writes a minute.
 */
const MAX_CHECK_ANNOTATIONS = 1_000;

const CUT_NOTE = '\n\n**Cut at the Checks API limit.** The job summary has the report.';

export interface PublishCheckRunOptions {
  readonly client: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** The commit the run tested: the pull request's head, else the pushed commit. */
  readonly headSha: string;
  /** The report's name: the check run's name. */
  readonly name: string;
  readonly conclusion: Conclusion;
  readonly title: string;
  /** Markdown; cut to 65,535 characters with a note. */
  readonly summary: string;
  /** Most important first: when there are more than `maxAnnotations`, the first are posted. */
  readonly annotations: readonly Annotation[];
  /** Default `MAX_CHECK_ANNOTATIONS`. */
  readonly maxAnnotations?: number;
  /** A link the check run shows (the workflow run). */
  readonly detailsUrl?: string;
}

export type CheckRunResult =
  | {
      readonly action: 'created';
      readonly id: number;
      readonly url: string | undefined;
      /** Annotations posted. */
      readonly annotations: number;
      /** Annotations left out beyond `maxAnnotations`. */
      readonly omitted: number;
      /** The summary was longer than GitHub takes and was cut. */
      readonly cut: boolean;
    }
  | Forbidden;

/**
 * Creates the check run `name` on `headSha`, completed with `conclusion`, and posts its
 * annotations, 50 a request. A re-run creates another check run of the same name, as GitHub's
 * own re-runs do; GitHub shows the newest. Without `checks: write` the result is `forbidden`
 * (the caller prints the most important annotations as workflow commands instead); other
 * failures throw a `GitHubApiError` that explains them.
 */
export async function publishCheckRun(options: PublishCheckRunOptions): Promise<CheckRunResult> {
  const { client, owner, repo, name } = options;
  const limit = options.maxAnnotations ?? MAX_CHECK_ANNOTATIONS;
  const posted = options.annotations.slice(0, limit).map(toApiAnnotation);
  const batches: (typeof posted)[] = [];
  for (let i = 0; i < posted.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(posted.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  const cut = options.summary.length > CHECK_SUMMARY_MAX_CHARS;
  const output = {
    title: options.title,
    summary: cut ? cutSummary(options.summary) : options.summary,
  };

  const create: ApiAction = {
    what: `create the check run "${name}"`,
    permission: 'checks: write',
  };
  let id: number;
  let url: string | undefined;
  try {
    const { data } = await client.rest.checks.create({
      owner,
      repo,
      name,
      head_sha: options.headSha,
      status: 'completed',
      conclusion: options.conclusion,
      completed_at: new Date().toISOString(),
      ...(options.detailsUrl ? { details_url: options.detailsUrl } : {}),
      output: { ...output, annotations: batches[0] ?? [] },
      request: { signal: AbortSignal.timeout(API_TIMEOUT_MS) },
    });
    id = data.id;
    url = data.html_url ?? undefined;
  } catch (error) {
    const forbidden = forbiddenOf(error, create);
    if (forbidden) return forbidden;
    throw apiError(error, create);
  }

  for (const [index, batch] of batches.entries()) {
    if (index === 0) continue;
    const first = index * ANNOTATIONS_PER_REQUEST + 1;
    const update: ApiAction = {
      what:
        `add annotations ${first}-${first + batch.length - 1} of ${posted.length} to the ` +
        `check run "${name}" (the ones before were posted)`,
      permission: 'checks: write',
    };
    try {
      await client.rest.checks.update({
        owner,
        repo,
        check_run_id: id,
        output: { ...output, annotations: batch },
        request: { signal: AbortSignal.timeout(API_TIMEOUT_MS) },
      });
    } catch (error) {
      throw apiError(error, update);
    }
  }
  return {
    action: 'created',
    id,
    url,
    annotations: posted.length,
    omitted: options.annotations.length - posted.length,
    cut,
  };
}

function toApiAnnotation(annotation: Annotation) {
  return {
    path: annotation.path,
    start_line: annotation.startLine,
    end_line: annotation.endLine,
    annotation_level: annotation.level,
    title: cutText(annotation.title, CHECKS_TITLE_CHARS),
    message: annotation.message,
    ...(annotation.rawDetails ? { raw_details: annotation.rawDetails } : {}),
  };
}

function cutSummary(summary: string): string {
  return cutText(summary, CHECK_SUMMARY_MAX_CHARS - CUT_NOTE.length) + CUT_NOTE;
}
