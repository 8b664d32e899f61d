/**
 * The streaming JUnit reader must give exactly what the tree-based one gives, on every JUnit
 * file of the corpus and on the inline samples, fed whole or in small chunks.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseJunit } from '../../src/parsers/junit.js';
import {
  MAX_CAPTURED_CHARS,
  parseJunitStream,
  parseJunitText,
} from '../../src/parsers/junit-stream.js';
import { ParseError } from '../../src/parsers/parser.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/reports');

/**
 * Files that are not well-formed XML, which fast-xml-parser reads anyway and saxes (as the XML
 * specification asks) refuses: reported as unreadable with the reason, not guessed at.
 */
const STRICTER = new Map([
  // `time="<<computed>>"`: a raw '<' inside an attribute value (line 9).
  [
    'mikepenz__action-junit-report/test_results/junit-web-test/expected.xml',
    /^malformed XML: disallowed character/,
  ],
  [
    'mikepenz__action-junit-report/test_results/junit-web-test/expectedRetries.xml',
    /^malformed XML: disallowed character/,
  ],
]);

/** The corpus's JUnit inputs, by its MANIFEST (expected outputs are not reports). */
function corpusXml(): string[] {
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return [];
  return readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter(([, , , format, , role]) => role === 'input' && format?.startsWith('junit-xml'))
    .map(([repo, , file]) => path.join(CORPUS, repo!.replace('/', '__'), file!));
}

async function* chunksOf(text: string, size: number) {
  for (let index = 0; index < text.length; index += size) yield text.slice(index, index + size);
}

function decodeNumericReferences(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(/&#(x[0-9a-f]+|\d+);/gi, (_, code: string) =>
      String.fromCodePoint(
        code[0] === 'x' || code[0] === 'X' ? parseInt(code.slice(1), 16) : Number(code),
      ),
    );
  }
  if (Array.isArray(value)) return value.map(decodeNumericReferences);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, decodeNumericReferences(v)]),
    );
  }
  return value;
}

function foldMessages(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(foldMessages);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        (k === 'message' || k === 'name' || k === 'suite') && typeof v === 'string'
          ? v.replace(/\s+/g, ' ')
          : k === 'details' && typeof v === 'string'
            ? v.trimEnd()
            : foldMessages(v),
      ]),
    );
  }
  return value;
}

function outcome(parse: () => unknown): unknown {
  try {
    return parse();
  } catch (error) {
    return error instanceof ParseError ? { error: error.reason } : { crash: String(error) };
  }
}

describe('streaming JUnit', () => {
  const files = corpusXml();
  test(
    'agrees with the tree parser on every JUnit file of the corpus',
    { skip: files.length ? false : '../shared/corpus is absent' },
    async () => {
      let compared = 0;
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const context = { path: path.basename(file) };
        const tree = outcome(() => parseJunit(text, context)) as { error?: string };
        const streamed = outcome(() => parseJunitText(text, context)) as { error?: string };
        const strict = STRICTER.get(path.relative(CORPUS, file));
        if (strict) {
          assert.match(streamed.error ?? '', strict, file);
          continue;
        }
        if (tree.error || (streamed as { error?: string }).error) {
          assert.equal(
            Boolean(streamed.error),
            Boolean(tree.error),
            `${file}: one parser failed, the other did not`,
          );
          continue;
        }
        // fast-xml-parser leaves numeric character references (&#x22;) undecoded; saxes decodes
        // them, as XML requires: compare with the tree's strings decoded.
        const expected = decodeNumericReferences(tree);
        // XML turns line breaks inside attribute values into spaces (saxes does; fast-xml-parser
        // keeps them): names and messages are compared with white space folded.
        assert.deepEqual(foldMessages(streamed), foldMessages(expected), file);
        const chunked = await parseJunitStream(chunksOf(text, 97), context);
        assert.deepEqual(chunked, streamed, `${file} in 97-character chunks`);
        compared++;
      }
      assert.ok(compared > 50, `only ${compared} files compared`);
    },
  );

  test('a runaway system-out is cut, not held whole', () => {
    const huge = 'x'.repeat(MAX_CAPTURED_CHARS * 4);
    const report = parseJunitText(
      `<testsuite name="s"><testcase name="t"><system-out>${huge}</system-out></testcase></testsuite>`,
      { path: 'r.xml' },
    );
    const output = report.suites[0]!.tests[0]!.output!;
    assert.ok(output.length < MAX_CAPTURED_CHARS + 20);
    assert.ok(output.endsWith('… (cut)'));
  });

  test('errors name the line', () => {
    assert.throws(
      () =>
        parseJunitText(
          '<testsuite name="s">\n<testcase name="t">\n<failure>x</wrong>\n</testsuite>',
          { path: 'r.xml' },
        ),
      (error: unknown) =>
        error instanceof ParseError && error.line === 3 && /malformed XML/.test(error.reason),
    );
  });
});
