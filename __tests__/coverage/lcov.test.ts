import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectLcov, lcovParser, parseLcov, parseLcovStream } from '../../src/coverage/lcov.js';
import type { CoverageReport } from '../../src/model/coverage.js';
import { assertClaimsNoOtherInput, NO_CORPUS } from '../support/corpus.js';
import { chunksOf } from '../support/counts.js';
import {
  assertClaimedOnlyBy,
  assertClaimsNone,
  assertStreamRefusesLikeWhole,
  assertStreamsLikeWhole,
  byLine,
  coveragePairs,
  fileOf,
  pathsOf,
  refusalTests,
  type RefusalCase,
} from '../support/coverage-tests.js';

const parse = (text: string) => parseLcov(text, { path: 'lcov.info' });

/** What LCOV states: lines, branches and functions, covered of total. */
function totals(report: CoverageReport) {
  const { lines, branches, functions } = coveragePairs(report.files);
  return { lines, branches, functions };
}

/** What Istanbul's lcov reporter writes (c8, Jest, nyc), trimmed: FN/FNDA, DA, BRDA. */
const ISTANBUL = `TN:
SF:src/lib.js
FN:1,classify
FN:10,unused
FN:14,arrow
FNF:3
FNH:2
FNDA:2,classify
FNDA:0,unused
FNDA:1,arrow
DA:1,1
DA:2,2
DA:3,1
DA:5,0
DA:10,1
DA:11,0
DA:14,1
LF:7
LH:5
BRDA:2,0,0,1
BRDA:2,0,1,1
BRDA:4,1,0,0
BRDA:4,1,1,-
BRDA:14,2,0,1
BRF:5
BRH:3
end_of_record
TN:
SF:src/main.js
FNF:0
FNH:0
DA:1,1
DA:2,1
LF:2
LH:2
BRF:0
BRH:0
end_of_record
`;

