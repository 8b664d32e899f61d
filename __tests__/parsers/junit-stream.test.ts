/**
 * JUnit is read as a stream: fed in small chunks it must give exactly what it gives whole, on
 * every JUnit input of the corpus; captured texts are capped; errors name their line.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { MAX_TEXT_CHARS, parseJunit, parseJunitStream } from '../../src/parsers/junit.js';
import { ParseError } from '../../src/parsers/parser.js';
import { corpusInputs } from '../support/corpus.js';
import { chunksOf } from '../support/counts.js';
import { loadLazyLibraries } from '../support/libraries.js';

before(loadLazyLibraries);

/** The corpus's JUnit inputs, by its MANIFEST (expected outputs are not reports). */
function corpusJunit(): string[] {
  return corpusInputs()
    .filter((input) => input.format.startsWith('junit-xml'))
    .map((input) => input.file);
}

async function settle<T>(run: () => T | Promise<T>): Promise<T | { error: string }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ParseError) return { error: error.message };
    throw error;
  }
}

describe('JUnit read as a stream', () => {
  const files = corpusJunit();
  test(
    'in 97-character chunks, every corpus file reads as it does whole',
    { skip: files.length > 0 ? false : '../shared/corpus is absent' },
    async () => {
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const context = { path: path.basename(file) };
        const whole = await settle(() => parseJunit(text, context));
        const chunked = await settle(() =>
          parseJunitStream(chunksOf(text, 97), { ...context, reread: () => chunksOf(text, 97) }),
        );
        assert.deepEqual(chunked, whole, file);
      }
      assert.ok(files.length > 80, `only ${files.length} JUnit files in the corpus`);
    },
  );

  test('a runaway system-out is cut, not held whole', () => {
    const huge = 'x'.repeat(MAX_TEXT_CHARS * 4);
    const report = parseJunit(
      `<testsuite name="s"><testcase name="t"><system-out>${huge}</system-out></testcase></testsuite>`,
      { path: 'r.xml' },
    );
    const output = report.suites[0]!.tests[0]!.output!;
    assert.ok(output.length < MAX_TEXT_CHARS + 20, `${output.length} characters kept`);
    assert.ok(output.endsWith('… (cut)'));
  });

  test('a malformed file names the line, also when the error is in a later chunk', async () => {
    const xml =
      '<testsuite name="s">\n<testcase name="a"/>\n<testcase name="b">\n<failure>x</wrong>\n</testsuite>';
    for (const size of [xml.length, 7]) {
      await assert.rejects(
        parseJunitStream(chunksOf(xml, size), { path: 'r.xml' }),
        (error: unknown) =>
          error instanceof ParseError && error.line === 4 && /malformed XML/.test(error.reason),
      );
    }
  });

  test('a truncated file says so', () => {
    assert.throws(
      () => parseJunit('<testsuites><testsuite name="a"><testcase name="x">', { path: 'r.xml' }),
      (error: unknown) => error instanceof ParseError && /ends before/.test(error.reason),
    );
  });
});
