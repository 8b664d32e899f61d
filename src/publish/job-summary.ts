import { appendFile } from 'node:fs/promises';

/** Appends the rendered summary to the job summary file the runner provides. */
export async function writeJobSummary(markdown: string): Promise<boolean> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  await appendFile(file, markdown, 'utf8');
  return true;
}