describe('LCOV records', () => {
  test('lines from DA, branches per line from BRDA (- is 0), functions from FN and FNDA', () => {
    const report = parse(ISTANBUL);
    assert.equal(report.format, 'lcov');
    assert.deepEqual(report.sourceRoots, []);
    assert.deepEqual(pathsOf(report), ['src/lib.js', 'src/main.js']);
    const lib = fileOf(report, 'src/lib.js');
    assert.deepEqual(lib.lines, byLine({ 1: 1, 2: 2, 3: 1, 5: 0, 10: 1, 11: 0, 14: 1 }));
    assert.deepEqual(
      lib.branches,
      byLine({
        2: { covered: 2, total: 2 },
        4: { covered: 0, total: 2 },
        14: { covered: 1, total: 1 },
      }),
    );
    assert.deepEqual(lib.functions, [
      { name: 'classify', line: 1, hits: 2 },
      { name: 'unused', line: 10, hits: 0 },
      { name: 'arrow', line: 14, hits: 1 },
    ]);
    assert.equal(lib.statements, undefined);
    assert.equal(lib.totals, undefined);
    assert.deepEqual(totals(report), { lines: [7, 9], branches: [3, 5], functions: [2, 3] });
  });

  test('totals are recounted from the records, never taken from LF/LH, BRF/BRH or FNF/FNH', () => {
    const report = parse(`SF:a.c
FN:3,f
FNDA:0,f
FNF:9
FNH:9
DA:3,0
DA:4,5
LF:100
LH:100
BRDA:4,0,0,0
BRF:40
BRH:40
end_of_record
`);
    assert.deepEqual(totals(report), { lines: [1, 2], branches: [0, 1], functions: [0, 1] });
  });

  test('the same SF twice merges by counts: lines, branches and functions add up', () => {
    const report = parse(`TN:unit
SF:/src/a.c
FN:1,main
FNDA:1,main
DA:1,1
DA:2,0
DA:3,4
BRDA:2,0,0,0
BRDA:2,0,1,3
end_of_record
SF:/src/b.c
DA:7,1
end_of_record
TN:integration
SF:/src/a.c
FN:1,main
FN:9,helper
FNDA:2,main
FNDA:0,helper
DA:2,6
DA:3,1
DA:9,0
BRDA:2,0,0,5
BRDA:2,0,1,-
end_of_record
`);
    assert.equal(report.files.length, 2);
    const a = fileOf(report, '/src/a.c');
    assert.deepEqual(a.lines, byLine({ 1: 1, 2: 6, 3: 5, 9: 0 }));
    // Branch 0 was taken only in the second run, branch 1 only in the first: both covered.
    assert.deepEqual(a.branches, byLine({ 2: { covered: 2, total: 2 } }));
    assert.deepEqual(a.functions, [
      { name: 'main', line: 1, hits: 3 },
      { name: 'helper', line: 9, hits: 0 },
    ]);
  });

  test('FN with an end line (lcov 2), names with commas, and FNDA without its FN', () => {
    const report = parse(`SF:x.cs
FN:12,20,System.Void A::M(System.String,System.Int32)
FN:30,B::<Lambda>b__0_1(int)
FNDA:4,System.Void A::M(System.String,System.Int32)
FNDA:0,B::<Lambda>b__0_1(int)
FNDA:7,orphan
DA:12,4
end_of_record
`);
    assert.deepEqual(fileOf(report, 'x.cs').functions, [
      { name: 'System.Void A::M(System.String,System.Int32)', line: 12, hits: 4 },
      { name: 'B::<Lambda>b__0_1(int)', line: 30, hits: 0 },
      { name: 'orphan', hits: 7 },
    ]);
  });

  test('two functions of one name (V8 names methods alike): the k-th FNDA goes to the k-th FN', () => {
    const report = parse(`SF:a.js
FN:3,render
FN:20,render
FNDA:5,render
FNDA:0,render
DA:3,5
DA:20,0
end_of_record
`);
    assert.deepEqual(fileOf(report, 'a.js').functions, [
      { name: 'render', line: 3, hits: 5 },
      { name: 'render', line: 20, hits: 0 },
    ]);
  });

  test('lcov 2.2 FNL/FNA: one function per index, hits summed over its aliases', () => {
    const report = parse(`SF:calc.cpp
FNL:0,3,4
FNA:0,1,_ZN4Calc3addEdd
FNL:1,7,12
FNA:1,2,_ZN4Calc6divideEdd
FNA:1,3,_ZN4Calc6divideEdd.cold
FNL:2,14
FNA:2,0,unused
FNF:3
FNH:2
DA:3,1
end_of_record
`);
    assert.deepEqual(fileOf(report, 'calc.cpp').functions, [
      { name: '_ZN4Calc3addEdd', line: 3, hits: 1 },
      { name: '_ZN4Calc6divideEdd', line: 7, hits: 5 },
      { name: 'unused', line: 14, hits: 0 },
    ]);
  });

  test('DA checksums, lcov 2 exception branches and expression names, VER and MCDC are read or passed over', () => {
    const report = parse(`VER:2.3
TN:
SF:m.c
DA:1,3,7b0ae7ee2b6b3ac41c9b4fd19dfc8fc4
DA:2,0,00000000000000000000000000000000
BRDA:1,e0,0,1
BRDA:1,0,(a > 0) && (b, c),0
BRDA:1,0,!(a > 0),-
MCDC:1,2,t,1,0,a > 0
end_of_record
`);
    const m = fileOf(report, 'm.c');
    assert.deepEqual(m.lines, byLine({ 1: 3, 2: 0 }));
    assert.deepEqual(m.branches, byLine({ 1: { covered: 1, total: 3 } }));
  });

  test('negative hits (gcov) are 0, huge ones capped, fractions round up; DA line 0 is ignored', () => {
    const report = parse(`SF:n.c
DA:0,4
DA:1,-1
DA:2,-18446744073709551615
DA:3,18446744073709551615
DA:4,1e308
DA:5,0.25
DA:6,+2
FNDA:-3,f
BRDA:3,0,0,-2
end_of_record
`);
    const n = fileOf(report, 'n.c');
    assert.deepEqual(
      n.lines,
      byLine({ 1: 0, 2: 0, 3: Number.MAX_SAFE_INTEGER, 4: Number.MAX_SAFE_INTEGER, 5: 1, 6: 2 }),
    );
    assert.deepEqual(n.functions, [{ name: 'f', hits: 0 }]);
    assert.deepEqual(n.branches, byLine({ 3: { covered: 0, total: 1 } }));
  });

  test('Windows paths are kept as written; CRLF, a BOM, indentation and end_of_record with blanks are fine', () => {
    const text =
      '\uFEFFTN:\r\nSF:C:\\temp\\sub\\calculator.cpp\r\n  DA:1,2\r\nDA:2,0\r\nend_of_record \r\n';
    const report = parse(text);
    assert.deepEqual(
      report.files.map((f) => [f.path, [...f.lines]]),
      [
        [
          'C:\\temp\\sub\\calculator.cpp',
          [
            [1, 2],
            [2, 0],
          ],
        ],
      ],
    );
  });

  test('a last record without end_of_record (the writer stopped) still counts; a new SF ends a record', () => {
    const report = parse('SF:a.c\nDA:1,1\nSF:b.c\nFN:2,g\nFNDA:1,g\nDA:2,1');
    assert.deepEqual(
      report.files.map((f) => [f.path, f.lines.size, f.functions.length]),
      [
        ['a.c', 1, 0],
        ['b.c', 1, 1],
      ],
    );
    assert.deepEqual(fileOf(report, 'b.c').functions, [{ name: 'g', line: 2, hits: 1 }]);
  });
});

