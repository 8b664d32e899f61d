import * as core from '@actions/core';
import { randomUUID } from 'node:crypto';
import type { Settings } from './config/config.js';
import { readSettings } from './config/inputs.js';
import type { RunContext, RunReport } from './model/run.js';
import { runPipeline } from './pipeline.js';
import { createGitHubClient } from './publish/github-client.js';
import { lookUpJobName } from './publish/job-name.js';
import { writeJobSummary } from './publish/job-summary.js';
import { reportDirectory, writeJsonReport } from './publish/json-report.js';
import { setStepOutputs } from './publish/outputs.js';
import { renderCtrf } from './render/ctrf.js';
import { createRedactor } from './render/redact.js';
import { renderSummary } from './render/summary.js';
import { savePostState } from './state.js';

async function run(): Promise<void> {
  let settings: Settings;
  try {
    settings = readSettings();
  } catch (error) {
    core.setFailed(messageOf(error));
    return;
  }
  savePostState({ runId: randomUUID() });

  // The runner cancels a job with SIGINT, then SIGTERM 7.5 s later: stop the command at the
  // first and still report what it wrote.
  const cancellation = new AbortController();
  const cancel = (signal: NodeJS.Signals) => {
    core.warning(`Received ${signal}: stopping the command and reporting what it wrote.`);
    cancellation.abort();
  };
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);

  const report = await runPipeline(settings, {
    signal: cancellation.signal,
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    tempDir: process.env.RUNNER_TEMP,
    context: runContext(),
    defaultName: () => defaultReportName(settings.githubToken),
    log: (message) => core.info(message),
  });
  await publish(report, settings);

  if (report.conclusion !== 'success') {
    const why = report.problems.join(' ');
    if (settings.failOn === 'never') core.info(`fail-on is "never", so the step succeeds: ${why}`);
    else core.setFailed(why);
  }
}

async function publish(report: RunReport, settings: Settings): Promise<void> {
  const redact = createRedactor([settings.githubToken]);
  for (const file of report.inputFiles) {
    if (file.status === 'error')
      core.warning(`${file.path}: ${file.reason ?? 'could not be read'}`);
  }
  let reportJson: string | undefined;
  try {
    reportJson = await writeJsonReport(reportDirectory(report.name), renderCtrf(report, redact));
  } catch (error) {
    core.warning(`Could not write the JSON report: ${messageOf(error)}`);
  }
  if (settings.summary) {
    try {
      await writeJobSummary(redact(renderSummary(report)));
    } catch (error) {
      core.warning(`Could not write the job summary: ${messageOf(error)}`);
    }
  }
  setStepOutputs(report, reportJson);
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
  };
}

/** The job's display name from the API, else the job's key; never throws. */
async function defaultReportName(token: string): Promise<string> {
  const env = process.env;
  const fallback = env.GITHUB_JOB || 'Integration tests';
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const runId = Number(env.GITHUB_RUN_ID);
  if (!token || !owner || !repo || !Number.isInteger(runId) || !env.RUNNER_NAME) return fallback;
  try {
    const name = await lookUpJobName(createGitHubClient(token), {
      owner,
      repo,
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

run().catch((error: unknown) => {
  core.setFailed(
    `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
});
