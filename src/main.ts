// First: it must hold before anything is read.
import './young-generation.js';
import * as core from '@actions/core';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from './config/config.js';
import { readSettings } from './config/inputs.js';
import type { RunContext, RunReport } from './model/run.js';
import { runPipeline } from './pipeline.js';
import { writeJobSummary } from './publish/job-summary.js';
import {
  reportDirectory,
  serviceLogDirectory,
  writeCtrfReport,
  writeHtmlReport,
} from './publish/json-report.js';
import { setStepOutputs } from './publish/outputs.js';
import { uploadReportArtifact } from './publish/artifact.js';
import { writeRedactedServiceLogs } from './publish/service-logs.js';
import { ctrfTest, renderCtrf } from './render/ctrf.js';
import { createRedactor, redactReport } from './render/redact.js';
import { runUrlOf } from './render/comment.js';
import { renderSummary } from './render/summary.js';
import { renderHtmlReportLines } from './render/html-report.js';
import { publishGitHubSurfaces } from './publish/github-surfaces.js';
import { listPullRequestFiles, pullRequestOfPayload } from './publish/pull-request.js';
import { createGitHubClient, type GitHubClient } from './publish/github-client.js';
import { lookUpJobName } from './publish/job-name.js';
import type { DockerCli } from './services/docker-cli.js';
import { serviceVariables } from './services/environment.js';
import type { ServicesResult } from './services/start-services.js';
import { savePostState } from './state.js';
import { messageOf } from './model/errors.js';

const LOG_TAIL_LINES = 40;

async function run(): Promise<void> {
  let settings: Settings;
  try {
    settings = await readSettings();
  } catch (error) {
    core.setFailed(messageOf(error));
    return;
  }
  const secrets = [settings.githubToken, ...settings.services.flatMap((s) => s.secrets)];
  for (const secret of secrets) if (secret) core.setSecret(secret);

  const runId = randomUUID().replace(/-/g, '');
  // One client for every call: its throttling spaces the writes of the whole step.
  const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  const github: GitHubTarget | undefined =
    settings.githubToken && owner && repo
      ? { client: await createGitHubClient(settings.githubToken), owner, repo }
      : undefined;
  const maskedValues = new Set<string>();
  const logDirectory = serviceLogDirectory(runId);
  const hasServices = settings.services.length > 0 || settings.composeFiles.length > 0;
  savePostState({ runId, services: hasServices, composeFiles: settings.composeFiles });

  // The runner cancels a job with SIGINT, then SIGTERM 7.5 s later: stop at the first and
  // still report what there is, and remove the containers.
  const cancellation = new AbortController();
  const cancel = (signal: NodeJS.Signals) => {
    core.warning(`Received ${signal}: stopping, then reporting what there is.`);
    cancellation.abort();
  };
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);

  // The services' code is loaded only by runs that have services.
  const docker = hasServices ? new (await import('./services/index.js')).DockerCli() : undefined;
  let services: ServicesResult | undefined;
  try {
    const report = await runPipeline(settings, {
      signal: cancellation.signal,
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      tempDir: process.env.RUNNER_TEMP,
      context: runContext(),
      defaultName: () => defaultReportName(github),
      startServices: async (specs, composeFiles) => {
        const names = [...specs.map((s) => s.name), ...composeFiles.map((f) => path.basename(f))];
        core.startGroup(`Starting ${names.join(', ')}`);
        try {
          const { startServices, startComposeServices } = await import('./services/index.js');
          const common = {
            docker: docker!,
            runId,
            signal: cancellation.signal,
            log: (m: string) => core.info(m),
          };
          // Side by side: a compose project and the services input wait for each other in nothing.
          const [own, composed] = await Promise.all([
            startServices({ ...common, specs, logDirectory }),
            composeFiles.length > 0
              ? startComposeServices({
                  ...common,
                  files: composeFiles,
                  logDirectory: path.join(logDirectory, 'compose'),
                })
              : undefined,
          ]);
          services = composed ? combineServices(own, composed) : own;
        } finally {
          core.endGroup();
        }
        await showUnhealthyLogs(services);
        return services;
      },
      log: (message) => core.info(message),
      maskedValues,
      listPullRequestFiles: github
        ? (pullNumber) => listPullRequestFiles(github.client, github.owner, github.repo, pullNumber)
        : undefined,
    });
    await publish(report, settings, createRedactor([...secrets, ...maskedValues]), github);
    if (settings.keepServices && services) keepServicesForLaterSteps(services);

    if (report.conclusion !== 'success') {
      const why = report.problems.join(' ');
      if (settings.failOn === 'never')
        core.info(`fail-on is "never", so the step succeeds: ${why}`);
      else core.setFailed(why);
    }
    if (report.conclusion === 'success' && services) {
      await rm(logDirectory, { recursive: true, force: true });
    }
  } catch (error) {
    core.setFailed(messageOf(error));
  } finally {
    if (docker && !settings.keepServices) {
      if (settings.composeFiles.length > 0) {
        const { removeComposeProject } = await import('./services/index.js');
        await removeComposeProject(docker, runId, settings.composeFiles);
      }
      await removeServices(docker, runId);
    }
  }
}

