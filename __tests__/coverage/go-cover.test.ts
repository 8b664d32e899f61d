import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectGoCover, goCoverParser, parseGoCover } from '../../src/coverage/go-cover.js';
import { assertClaimsNoOtherInput, NO_CORPUS } from '../support/corpus.js';
import {
  assertClaimedOnlyBy,
  assertClaimsNone,
  assertStreamRefusesLikeWhole,
  assertStreamsLikeWhole,
  byLine,
  coverageTotals,
  fileOf,
  pathsOf,
  refusal,
  refusalTests,
  type RefusalCase,
} from '../support/coverage-tests.js';

const parse = (text: string) => parseGoCover(text, { path: 'c.out' });

/**
 * calc.go as `go test -coverprofile -covermode=count` writes it for:
 *
 *  3 func Sign(n int) int {
 *  4 	if n > 0 {
 *  5 		return 1
 *  6 	}
 *  7 	if n < 0 {
 *  8 		return -1
 *  9 	}
 * 10 	return 0
 * 11 }
 * 12
 * 13 func Unused() int {
 * 14 	return 42
 * 15 }
 *
 * with Sign(5) and Sign(0) run.
 */
const CALC = `mode: count
example.com/m/calc/calc.go:3.24,4.11 1 2
example.com/m/calc/calc.go:4.11,6.3 1 1
example.com/m/calc/calc.go:7.2,7.11 1 1
example.com/m/calc/calc.go:7.11,9.3 1 0
example.com/m/calc/calc.go:10.2,10.10 1 1
example.com/m/calc/calc.go:13.20,15.2 1 0
example.com/m/other/other.go:5.14,7.2 2 3
`;

describe('Go coverprofile blocks', () => {
  test('statements: numStmts of every block, covered when its count is above 0', () => {
    const report = parse(CALC);
    assert.equal(report.format, 'go');
    assert.deepEqual(
      report.files.map((f) => [f.path, f.statements]),
      [
        ['example.com/m/calc/calc.go', { covered: 4, total: 6 }],
        ['example.com/m/other/other.go', { covered: 2, total: 2 }],
      ],
    );
    assert.deepEqual(coverageTotals(report.files).statements, { covered: 6, total: 8 });
  });

  test('lines: every line a block spans, with the highest count of the blocks spanning it', () => {
    const calc = fileOf(parse(CALC), 'example.com/m/calc/calc.go');
    assert.deepEqual(
      [...calc.lines],
      [
        [3, 2],
        // The if line starts the body's block too: covered since the condition ran.
        [4, 2],
        [5, 1],
        [6, 1],
        // Line 7 holds the second condition (ran) and starts its body's block (did not).
        [7, 1],
        [8, 0],
        [9, 0],
        [10, 1],
        [13, 0],
        [14, 0],
        [15, 0],
      ],
    );
    assert.deepEqual(calc.branches, new Map());
    assert.deepEqual(calc.functions, []);
  });

  test('a repeated block adds its counts in count and atomic mode', () => {
    for (const mode of ['count', 'atomic']) {
      const report = parse(`mode: ${mode}
github.com/o/r/a.go:1.10,3.2 2 0
github.com/o/r/a.go:5.10,6.2 1 4
github.com/o/r/a.go:1.10,3.2 2 3
github.com/o/r/a.go:5.10,6.2 1 5
github.com/o/r/a.go:8.10,9.2 1 0
`);
      const a = fileOf(report, 'github.com/o/r/a.go');
      assert.deepEqual(a.statements, { covered: 3, total: 4 }, mode);
      assert.deepEqual(
        [...a.lines],
        [...byLine({ 1: 3, 2: 3, 3: 3, 5: 9, 6: 9, 8: 0, 9: 0 })],
        mode,
      );
    }
  });

  test('a repeated block in set mode is covered if any run covered it', () => {
    const report = parse(`mode: set
a/b.go:1.10,2.2 3 1
a/b.go:4.10,5.2 1 0
a/b.go:1.10,2.2 3 0
a/b.go:4.10,5.2 1 0
a/b.go:1.10,2.2 3 1
`);
    const b = fileOf(report, 'a/b.go');
    assert.deepEqual(b.statements, { covered: 3, total: 4 });
    assert.deepEqual([...b.lines], [...byLine({ 1: 1, 2: 1, 4: 0, 5: 0 })]);
  });

  test('blocks of one span with other columns are distinct blocks', () => {
    const report = parse('mode: count\na.go:3.2,3.10 1 0\na.go:3.12,3.20 1 2\n');
    assert.deepEqual(fileOf(report, 'a.go').statements, { covered: 1, total: 2 });
    assert.deepEqual([...fileOf(report, 'a.go').lines], [[3, 2]]);
  });

  test('profiles concatenated whole (a mode line again), CRLF, a BOM and blank lines are fine', () => {
    const report = parse(
      '\uFEFFmode: atomic\r\na.go:1.1,1.9 1 1\r\n\r\nmode: atomic\r\nb.go:2.1,2.9 1 0\r\n',
    );
    assert.deepEqual(
      report.files.map((f) => [f.path, f.statements]),
      [
        ['a.go', { covered: 1, total: 1 }],
        ['b.go', { covered: 0, total: 1 }],
      ],
    );
  });

  test('paths are kept as written: import paths, Windows paths with a drive colon', () => {
    const report = parse(
      'mode: set\ngithub.com/o/r/v2/pkg/x.go:1.1,1.5 1 1\nC:\\src\\m\\x.go:2.1,2.5 1 0\n',
    );
    assert.deepEqual(pathsOf(report), ['github.com/o/r/v2/pkg/x.go', 'C:\\src\\m\\x.go']);
  });

  test('counts above 2^53 are capped', () => {
    const report = parse('mode: count\na.go:1.1,1.5 1 99999999999999999999\na.go:1.1,1.5 1 5\n');
    assert.deepEqual([...fileOf(report, 'a.go').lines], [[1, Number.MAX_SAFE_INTEGER]]);
  });

  test('a profile with the mode line only has no files', () => {
    assert.deepEqual(parse('mode: set\n').files, []);
  });
});

