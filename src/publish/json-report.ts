import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where this step's report files go: the runner's temp directory, one folder per report name. */
export function reportDirectory(name: string): string {
  const slug = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'report';
  return path.join(actionTempDirectory(), slug);
}

/** Where the services' output is streamed: kept for the report when anything failed. */
export function serviceLogDirectory(runId: string): string {
  return path.join(actionTempDirectory(), `services-${runId.slice(0, 8)}`);
}

function actionTempDirectory(): string {
  return path.join(process.env.RUNNER_TEMP || tmpdir(), 'integration-test-action');
}

export async function writeJsonReport(directory: string, document: unknown): Promise<string> {
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, 'report.json');
  await writeFile(file, JSON.stringify(document, null, 2) + '\n', 'utf8');
  return file;
}
