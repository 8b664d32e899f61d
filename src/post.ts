import * as core from '@actions/core';
import { removeComposeProject } from './services/compose.js';
import { DockerCli } from './services/docker-cli.js';
import { loadPostState } from './state.js';
import { messageOf } from './model/errors.js';

/**
 * Runs at the end of the job whatever happened (failure, cancellation, keep-services): removes
 * every container and network of the run. It warns; it never fails the job.
 */
async function post(): Promise<void> {
  const state = loadPostState();
  if (!state?.services) return;
  const docker = new DockerCli();
  const removed = await docker.removeRun(state.runId);
  for (const error of removed.errors) core.warning(`Removing the services: ${error}`);
  if (removed.containers + removed.networks > 0) {
    core.info(
      `Removed ${removed.containers} container(s) and ${removed.networks} network(s) of this run.`,
    );
  } else {
    core.info('No container of this run was left.');
  }
  if (state.composeFiles?.length)
    await removeComposeProject(docker, state.runId, state.composeFiles);
}

post().catch((error: unknown) => {
  core.warning(`Cleanup failed: ${messageOf(error)}`);
});