describe('malformed Go coverprofiles', () => {
  const cases: RefusalCase[] = [
    ['empty', '', undefined, /the file is empty/],
    [
      'no mode line',
      'a.go:1.1,2.2 1 1\n',
      1,
      /the first line should be "mode: set\|count\|atomic"/,
    ],
    ['unknown mode', 'mode: sometimes\n', 1, /mode "sometimes" is none of set, count, atomic/],
    ['two modes', 'mode: set\na.go:1.1,1.2 1 1\nmode: count\n', 3, /mode "count" after mode "set"/],
    [
      'garbage',
      'mode: set\na.go:1.1,2.2 1 1\nok  \texample.com/m\t0.1s\n',
      3,
      /not a coverprofile block/,
    ],
    ['cut line', 'mode: set\na.go:1.1,2.2 1', 2, /not a coverprofile block/],
    ['negative count', 'mode: count\na.go:1.1,2.2 1 -1\n', 2, /not a coverprofile block/],
    ['no file', 'mode: set\n:1.1,2.2 1 1\n', 2, /not a coverprofile block/],
    ['line 0', 'mode: set\na.go:0.1,2.2 1 1\n', 2, /no line number/],
    ['line past 2^31', 'mode: set\na.go:1.1,99999999999.2 1 1\n', 2, /no line number/],
    [
      'ends before it starts',
      'mode: set\na.go:115.45,21.2 1 1\n',
      2,
      /ends on line 21, before it starts \(line 115\)/,
    ],
    [
      'a block of a billion lines',
      'mode: set\na.go:1.1,1000000000.2 1 1\n',
      2,
      /spans 1000000000 lines/,
    ],
    [
      'two statement counts',
      'mode: set\na.go:1.1,2.2 1 1\na.go:1.1,2.2 2 1\n',
      3,
      /stated with 1 statements, now 2/,
    ],
  ];
  refusalTests(cases, parse, 'c.out');

  test('many long blocks cannot make millions of lines from a small file', () => {
    const blocks = Array.from({ length: 200 }, (_, i) => `f${i}.go:1.1,90000.2 1 1`);
    const error = refusal(() => parse(`mode: set\n${blocks.join('\n')}\n`));
    assert.match(error.reason, /blocks span \d+ lines, far more than Go's blocks do/);
  });
});

describe('Go coverprofile streaming', () => {
  test('chunks split at every position give what the whole text gives', async () => {
    const text = CALC.replace('\n', '\r\n');
    await assertStreamsLikeWhole(goCoverParser, text, 'c.out', [1, 2, 5, 33]);
  });

  test('a stream refuses on the line the whole text refuses on', async () => {
    const text = 'mode: set\na.go:1.1,1.2 1 1\nnope\n';
    const whole = await assertStreamRefusesLikeWhole(goCoverParser, text, 'c.out', [4]);
    assert.equal(whole.line, 3);
  });
});

describe('Go coverprofile detection', () => {
  test('claims a profile from its mode line and first block', () => {
    assert.ok(detectGoCover(CALC));
    assert.ok(detectGoCover('mode: atomic\n'));
    assert.ok(detectGoCover('mode: set'));
    assert.ok(detectGoCover('\uFEFFmode: set\r\nC:\\m\\x.go:1.1,2.2 1 0\r\n'));
    // The head may cut the first block anywhere.
    assert.ok(detectGoCover('mode: count\ngithub.com/o/r/a.go:1.1,2'));
  });

  test('claims nothing else', () => {
    assertClaimsNone(detectGoCover, [
      '',
      '{"Time":"2025-01-01T00:00:00Z","Action":"start","Package":"example.com/m"}\n',
      'ok  \texample.com/m\t0.012s\tcoverage: 80.0% of statements\n',
      'mode: set, count\n',
      'Mode: set\na.go:1.1,2.2 1 1\n',
      'mode: set\nthis is not a block\n',
      'TN:\nSF:a.go\n',
      'pkg/testcoverage/badge.go;33;33\n',
    ]);
  });

  test('the other coverage parsers do not claim a profile', () => {
    assertClaimedOnlyBy(goCoverParser, CALC);
  });

  test('claims no file of the test-result corpus', NO_CORPUS, () => {
    assertClaimsNoOtherInput(goCoverParser, /(?!)/);
  });
});
