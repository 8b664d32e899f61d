import path from 'node:path';
import { collectResults } from './collect/collect-results.js';
import { RepositoryPaths } from './collect/repository-paths.js';
import { listRepositoryFiles } from './collect/tracked-files.js';
import type { Settings } from './config/config.js';
import { mergeRetries } from './model/merge-retries.js';
import { concludeRun, type CommandOutcome, type RunContext, type RunReport } from './model/run.js';
import type { TestCase } from './model/tests.js';
import { countTests, totalDuration } from './model/totals.js';
import { runCommand } from './runner/run-command.js';
import { serviceVariables } from './services/environment.js';
import type { ServiceSpec } from './services/service.js';
import type { ServicesResult } from './services/start-services.js';

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
    const result = await runCommand({
      command: settings.command,
      cwd: settings.workingDirectory,
      env: { ...deps.env, ...serviceVariables(services.started) },
      timeoutMs: settings.timeoutMs,
      signal: deps.signal,
      stdout: deps.stdout,
      stderr: deps.stderr,
      tempDir: deps.tempDir,
    });
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

  const collected = await collectResults({
    patterns: settings.results,
    cwd: settings.workingDirectory,
    writtenAfterMs: commandStartedMs,
  });
  const parsed = collected.reports.flatMap((r) => r.suites.flatMap((s) => s.tests));
  const tests = mergeRetries(await mapToRepository(parsed, settings));
  const totals = countTests(tests, totalDuration(collected.reports));
  // No result file is expected when the command never ran for lack of services.
  const resultsRequired = settings.results !== 'auto' && services.healthy;
  const { conclusion, problems } = concludeRun({
    servicesError: services.error,
    services: services.outcomes,
    cancelled: deps.signal.aborted,
    command,
    totals,
    inputFiles: collected.files,
    resultsRequired,
  });
  return {
    name: await namePromise,
    conclusion,
    problems,
    command,
    services: services.outcomes,
    tests,
    totals,
    inputFiles: collected.files,
    resultsRequired,
    startedAt,
    finishedAt: new Date(),
    context: deps.context,
  };
}

/**
 * Reports name files as their tool saw them: relative to where it ran, or absolute on another
 * machine or in a container. Links and annotations need the repository's path.
 */
async function mapToRepository(tests: TestCase[], settings: Settings): Promise<TestCase[]> {
  if (!tests.some((test) => test.file)) return tests;
  const paths = new RepositoryPaths(await listRepositoryFiles(settings.workspace));
  const base = path
    .relative(settings.workspace, settings.workingDirectory)
    .split(path.sep)
    .join('/');
  const cache = new Map<string, string | undefined>();
  const resolve = (file: string): string | undefined => {
    if (!cache.has(file)) {
      const fromWorkingDirectory =
        base && !path.isAbsolute(file) ? paths.resolve(`${base}/${file}`) : undefined;
      cache.set(file, fromWorkingDirectory ?? paths.resolve(file));
    }
    return cache.get(file);
  };
  return tests.map((test) => {
    const mapped = test.file ? resolve(test.file) : undefined;
    return mapped && mapped !== test.file ? { ...test, file: mapped } : test;
  });
}