interface GitHubTarget {
  readonly client: GitHubClient;
  readonly owner: string;
  readonly repo: string;
}

async function publish(
  report: RunReport,
  settings: Settings,
  redact: (text: string) => string,
  github: GitHubTarget | undefined,
): Promise<void> {
  for (const file of report.inputFiles) {
    if (file.status === 'error')
      core.warning(`${file.path}: ${file.reason ?? 'could not be read'}`);
  }
  const directory = reportDirectory(report.name);
  // Redacted once for every surface: the tests' texts are not redacted again one by one.
  const shown = redactReport(report, redact);
  let reportJson: string | undefined;
  try {
    reportJson = await writeCtrfReport(
      directory,
      renderCtrf(shown, { withTests: false }),
      shown.tests,
      ctrfTest,
    );
  } catch (error) {
    core.warning(`Could not write the JSON report: ${messageOf(error)}`);
  }
  const runUrl = runUrlOf(shown);
  // The services' logs, redacted, when something failed: in the HTML report and the artifact.
  const logs =
    report.conclusion === 'success'
      ? []
      : await writeRedactedServiceLogs(report.services, path.join(directory, 'logs'), redact).catch(
          (error: unknown) => {
            core.warning(`Could not keep the services' logs: ${messageOf(error)}`);
            return [];
          },
        );
  let reportHtml: string | undefined;
  try {
    const serviceLogs = Object.fromEntries(logs.map((log) => [log.service, log.text]));
    reportHtml = writeHtmlReport(directory, renderHtmlReportLines(shown, { serviceLogs }));
  } catch (error) {
    core.warning(`Could not write the HTML report: ${messageOf(error)}`);
  }
  const artifact = settings.artifact
    ? await uploadArtifact(shown, settings, directory, [
        reportJson,
        reportHtml,
        ...logs.map((log) => log.file),
      ])
    : undefined;
  if (settings.summary) {
    try {
      await writeJobSummary(
        renderSummary(shown, { fullReportUrl: artifact?.url ?? runUrl, reportUrl: artifact?.url }),
      );
    } catch (error) {
      core.warning(`Could not write the job summary: ${messageOf(error)}`);
    }
  }
  const surfaces = await publishGitHubSurfaces({
    report: shown,
    client: github?.client,
    owner: github?.owner ?? '',
    repo: github?.repo ?? '',
    eventName: process.env.GITHUB_EVENT_NAME ?? '',
    eventPayload: readEventPayload(),
    sha: process.env.GITHUB_SHA,
    comment: settings.comment,
    annotations: settings.annotations,
    runUrl,
    artifactUrl: artifact?.url,
    log: (message) => core.info(message),
    warn: (message) => core.warning(message),
    printCommand: (line) => process.stdout.write(`${line}\n`),
  });
  setStepOutputs(report, {
    reportJson,
    reportHtml,
    commentUrl: surfaces.commentUrl,
    artifactId: artifact?.id,
    artifactUrl: artifact?.url,
  });
}

/** The last lines of each failed service's output, collapsed, where the failure is read. */
async function showUnhealthyLogs(services: ServicesResult | undefined): Promise<void> {
  for (const outcome of services?.outcomes ?? []) {
    if (outcome.status === 'healthy' || !outcome.logFile) continue;
    const text = await readFile(outcome.logFile, 'utf8').catch(() => '');
    const lines = text.trimEnd().split('\n').slice(-LOG_TAIL_LINES);
    core.error(
      `Service "${outcome.name}" (${outcome.image}): ${outcome.reason ?? 'did not start'}`,
    );
    core.startGroup(`Last ${lines.length} lines of ${outcome.name}'s output`);
    core.info(text.trim() === '' ? '(it printed nothing)' : lines.join('\n'));
    core.endGroup();
  }
}

