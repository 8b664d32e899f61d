import * as core from '@actions/core';

/** What the main step hands to the post step (the runner passes it back as STATE_* variables). */
export interface PostState {
  /** Labels every container and network of this run. */
  readonly runId: string;
  /** Whether there were services, so that post only calls Docker when it has to. */
  readonly services: boolean;
  /** Compose files of the run: `down --volumes` removes the named volumes labels do not reach. */
  readonly composeFiles?: readonly string[];
}

const KEY = 'integration-test-action';

export function savePostState(state: PostState): void {
  core.saveState(KEY, JSON.stringify(state));
}

export function loadPostState(): PostState | undefined {
  const raw = core.getState(KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as PostState;
  } catch {
    return undefined;
  }
}
