import * as core from '@actions/core';
import { loadPostState } from './state.js';

/** Runs at the end of the job whatever happened; it warns, it never fails the job. */
async function post(): Promise<void> {
  const state = loadPostState();
  if (!state) {
    core.info('The main step did not start; nothing to clean up.');
    return;
  }
  core.info('Nothing left to clean up.');
}

post().catch((error: unknown) => {
  core.warning(`Cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
});
