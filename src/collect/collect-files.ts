import type { InputFile } from '../model/input-file.js';
import { ParseError, type FileParser } from '../parsers/parser.js';
import { findFiles, type FoundFile } from './find-files.js';
import {
  MAX_REPORT_BYTES,
  MAX_STREAMED_BYTES,
  readReportHead,
  readReportText,
  streamReportText,
} from './read-report-file.js';
import { messageOf } from '../model/errors.js';

export interface CollectFilesOptions<T> {
  readonly kind: InputFile['kind'];
  /** Globs from the input, or 'auto' for `autoGlobs`. */
  readonly patterns: readonly string[] | 'auto';
  readonly autoGlobs: readonly string[];
  readonly cwd: string;
  /** When a command ran: files last written before this are stale and not counted. */
  readonly writtenAfterMs?: number;
  /** The parser whose format the file's first bytes show. */
  readonly detect: (head: string) => FileParser<T> | undefined;
  /** What a file no parser claims is, e.g. "not a test report format the action reads". */
  readonly unknownFormat: string;
}

export interface CollectedFiles<T> {
  readonly parsed: readonly { readonly path: string; readonly content: T }[];
  readonly files: readonly InputFile[];
}

/**
 * File times come from the kernel's coarse clock, a few milliseconds behind the one the
 * command's start was read from; more slack would count a report an earlier step just wrote.
 */
const MTIME_SLACK_MS = 100;

/** Finds, reads and parses every file; a file that fails is recorded by name, never fatal. */
export async function collectFiles<T>(options: CollectFilesOptions<T>): Promise<CollectedFiles<T>> {
  const auto = options.patterns === 'auto';
  const found = await findFiles(auto ? options.autoGlobs : options.patterns, options.cwd, {
    skipVendored: auto,
  });
  const parsed: { path: string; content: T }[] = [];
  const files: InputFile[] = [];
  for (const file of found) {
    if (
      options.writtenAfterMs !== undefined &&
      file.modifiedMs < options.writtenAfterMs - MTIME_SLACK_MS
    ) {
      files.push({
        path: file.path,
        kind: options.kind,
        status: 'stale',
        bytes: file.bytes,
        reason: 'written before the command started, so not counted',
      });
      continue;
    }
    const outcome = await readOne(file, auto, options);
    files.push(outcome.file);
    if (outcome.content !== undefined) parsed.push({ path: file.path, content: outcome.content });
  }
  return { parsed, files };
}

async function readOne<T>(
  file: FoundFile,
  auto: boolean,
  options: CollectFilesOptions<T>,
): Promise<{ file: InputFile; content?: T }> {
  const base = { path: file.path, kind: options.kind, bytes: file.bytes };
  const failed = (reason: string, format?: string) => ({
    file: { ...base, status: 'error' as const, reason, format },
  });
  if (file.bytes === 0) return failed('the file is empty');
  if (file.bytes > MAX_STREAMED_BYTES) return failed(tooLarge(file.bytes, MAX_STREAMED_BYTES));
  let format: string | undefined;
  try {
    const { head, binary } = await readReportHead(file.absolutePath);
    if (binary) return failed('binary content, not a text report');
    const parser = options.detect(head);
    if (!parser) {
      // The automatic search casts a wide net: a file of another kind there is expected.
      if (auto) return { file: { ...base, status: 'ignored', reason: options.unknownFormat } };
      return failed(options.unknownFormat);
    }
    format = parser.format;
    const context = { path: file.path, reread: () => streamReportText(file.absolutePath) };
    let content: T;
    await parser.load?.();
    if (parser.parseStream) {
      content = await parser.parseStream(context.reread(), context);
    } else if (file.bytes > MAX_REPORT_BYTES) {
      return failed(tooLarge(file.bytes, MAX_REPORT_BYTES), parser.format);
    } else {
      content = parser.parse(await readReportText(file.absolutePath), context);
    }
    return { file: { ...base, status: 'parsed', format: parser.format }, content };
  } catch (error) {
    const reason =
      error instanceof ParseError ? error.detail : `could not be read: ${messageOf(error)}`;
    return failed(reason, format);
  }
}

function tooLarge(bytes: number, limit: number): string {
  const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(0)} MiB`;
  return `the file is ${mib(bytes)}, over the ${mib(limit)} a report file may have here (split the report)`;
}