describe('malformed LCOV', () => {
  const cases: RefusalCase[] = [
    ['empty', '', undefined, /the file is empty/],
    ['blank', '\n\n  \n', undefined, /the file is empty/],
    ['no SF', 'TN:x\nend_of_record\n', undefined, /no SF record/],
    [
      'garbage line',
      'SF:a\nDA:1,1\nthis is not lcov\n',
      3,
      /not an LCOV record: "this is not lcov"/,
    ],
    ['DA before SF', 'TN:\nDA:1,1\n', 2, /DA outside a record: there is no SF before it/],
    ['cut DA', 'SF:a\nDA:12,', 2, /DA has no hit count/],
    ['DA without hits', 'SF:a\nDA:12\n', 2, /DA has no hit count/],
    ['NaN hits', 'SF:a\nDA:1,NaN\n', 2, /DA has "NaN" where a hit count belongs/],
    ['word hits', 'SF:a\nDA:1,many\n', 2, /"many" where a hit count belongs/],
    ['bad line', 'SF:a\nDA:x,1\n', 2, /DA has "x" where a line number belongs/],
    ['negative line', 'SF:a\nDA:-4,1\n', 2, /"-4" where a line number belongs/],
    ['line past 2^31', 'SF:a\nDA:1e308,1\n', 2, /"1e308" where a line number belongs/],
    ['huge line', 'SF:a\nDA:99999999999,1\n', 2, /"99999999999" where a line number belongs/],
    ['short BRDA', 'SF:a\nBRDA:1,0,1\n', 2, /BRDA needs line, block, branch and taken/],
    ['BRDA taken', 'SF:a\nBRDA:1,0,0,yes\n', 2, /BRDA has "yes" where a hit count belongs/],
    ['FN without name', 'SF:a\nFN:12\n', 2, /FN needs a line and a name/],
    ['FNDA without name', 'SF:a\nFNDA:3\n', 2, /FNDA needs hits and a name/],
    ['FNA short', 'SF:a\nFNA:0,3\n', 2, /FNA needs an index, hits and a name/],
    ['SF without path', 'SF:\nDA:1,1\n', 1, /SF without a path/],
  ];
  refusalTests(cases, parse, 'lcov.info');
});

describe('LCOV streaming', () => {
  test('chunks split at every position give what the whole text gives', async () => {
    // CRLF in the first lines, so a split between \r and \n is tried too.
    const text = ISTANBUL.replace('\n', '\r\n').replace('FNF:3\n', 'FNF:3\r\n');
    await assertStreamsLikeWhole(lcovParser, text, 'lcov.info', [1, 2, 3, 7, 64]);
  });

  test('a stream refuses what the whole text refuses, on the same line', async () => {
    const text = 'SF:a\nDA:1,1\nDA:2,oops\n';
    const whole = await assertStreamRefusesLikeWhole(lcovParser, text, 'big.info', [3]);
    assert.equal(whole.line, 3);
    assert.match(whole.reason, /"oops"/);
  });

  test('a large tracefile streams to the same counts', async () => {
    const records: string[] = [];
    for (let f = 0; f < 200; f++) {
      records.push(`SF:src/f${f}.ts`);
      for (let line = 1; line <= 500; line++) records.push(`DA:${line},${line % 3}`);
      records.push('end_of_record');
    }
    const text = records.join('\n') + '\n';
    const report = await parseLcovStream(chunksOf(text, 65536), { path: 'big.info' });
    assert.equal(report.files.length, 200);
    // Lines 1 to 500 whose number is no multiple of 3 ran: 334 of them.
    assert.deepEqual(totals(report).lines, [200 * 334, 200 * 500]);
  });
});

describe('LCOV detection', () => {
  test('claims tracefiles from their first records', () => {
    assert.ok(detectLcov(ISTANBUL));
    assert.ok(detectLcov('SF:C:\\temp\\a.cs\nDA:1,1\n'));
    assert.ok(detectLcov('\uFEFFVER:2.3\nTN:\nSF:a.c\n'));
    assert.ok(detectLcov('TN:\r\nSF:a.c\r\nDA:1,1\r\n'));
    // The head may cut the last line anywhere.
    assert.ok(detectLcov('TN:\nSF:a.c\nDA:1,1\nDA:2'));
    assert.ok(detectLcov(ISTANBUL.slice(0, 100)));
  });

  test('claims nothing else', () => {
    assertClaimsNone(detectLcov, [
      '',
      'TAP version 13\nok 1 - a\n',
      '<?xml version="1.0"?>\n<testsuites/>',
      'mode: set\na.go:1.1,2.2 1 1\n',
      '{"total": {"lines": {"total": 1}}}',
      'TN:\nsome other text\nSF:a\n',
      'DA:1,1\n',
      'Name    Stmts   Miss  Cover\n',
      'TN: a test name\nok 1 - passes\n',
    ]);
  });

  test('the other coverage parsers do not claim a tracefile', () => {
    assertClaimedOnlyBy(lcovParser, ISTANBUL);
  });

  test('claims no file of the test-result corpus', NO_CORPUS, () => {
    assertClaimsNoOtherInput(lcovParser, /(?!)/);
  });
});
