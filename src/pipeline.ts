import path from 'node:path';
import { collectCoverage } from './collect/collect-coverage.js';
import { collectResults } from './collect/collect-results.js';
import { gitDiff } from './collect/git-diff.js';
import { createReportedPathResolver, RepositoryPaths } from './collect/repository-paths.js';
import { startListingRepositoryFiles } from './collect/tracked-files.js';
import type { Settings } from './config/config.js';
import { changedLineCoverage } from './coverage/changed-lines.js';
import {
  addedLinesByPath,
  parsePullRequestPatch,
  parseUnifiedDiff,
  type PullRequestFile,
} from './coverage/diff.js';
import { lineHitsByPath } from './coverage/merge.js';
import type { ProjectCoverage } from './model/coverage.js';
import { mergeRetries } from './model/merge-retries.js';
import {
  concludeRun,
  type CommandOutcome,
  type CoverageOutcome,
  type PullRequestRef,
  type RunContext,
  type RunReport,
} from './model/run.js';
import type { TestCase } from './model/tests.js';
import { countTests, totalDuration } from './model/totals.js';
import { MaskWatcher } from './runner/mask-watcher.js';
import { runCommand } from './runner/run-command.js';
import { serviceVariables } from './services/environment.js';
import type { ServiceSpec } from './services/service.js';
import type { ServicesResult } from './services/start-services.js';
import { messageOf } from './model/errors.js';

export interface PipelineDeps {
  /** Aborted when the job is cancelled. */
  readonly signal: AbortSignal;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly tempDir: string | undefined;
  readonly context: RunContext;
  /** The report's title when the `name` input is empty. */
  readonly defaultName: () => Promise<string>;
  /** Starts the service containers and waits for them (the caller removes them). */
  readonly startServices: (
    specs: readonly ServiceSpec[],
    composeFiles: readonly string[],
  ) => Promise<ServicesResult>;
  readonly log: (message: string) => void;
  /**
   * The files of a pull request as the API lists them (`pulls/list-files`, every page), for
   * changed lines when the checkout's git history cannot give them; absent without a token.
   */
  readonly listPullRequestFiles?: (pullRequest: number) => Promise<PullRequestFile[]>;
  /** Filled with the values the command masks (`::add-mask::`), to redact them from reports. */
  readonly maskedValues?: Set<string>;
}

/** services -> command -> collect -> conclude, in order. Publishing and cleanup are the caller's. */
export async function runPipeline(settings: Settings, deps: PipelineDeps): Promise<RunReport> {
  const startedAt = new Date();
  const namePromise = settings.name ? Promise.resolve(settings.name) : deps.defaultName();

  const services =
    settings.services.length > 0 || settings.composeFiles.length > 0
      ? await deps.startServices(settings.services, settings.composeFiles)
      : { outcomes: [], started: [], healthy: true };

  let command: CommandOutcome | undefined;
  let commandStartedMs: number | undefined;
  // A command against services that are not there would only fail for the wrong reason.
  if (settings.command !== undefined && services.healthy && !deps.signal.aborted) {
    const masked = deps.maskedValues ?? new Set<string>();
    const stdout = new MaskWatcher(deps.stdout, masked);
    const stderr = new MaskWatcher(deps.stderr, masked);
    const result = await runCommand({
      command: settings.command,
      cwd: settings.workingDirectory,
      env: { ...deps.env, ...serviceVariables(services.started) },
      timeoutMs: settings.timeoutMs,
      signal: deps.signal,
      stdout,
      stderr,
      tempDir: deps.tempDir,
    });
    await Promise.all([stdout, stderr].map((s) => new Promise((done) => s.end(done))));
    commandStartedMs = result.startedAt.getTime();
    command = {
      command: settings.command,
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      cancelled: result.cancelled,
      durationMs: result.durationMs,
      timeoutMs: settings.timeoutMs,
    };
    deps.log(`The command exited with code ${result.exitCode} after ${result.durationMs} ms.`);
  }

  const repositoryFiles = startListingRepositoryFiles(settings.workspace);
  const collected = await collectResults({
    patterns: settings.results,
    cwd: settings.workingDirectory,
    writtenAfterMs: commandStartedMs,
  });
  const parsed = collected.reports.flatMap((r) => r.suites.flatMap((s) => s.tests));
  let repositoryPaths: Promise<RepositoryPaths> | undefined;
  const repository = () =>
    (repositoryPaths ??= repositoryFiles().then((files) => new RepositoryPaths(files)));
  const base = workingDirectoryInRepository(settings);
  const tests = mergeRetries(await mapToRepository(parsed, repository, base));
  const collectedCoverage = await collectCoverage({
    patterns: settings.coverage,
    cwd: settings.workingDirectory,
    base,
    writtenAfterMs: commandStartedMs,
    repository,
  });
  const coverage = collectedCoverage.coverage
    ? await withChangedLines(collectedCoverage.coverage, deps.context.pullRequest, settings, deps)
    : undefined;
  const inputFiles = [...collected.files, ...collectedCoverage.files];
  const totals = countTests(tests, totalDuration(collected.reports));
  // No result file is expected when the command never ran for lack of services.
  const resultsRequired = settings.results !== 'auto' && services.healthy;
  const { conclusion, problems } = concludeRun({
    servicesError: services.error,
    services: services.outcomes,
    cancelled: deps.signal.aborted,
    command,
    totals,
    inputFiles,
    resultsRequired,
    coverage,
    coverageThreshold: settings.coverageThreshold,
    diffCoverageThreshold: settings.diffCoverageThreshold,
  });
  return {
    name: await namePromise,
    conclusion,
    problems,
    command,
    services: services.outcomes,
    tests,
    totals,
    inputFiles,
    coverage,
    resultsRequired,
    startedAt,
    finishedAt: new Date(),
    context: deps.context,
  };
}

