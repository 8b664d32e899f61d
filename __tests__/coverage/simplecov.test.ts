import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectSimplecov, parseSimplecov, simplecovParser } from '../../src/coverage/simplecov.js';
import { assertClaimsNoOtherInput, NO_CORPUS } from '../support/corpus.js';
import {
  assertClaimedOnlyBy,
  assertClaimsNone,
  byLine,
  pathsOf,
  refusalTests,
  type RefusalCase,
} from '../support/coverage-tests.js';

const parse = (text: string) => parseSimplecov(text, { path: '.resultset.json' });

/** Two suites (RSpec, Minitest) as SimpleCov 0.22 writes them, with branch coverage on. */
const RESULTSET = `{
  "RSpec": {
    "coverage": {
      "/app/lib/foo.rb": {
        "lines": [1, null, 1, 0, null, 2, 0],
        "branches": {
          "[:if, 0, 3, 4, 3, 54]": {
            "[:then, 1, 3, 4, 3, 34]": 1,
            "[:else, 2, 3, 4, 3, 54]": 0
          },
          "[:\\"&.\\", 3, 6, 4, 6, 20]": {
            "[:then, 4, 6, 4, 6, 20]": 0,
            "[:else, 5, 6, 4, 6, 20]": 0
          }
        }
      },
      "/app/lib/bar.rb": {
        "lines": [1, 0, null]
      }
    },
    "timestamp": 1595577079
  },
  "Minitest": {
    "coverage": {
      "/app/lib/foo.rb": {
        "lines": [1, null, 0, 3, null, null, 0, null],
        "branches": {
          "[:if, 0, 3, 4, 3, 54]": {
            "[:then, 1, 3, 4, 3, 34]": 0,
            "[:else, 2, 3, 4, 3, 54]": 0
          },
          "[:\\"&.\\", 3, 6, 4, 6, 20]": {
            "[:then, 4, 6, 4, 6, 20]": 0,
            "[:else, 5, 6, 4, 6, 20]": 4
          }
        }
      }
    },
    "timestamp": 1595577080
  }
}`;

describe('SimpleCov .resultset.json', () => {
  test('lines by index (index 0 is line 1, null not executable), suites merged by summing', () => {
    const report = parse(RESULTSET);
    assert.equal(report.format, 'simplecov');
    assert.deepEqual(pathsOf(report), ['/app/lib/foo.rb', '/app/lib/bar.rb']);
    const [foo, bar] = report.files;
    assert.deepEqual(
      [...foo!.lines],
      [
        [1, 2],
        [3, 1],
        // Not run by RSpec, run 3 times by Minitest.
        [4, 3],
        // Executable in RSpec only.
        [6, 2],
        [7, 0],
      ],
    );
    assert.deepEqual([...bar!.lines], [...byLine({ 1: 1, 2: 0 })]);
    assert.deepEqual(foo!.functions, []);
    assert.equal(foo!.statements, undefined);
  });

  test('branches on their condition\u2019s line, covered when any suite took them', () => {
    const [foo, bar] = parse(RESULTSET).files;
    assert.deepEqual(
      foo!.branches,
      byLine({ 3: { covered: 1, total: 2 }, 6: { covered: 1, total: 2 } }),
    );
    assert.deepEqual(bar!.branches, new Map());
  });

  test('the old format (before 0.18): a file\u2019s value is its lines array', () => {
    const report = parse('{"RSpec": {"coverage": {"/a.rb": [null, 1, 0]}, "timestamp": 1}}');
    assert.deepEqual([...report.files[0]!.lines], [...byLine({ 2: 1, 3: 0 })]);
  });

  test('hits: negative are 0, huge are capped, fractions round up', () => {
    const report = parse('{"R": {"coverage": {"/a.rb": {"lines": [-1, 1e308, 0.5]}}}}');
    assert.deepEqual(
      [...report.files[0]!.lines],
      [...byLine({ 1: 0, 2: Number.MAX_SAFE_INTEGER, 3: 1 })],
    );
  });

  test('a resultset with no suite has no files', () => {
    assert.deepEqual(parse('{}').files, []);
  });
});

