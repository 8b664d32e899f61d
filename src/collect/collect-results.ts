import type { InputFile } from '../model/input-file.js';
import type { TestReport } from '../model/tests.js';
import { detectResultParser } from '../parsers/index.js';
import { collectFiles } from './collect-files.js';
import { AUTO_RESULT_GLOBS } from './find-files.js';

export interface CollectResultsOptions {
  /** Globs from the `results` input, or 'auto'. */
  readonly patterns: readonly string[] | 'auto';
  readonly cwd: string;
  /** When a command ran: files last written before this are stale and not counted. */
  readonly writtenAfterMs?: number;
}

export interface CollectedResults {
  readonly reports: readonly (TestReport & { readonly path: string })[];
  readonly files: readonly InputFile[];
}

/** Finds, reads and parses every result file; a file that fails is recorded, never fatal. */
export async function collectResults(options: CollectResultsOptions): Promise<CollectedResults> {
  const { parsed, files } = await collectFiles({
    ...options,
    kind: 'results',
    autoGlobs: AUTO_RESULT_GLOBS,
    detect: detectResultParser,
    unknownFormat: 'not a test report format the action reads',
  });
  return { reports: parsed.map(({ path, content }) => ({ ...content, path })), files };
}
