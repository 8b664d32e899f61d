import type { RunReport } from '../model/run.js';
import {
  annotationsFor,
  mostImportant,
  workflowCommand,
  type Annotation,
} from '../render/annotations.js';
import { renderComment } from '../render/comment.js';
import { type Forbidden, forbiddenWarning } from './api-errors.js';
import { publishCheckRun } from './check-run.js';
import type { GitHubClient } from './github-client.js';
import { upsertComment, type CommentMode } from './pr-comment.js';
import { findPullRequest } from './pull-request.js';
import { messageOf } from '../model/errors.js';

/** How many annotations workflow commands carry: GitHub shows ten errors per step. */
const COMMAND_ANNOTATIONS = 10;

export interface GitHubSurfacesOptions {
  /** The report with its texts redacted (redactReport). */
  readonly report: RunReport;
  /** Undefined without a token or repository: nothing goes to the API. */
  readonly client: GitHubClient | undefined;
  readonly owner: string;
  readonly repo: string;
  readonly eventName: string;
  readonly eventPayload: unknown;
  /** The commit the run tested when no pull request says otherwise (GITHUB_SHA). */
  readonly sha: string | undefined;
  readonly comment: CommentMode | 'off';
  readonly annotations: boolean;
  readonly runUrl: string | undefined;
  /** The uploaded report, linked from the comment. */
  readonly artifactUrl?: string;
  readonly log: (message: string) => void;
  readonly warn: (message: string) => void;
  /** Prints a workflow command line (`::error file=...::message`). */
  readonly printCommand: (line: string) => void;
}

export interface GitHubSurfacesResult {
  readonly commentUrl?: string;
  readonly checkRunUrl?: string;
}

/**
 * The pull-request comment and the annotations (a check run, else workflow commands). What
 * GitHub refuses for lack of permission becomes one warning; other API failures a warning
 * each; none of it changes the step's result.
 */
export async function publishGitHubSurfaces(
  options: GitHubSurfacesOptions,
): Promise<GitHubSurfacesResult> {
  const { report, client } = options;
  const refusals: Forbidden[] = [];
  const result: { commentUrl?: string; checkRunUrl?: string } = {};
  const failed = report.conclusion !== 'success';
  // The comment's text is also the check run's summary: rendered once, when either is posted.
  let markdown: string | undefined;
  const commentMarkdown = () =>
    (markdown ??= renderComment(report, {
      runUrl: options.runUrl,
      artifactUrl: options.artifactUrl,
    }));

  const annotations = options.annotations ? annotationsFor(report) : [];
  // Also without a comment: a check run goes on the pull request's head commit. Not looked up
  // when neither is posted (for a fork's workflow_run it is an API call).
  const pullRequest =
    client && (options.comment !== 'off' || annotations.length > 0)
      ? await findPullRequest({
          client,
          owner: options.owner,
          repo: options.repo,
          eventName: options.eventName,
          payload: options.eventPayload,
        }).catch((error: unknown) => ({ found: false as const, reason: messageOf(error) }))
      : undefined;

  if (options.annotations) {
    const headSha = pullRequest?.found ? pullRequest.pullRequest.headSha : options.sha;
    let posted = false;
    if (client && headSha && annotations.length > 0) {
      try {
        const checkRun = await publishCheckRun({
          client,
          owner: options.owner,
          repo: options.repo,
          headSha,
          name: report.name,
          conclusion: report.conclusion,
          title: report.problems[0] ?? 'All tests passed',
          summary: commentMarkdown(),
          annotations,
          detailsUrl: options.runUrl,
        });
        if (checkRun.action === 'forbidden') refusals.push(checkRun);
        else {
          posted = true;
          result.checkRunUrl = checkRun.url;
          options.log(
            `Check run "${report.name}": ${checkRun.annotations} annotations` +
              (checkRun.omitted > 0 ? `, ${checkRun.omitted} more in the job summary only` : '') +
              (checkRun.url ? ` (${checkRun.url})` : ''),
          );
        }
      } catch (error) {
        options.warn(messageOf(error));
      }
    }
    if (!posted) printAnnotations(annotations, options.printCommand);
  }

  if (pullRequest && !pullRequest.found && pullRequest.reason) options.log(pullRequest.reason);
  if (client && pullRequest?.found && options.comment !== 'off') {
    try {
      const comment = await upsertComment({
        client,
        owner: options.owner,
        repo: options.repo,
        issueNumber: pullRequest.pullRequest.number,
        name: report.name,
        body: commentMarkdown(),
        mode: options.comment === 'on-failure' ? 'on-failure' : 'always',
        passed: !failed,
      });
      if (comment.action === 'forbidden') refusals.push(comment);
      else if (comment.action === 'skipped') options.log(comment.reason);
      else {
        result.commentUrl = comment.url;
        options.log(`Pull-request comment ${comment.action}: ${comment.url}`);
      }
    } catch (error) {
      options.warn(messageOf(error));
    }
  }

  const warning = forbiddenWarning(refusals);
  if (warning) options.warn(warning);
  return result;
}

/** The most important annotations as workflow commands; the rest are in the summary. */
function printAnnotations(annotations: readonly Annotation[], print: (line: string) => void): void {
  for (const annotation of mostImportant(annotations, COMMAND_ANNOTATIONS)) {
    print(workflowCommand(annotation));
  }
}
