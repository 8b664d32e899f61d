import * as core from '@actions/core';

/** What the main step hands to the post step (the runner passes it back as STATE_* variables). */
export interface PostState {
  /** Set by main; its absence in post means main never got that far. */
  readonly runId: string;
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
