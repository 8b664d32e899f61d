import { junitParser } from './junit.js';
import type { ResultParser } from './parser.js';

/** Every result format the action reads. A new format is one file and one line here. */
export const resultParsers: readonly ResultParser[] = [junitParser];

/** The parser whose format the file's first bytes show, if any. */
export function detectResultParser(head: string): ResultParser | undefined {
  return resultParsers.find((parser) => parser.detect(head));
}
