import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestCase } from '../model/tests.js';
import type { CtrfDocument } from '../render/ctrf.js';

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

const TESTS_PLACEHOLDER = '\u0000tests\u0000';
/** Tests a write: a batch's text (~60 kB) stays an ordinary young object, not a large one. */
const BATCH = 200;

/**
 * Writes the CTRF report with its tests added in batches, so that a 100,000-test run never
 * holds the whole JSON text, nor every test's JSON form at once.
 */
export async function writeCtrfReport(
  directory: string,
  document: CtrfDocument,
  tests: readonly TestCase[],
  renderTest: (test: TestCase) => unknown,
): Promise<string> {
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, 'report.json');
  const skeleton = JSON.stringify({
    ...document,
    results: { ...document.results, tests: TESTS_PLACEHOLDER },
  });
  const [before, after] = skeleton.split(JSON.stringify(TESTS_PLACEHOLDER));
  writePieces(file, ctrfPieces(before!, after!, tests, renderTest));
  return file;
}

function* ctrfPieces(
  before: string,
  after: string,
  tests: readonly TestCase[],
  renderTest: (test: TestCase) => unknown,
): Generator<string> {
  yield `${before}[`;
  for (let start = 0; start < tests.length; start += BATCH) {
    // One JSON.stringify a batch, not one a test: a fifth faster on 100,000 tests.
    const batch = JSON.stringify(tests.slice(start, start + BATCH).map(renderTest));
    yield (start > 0 ? ',\n' : '\n') + batch.slice(1, -1);
  }
  yield `\n]${after}\n`;
}

/** Writes the HTML report, one line at a time: `report.html` in `directory`. */
export function writeHtmlReport(directory: string, lines: readonly string[]): string {
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, 'report.html');
  writePieces(file, linesOf(lines));
  return file;
}

function* linesOf(lines: readonly string[]): Generator<string> {
  for (let index = 0; index < lines.length; index++) {
    if (index > 0) yield '\n';
    yield lines[index]!;
  }
}

/**
 * Writes a report piece by piece, never holding its whole text, and synchronously: each
 * asynchronous write is a wait on libuv's thread pool, and the step has nothing else to do
 * meanwhile.
 */
function writePieces(file: string, pieces: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    for (const piece of pieces) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}