/**
 * For a pull request, the coverage of the lines it changes: from `git diff <base> HEAD` in the
 * checkout, whose line numbers are those of the commit the coverage was measured on (for
 * `pull_request`, GitHub's merge commit). A missing history says why instead.
 */
async function withChangedLines(
  project: ProjectCoverage,
  pullRequest: PullRequestRef | undefined,
  settings: Settings,
  deps: PipelineDeps,
): Promise<CoverageOutcome> {
  if (!pullRequest) return { project };
  const diff = await gitDiff({ cwd: settings.workspace, base: pullRequest.baseSha });
  for (const note of diff.notes) deps.log(note);
  if (!diff.ok) {
    if (!deps.listPullRequestFiles) return { project, changedLinesNote: diff.reason };
    deps.log(`Changed lines from the pull request's files instead of git: ${diff.reason}`);
    return changedLinesFromApi(project, pullRequest, deps.listPullRequestFiles, diff.reason);
  }
  try {
    const changed = addedLinesByPath(parseUnifiedDiff(diff.diff, 'git diff'));
    return { project, changedLines: changedLineCoverage(changed, lineHitsByPath(project)) };
  } catch (error) {
    const reason = messageOf(error);
    return { project, changedLinesNote: `the diff could not be read: ${reason}` };
  }
}

/** GitHub lists at most this many files of a pull request. */
const API_FILE_LIMIT = 3000;

/**
 * Changed lines from the pull request's files as the API lists them. Their line numbers are
 * the head commit's, not those of the merge commit the coverage was measured on (they differ
 * where the base branch changed the same files since), and the API leaves out patches that
 * are too large and files past the 3,000th: the caveat says which applies.
 */
async function changedLinesFromApi(
  project: ProjectCoverage,
  pullRequest: PullRequestRef,
  listFiles: (pullRequest: number) => Promise<PullRequestFile[]>,
  gitReason: string,
): Promise<CoverageOutcome> {
  let files: PullRequestFile[];
  try {
    files = await listFiles(pullRequest.number);
  } catch (error) {
    const reason = messageOf(error);
    return { project, changedLinesNote: `${gitReason}; and the pull request's files: ${reason}` };
  }
  try {
    const diffs = files.map((file) =>
      parsePullRequestPatch(file.filename, file.patch, file.status, file.previous_filename),
    );
    const unknown = diffs.filter((diff) => diff.linesUnknown).map((diff) => diff.path);
    const caveats = [
      "from the pull request's files: line numbers are the head commit's, which may not match " +
        'the merge commit the coverage was measured on',
      unknown.length > 0
        ? `${unknown.length} file(s) without a patch from GitHub (too large) are not counted: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}`
        : '',
      files.length >= API_FILE_LIMIT
        ? `GitHub lists only the first ${API_FILE_LIMIT} files of a pull request`
        : '',
    ].filter(Boolean);
    return {
      project,
      changedLines: changedLineCoverage(addedLinesByPath(diffs), lineHitsByPath(project)),
      changedLinesCaveat: caveats.join('; '),
    };
  } catch (error) {
    const reason = messageOf(error);
    return { project, changedLinesNote: `the pull request's patches could not be read: ${reason}` };
  }
}

/** The working directory relative to the repository's root, with `/` ('' at the root). */
function workingDirectoryInRepository(settings: Settings): string {
  return path.relative(settings.workspace, settings.workingDirectory).split(path.sep).join('/');
}

/**
 * Reports name files as their tool saw them: relative to where it ran, or absolute on another
 * machine or in a container. Links and annotations need the repository's path.
 */
async function mapToRepository(
  tests: TestCase[],
  repository: () => Promise<RepositoryPaths>,
  base: string,
): Promise<TestCase[]> {
  if (!tests.some((test) => test.file)) return tests;
  const resolve = createReportedPathResolver(await repository(), base);
  // Tests of one class name one file: 100,000 tests name a few thousand.
  const mappedFiles = new Map<string, string | undefined>();
  const mappedFile = (file: string) => {
    if (!mappedFiles.has(file)) {
      const mapped = resolve(file);
      mappedFiles.set(file, mapped !== file ? mapped : undefined);
    }
    return mappedFiles.get(file);
  };
  return tests.map((test) => {
    const mapped = test.file ? mappedFile(test.file) : undefined;
    return mapped ? { ...test, file: mapped } : test;
  });
}