function combineServices(a: ServicesResult, b: ServicesResult): ServicesResult {
  const errors = [a.error, b.error].filter(Boolean);
  return {
    ...(errors.length > 0 ? { error: errors.join(' ') } : {}),
    outcomes: [...a.outcomes, ...b.outcomes],
    started: [...a.started, ...b.started],
    healthy: a.healthy && b.healthy,
  };
}

function keepServicesForLaterSteps(services: ServicesResult): void {
  for (const [name, value] of Object.entries(serviceVariables(services.started))) {
    core.exportVariable(name, value);
  }
  core.info('keep-services: the services stay up for later steps; the post step removes them.');
}

async function removeServices(docker: DockerCli, runId: string): Promise<void> {
  try {
    const removed = await docker.removeRun(runId);
    for (const error of removed.errors) core.warning(`Removing the services: ${error}`);
    if (removed.containers > 0) core.info(`Removed ${removed.containers} service container(s).`);
  } catch (error) {
    core.warning(`Could not remove the services (the post step tries again): ${messageOf(error)}`);
  }
}

/** The event payload the runner wrote (GITHUB_EVENT_PATH), read once; {} when there is none. */
let eventPayload: unknown;
function readEventPayload(): unknown {
  if (eventPayload === undefined) {
    try {
      eventPayload = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH ?? '', 'utf8'));
    } catch {
      eventPayload = {};
    }
  }
  return eventPayload;
}

/**
 * Uploads the report files (and the redacted service logs) as the artifact; where the service
 * is missing (GitHub Enterprise Server) or refuses, one warning.
 */
async function uploadArtifact(
  report: RunReport,
  settings: Settings,
  directory: string,
  candidates: readonly (string | undefined)[],
): Promise<{ id: number; url: string } | undefined> {
  const files = candidates.filter((file): file is string => file !== undefined);
  if (files.length === 0) return undefined;
  const result = await uploadReportArtifact({
    name: settings.artifactName ?? `${report.name}-test-report`,
    files,
    rootDirectory: directory,
    retentionDays: settings.retentionDays,
    log: (message) => core.info(message),
  });
  if (result.action === 'uploaded') {
    core.info(`Uploaded the report as artifact "${result.name}": ${result.url}`);
    return result;
  }
  core.warning(
    result.action === 'unavailable'
      ? `The report was not uploaded as an artifact: ${result.reason}`
      : result.reason,
  );
  return undefined;
}

function runContext(): RunContext {
  const env = process.env;
  return {
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    repository: env.GITHUB_REPOSITORY,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    workflow: env.GITHUB_WORKFLOW,
    job: env.GITHUB_JOB,
    pullRequest: pullRequestOfPayload(readEventPayload()),
  };
}

/** The job's display name from the API, else the job's key; never throws. */
async function defaultReportName(github: GitHubTarget | undefined): Promise<string> {
  const env = process.env;
  const fallback = env.GITHUB_JOB || 'Integration tests';
  const runId = Number(env.GITHUB_RUN_ID);
  if (!github || !Number.isInteger(runId) || !env.RUNNER_NAME) return fallback;
  try {
    const name = await lookUpJobName(github.client, {
      owner: github.owner,
      repo: github.repo,
      runId,
      runAttempt: Number(env.GITHUB_RUN_ATTEMPT) || 1,
      runnerName: env.RUNNER_NAME,
    });
    if (name) return name;
    core.debug('The API did not tell which job this is; the report is named after github.job.');
  } catch (error) {
    core.info(
      `Could not look up the job's name (${messageOf(error)}); the report is named "${fallback}". ` +
        'Give the workflow `actions: read` or set the `name` input.',
    );
  }
  return fallback;
}

run()
  .catch((error: unknown) => {
    core.setFailed(
      `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  })
  // Nothing is left to do once the last line is out: ending here spares tearing down a heap
  // that held a large report (~15 ms on 100,000 tests). The exit code set so far stands.
  .finally(() => process.stdout.write('', () => process.exit()));
