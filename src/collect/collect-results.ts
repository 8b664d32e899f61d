import type { InputFile } from '../model/input-file.js';
import type { TestReport } from '../model/tests.js';
import { detectResultParser } from '../parsers/index.js';
import { ParseError } from '../parsers/parser.js';
import { AUTO_RESULT_GLOBS, findFiles, type FoundFile } from './find-files.js';
import {
  MAX_REPORT_BYTES,
  MAX_STREAMED_BYTES,
  readReportHead,
  readReportText,
  streamReportText,
} from './read-report-file.js';

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

/**
 * File times come from the kernel's coarse clock, a few milliseconds behind the one the
 * command's start was read from; more slack would count a report an earlier step just wrote.
 */
const MTIME_SLACK_MS = 100;

/** Finds, reads and parses every result file; a file that fails is recorded, never fatal. */
export async function collectResults(options: CollectResultsOptions): Promise<CollectedResults> {
  const auto = options.patterns === 'auto';
  const found = await findFiles(auto ? AUTO_RESULT_GLOBS : options.patterns, options.cwd, {
    skipVendored: auto,
  });
  const reports: (TestReport & { path: string })[] = [];
  const files: InputFile[] = [];
  for (const file of found) {
    if (
      options.writtenAfterMs !== undefined &&
      file.modifiedMs < options.writtenAfterMs - MTIME_SLACK_MS
    ) {
      files.push({
        path: file.path,
        kind: 'results',
        status: 'stale',
        bytes: file.bytes,
        reason: 'written before the command started, so not counted',
      });
      continue;
    }
    const outcome = await readOne(file, auto);
    files.push(outcome.file);
    if (outcome.report) reports.push({ ...outcome.report, path: file.path });
  }
  return { reports, files };
}

async function readOne(
  file: FoundFile,
  auto: boolean,
): Promise<{ file: InputFile; report?: TestReport }> {
  const base = { path: file.path, kind: 'results' as const, bytes: file.bytes };
  const failed = (reason: string, format?: string) => ({
    file: { ...base, status: 'error' as const, reason, format },
  });
  if (file.bytes === 0) return failed('the file is empty');
  if (file.bytes > MAX_STREAMED_BYTES) return failed(tooLarge(file.bytes, MAX_STREAMED_BYTES));
  try {
    const { head, binary } = await readReportHead(file.absolutePath);
    if (binary) return failed('binary content, not a text report');
    const parser = detectResultParser(head);
    if (!parser) {
      // The automatic search casts a wide net: a non-report there is expected, not a problem.
      if (auto)
        return {
          file: { ...base, status: 'ignored', reason: 'not a test report format the action reads' },
        };
      return failed('not a test report format the action reads');
    }
    const context = { path: file.path, reread: () => streamReportText(file.absolutePath) };
    let report: TestReport;
    if (parser.parseStream) {
      report = await parser.parseStream(context.reread(), context);
    } else if (file.bytes > MAX_REPORT_BYTES) {
      return failed(tooLarge(file.bytes, MAX_REPORT_BYTES), parser.format);
    } else {
      report = parser.parse(await readReportText(file.absolutePath), context);
    }
    return { file: { ...base, status: 'parsed', format: parser.format }, report };
  } catch (error) {
    const reason =
      error instanceof ParseError
        ? error.detail
        : `could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return failed(reason);
  }
}

function tooLarge(bytes: number, limit: number): string {
  const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(0)} MiB`;
  return `the file is ${mib(bytes)}, over the ${mib(limit)} a report file may have here (split the report)`;
}