describe('malformed SimpleCov resultsets', () => {
  const cases: RefusalCase[] = [
    ['empty', '', undefined, /the file is empty/],
    [
      'truncated',
      RESULTSET.slice(0, 120),
      RESULTSET.slice(0, 120).trimEnd().split('\n').length,
      /ends before the document does/,
    ],
    ['an array', '[]', undefined, /not a SimpleCov .resultset.json: the JSON is an array/],
    [
      'the negative sample',
      '{\n  "test": 1\n}\n',
      undefined,
      /"test" holds 1, not a command's \{"coverage": \{...\}\}/,
    ],
    ['no coverage', '{"RSpec": {"timestamp": 1}}', undefined, /"RSpec" holds \{"timestamp":1\}/],
    [
      'a file without lines',
      '{"RSpec": {"coverage": {"/a.rb": {"branches": {}}}}}',
      undefined,
      /"RSpec".coverage\["\/a.rb"\] is \{"branches":\{\}\}, not \{"lines": \[...\]\}/,
    ],
    [
      'a string hit',
      '{"RSpec": {"coverage": {"/a.rb": {"lines": [1, "ignored"]}}}}',
      undefined,
      /lines\[1\] \(line 2\) is "ignored", not a hit count or null/,
    ],
    [
      'a bad branch key',
      '{"R": {"coverage": {"/a.rb": {"lines": [], "branches": {"if": {}}}}}}',
      undefined,
      /branches has the key "if", not "\[:type, id, line, column, line, column\]"/,
    ],
    [
      'a branch line 0',
      '{"R": {"coverage": {"/a.rb": {"lines": [], "branches": {"[:if, 0, 0, 1, 2, 3]": {}}}}}}',
      undefined,
      /has the key "\[:if, 0, 0, 1, 2, 3\]"/,
    ],
    [
      'a bad branch count',
      '{"R": {"coverage": {"/a.rb": {"lines": [], "branches": {"[:if, 0, 1, 1, 2, 3]": {"[:then, 1, 1, 1, 1, 3]": "x"}}}}}}',
      undefined,
      /\["\[:then, 1, 1, 1, 1, 3\]"\] is "x", not a hit count/,
    ],
    [
      'branches not an object',
      '{"R": {"coverage": {"/a.rb": {"lines": [], "branches": [1]}}}}',
      undefined,
      /branches is \[1\], not an object/,
    ],
  ];
  refusalTests(cases, parse, '.resultset.json');
});

describe('SimpleCov detection', () => {
  test('claims a resultset from its first suite and file', () => {
    assert.ok(detectSimplecov(RESULTSET));
    // The head may cut the first file's lines anywhere.
    assert.ok(detectSimplecov(RESULTSET.slice(0, RESULTSET.indexOf('"lines"') + 12)));
    assert.ok(detectSimplecov('{"RSpec 1/8":{"coverage":{"/a.rb":[null,1]},"timestamp":1}}'));
    assert.ok(
      detectSimplecov('{"RSpec": {"timestamp": 1595577079, "coverage": {"/a.rb": {"lines": ['),
    );
    assert.ok(detectSimplecov('{"RSpec": {"coverage": {}, "timestamp": 1}}'));
  });

  test('claims nothing else', () => {
    assertClaimsNone(detectSimplecov, [
      '{"test": 1}',
      '{"RSpec": {"coverage": 98.5}}',
      '{"RSpec": {"coverage": {"/a.rb": 3}}}',
      '{"version": "3.12", "examples": [], "summary": {}}',
      '{"metrics": {"covered_percent": 80}, "files": []}',
    ]);
    assertClaimedOnlyBy(simplecovParser, RESULTSET);
  });

  test('claims no file of the test-result corpus', NO_CORPUS, () => {
    assertClaimsNoOtherInput(simplecovParser, /(?!)/);
  });
});
