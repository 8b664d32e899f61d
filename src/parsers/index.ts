import { ctrfParser } from './ctrf.js';
import { dartJsonParser } from './dart-json.js';
import { goTestJsonParser } from './go-test-json.js';
import { jestJsonParser, vitestJsonParser } from './jest-json.js';
import { mochaJsonParser } from './mocha-json.js';
import { mochawesomeParser } from './mochawesome.js';
import { rspecJsonParser } from './rspec-json.js';
import { junitParser } from './junit.js';
import { nunitParser } from './nunit.js';
import type { ResultParser } from './parser.js';
import { tapParser } from './tap.js';
import { trxParser } from './trx.js';
import { xunitParser } from './xunit.js';

/** Every result format the action reads. A new format is one file and one line here. */
export const resultParsers: readonly ResultParser[] = [
  // .NET formats check the root element; JUnit's check matches <testsuite> anywhere in the head.
  trxParser,
  nunitParser,
  xunitParser,
  junitParser,
  jestJsonParser,
  vitestJsonParser,
  mochaJsonParser,
  mochawesomeParser,
  rspecJsonParser,
  ctrfParser,
  goTestJsonParser,
  tapParser,
  dartJsonParser,
];

/** The parser whose format the file's first bytes show, if any. */
export function detectResultParser(head: string): ResultParser | undefined {
  return resultParsers.find((parser) => parser.detect(head));
}
