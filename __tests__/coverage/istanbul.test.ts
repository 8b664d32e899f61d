import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  detectIstanbul,
  detectIstanbulSummary,
  istanbulParser,
  istanbulSummaryParser,
  parseIstanbul,
  parseIstanbulSummary,
} from '../../src/coverage/istanbul.js';
import { assertClaimsNoOtherInput, NO_CORPUS } from '../support/corpus.js';
import {
  assertClaimedOnlyBy,
  assertClaimsNone,
  byLine,
  coverageTotals,
  pathsOf,
  refusal,
  refusalTests,
  type RefusalCase,
} from '../support/coverage-tests.js';

const parse = (text: string) => parseIstanbul(text, { path: 'coverage-final.json' });
const parseSummary = (text: string) =>
  parseIstanbulSummary(text, { path: 'coverage-summary.json' });
const at = (line: number, column = 0) => ({ line, column });
const span = (from: number, to = from) => ({ start: at(from, 2), end: at(to, 30) });

/** One file as istanbul-lib-instrument writes it (nyc, Jest, babel-plugin-istanbul). */
const LIB = {
  path: '/repo/src/lib.js',
  statementMap: {
    '0': span(1),
    // Two statements on line 2: the line has the higher count.
    '1': span(2),
    '2': span(2),
    // A statement over lines 3 to 5 counts on line 3 only.
    '3': span(3, 5),
    '4': span(7),
    '5': span(8),
  },
  fnMap: {
    '0': { name: 'classify', decl: span(1), loc: span(1, 8), line: 1 },
    // The line of its declaration, as Istanbul's lcov reporter writes FN (decorators or a
    // wrapped signature put loc elsewhere).
    '1': { name: '(anonymous_1)', decl: span(7), loc: span(6, 9), line: 6 },
  },
  branchMap: {
    '0': { loc: span(2), type: 'if', locations: [span(2), span(2)], line: 2 },
    '1': {
      loc: span(8),
      type: 'binary-expr',
      locations: [span(8), span(8), span(8)],
      line: 8,
    },
    // Another branch on line 8: the line's branches add up.
    '2': { loc: span(8), type: 'cond-expr', locations: [span(8), span(8)], line: 8 },
  },
  s: { '0': 1, '1': 3, '2': 4, '3': 2, '4': 0, '5': 0 },
  f: { '0': 3, '1': 0 },
  b: { '0': [4, 0], '1': [0, 0, 1], '2': [0, 0] },
  _coverageSchema: '1a1c01bbd47fc00a2c39e90264f33305004495a9',
  hash: 'c0ffee',
};

describe('Istanbul coverage-final.json', () => {
  test('lines as getLineCoverage(): statement start lines, the highest count of a line', () => {
    const report = parse(JSON.stringify({ '/repo/src/lib.js': LIB }));
    assert.equal(report.format, 'istanbul');
    assert.deepEqual(report.sourceRoots, []);
    const [lib] = report.files;
    assert.equal(lib!.path, '/repo/src/lib.js');
    assert.deepEqual([...lib!.lines], [...byLine({ 1: 1, 2: 4, 3: 2, 7: 0, 8: 0 })]);
  });

  test('statements from s, functions from fnMap/f, branches per line from branchMap/b', () => {
    const [lib] = parse(JSON.stringify({ '/repo/src/lib.js': LIB })).files;
    assert.deepEqual(lib!.statements, { covered: 4, total: 6 });
    assert.deepEqual(lib!.functions, [
      { name: 'classify', line: 1, hits: 3 },
      { name: '(anonymous_1)', line: 7, hits: 0 },
    ]);
    assert.deepEqual(
      lib!.branches,
      byLine({ 2: { covered: 1, total: 2 }, 8: { covered: 1, total: 5 } }),
    );
  });

  test('the key is the path when there is no path field; the data may sit under "data"', () => {
    const withoutPath: Partial<typeof LIB> = { ...LIB };
    delete withoutPath.path;
    const report = parse(
      JSON.stringify({
        'src/a.js': withoutPath,
        'src/b.js': { data: { ...LIB, path: 'src/b.js' } },
      }),
    );
    assert.deepEqual(
      report.files.map((f) => [f.path, f.statements]),
      [
        ['src/a.js', { covered: 4, total: 6 }],
        ['src/b.js', { covered: 4, total: 6 }],
      ],
    );
  });

  test('a count without its statement counts as a statement but has no line, as in Istanbul', () => {
    const report = parse(
      JSON.stringify({ 'a.js': { statementMap: { '0': span(4) }, s: { '0': 2, '9': 1 } } }),
    );
    const [a] = report.files;
    assert.deepEqual([...a!.lines], [[4, 2]]);
    assert.deepEqual(a!.statements, { covered: 2, total: 2 });
    assert.deepEqual(a!.functions, []);
    assert.deepEqual(a!.branches, new Map());
  });

  test('functions and branches without decl or loc take their line from elsewhere', () => {
    const report = parse(
      JSON.stringify({
        'a.js': {
          statementMap: {},
          s: {},
          fnMap: { '0': { name: 'old', line: 12 }, '1': { name: 'nowhere' } },
          f: { '0': 1, '1': 0, '2': 5 },
          branchMap: {
            '0': { line: 3, locations: [] },
            '1': { locations: [span(9)] },
          },
          b: { '0': [1, 1], '1': [0, 2], '2': [1] },
        },
      }),
    );
    const [a] = report.files;
    assert.deepEqual(a!.functions, [
      { name: 'old', line: 12, hits: 1 },
      { name: 'nowhere', hits: 0 },
      { name: '(anonymous_2)', hits: 5 },
    ]);
    // A branch without a map entry is left out, as Istanbul's lcov reporter leaves it.
    assert.deepEqual(
      a!.branches,
      byLine({ 3: { covered: 2, total: 2 }, 9: { covered: 1, total: 2 } }),
    );
  });

  test('hits: negative are 0, fractions round up, huge are capped, numeric strings are read', () => {
    const report = parse(
      JSON.stringify({
        'a.js': {
          statementMap: { '0': span(1), '1': span(2), '2': span(3), '3': span(4) },
          s: { '0': -5, '1': 0.2, '2': 1e308, '3': '7' },
        },
      }),
    );
    assert.deepEqual(
      [...report.files[0]!.lines],
      [...byLine({ 1: 0, 2: 1, 3: Number.MAX_SAFE_INTEGER, 4: 7 })],
    );
  });

  test('an empty map has no files', () => {
    assert.deepEqual(parse('{}').files, []);
  });

  test('a Jest --json --coverage report is read through its coverageMap', () => {
    const jest = {
      numFailedTestSuites: 0,
      numTotalTests: 1,
      testResults: [{ name: '/repo/a.test.js', status: 'passed', assertionResults: [] }],
      coverageMap: { '/repo/src/lib.js': LIB },
    };
    const report = parse(JSON.stringify(jest));
    assert.deepEqual(
      report.files.map((f) => [f.path, f.statements]),
      [['/repo/src/lib.js', { covered: 4, total: 6 }]],
    );
    const error = refusal(() =>
      parse(JSON.stringify({ numTotalTests: 1, testResults: [], success: true })),
    );
    assert.match(error.reason, /a Jest JSON report without coverage.*--coverage/);
  });
});

describe('malformed coverage-final.json', () => {
  const cases: RefusalCase[] = [
    ['empty', '', undefined, /the file is empty/],
    [
      'truncated',
      '{"a.js": {"statementMap": {"0": {"start": {"line": 1',
      1,
      /ends before the document does/,
    ],
    ['not JSON', 'TN:\nSF:a.js\n', 1, /not JSON/],
    ['an array', '[1, 2]', undefined, /not an Istanbul coverage-final.json: the JSON is an array/],
    ['a file that is a number', '{"a.js": 3}', undefined, /"a.js" is 3, not a file's coverage/],
    [
      'no statementMap',
      '{"a.js": {"s": {}}}',
      undefined,
      /"a.js" is an object, not a file's coverage with "statementMap" and "s"/,
    ],
    ['a test result file', '{"test": 1}', undefined, /"test" is 1, not a file's coverage/],
    [
      's not a count',
      '{"a.js": {"statementMap": {}, "s": {"0": "lots"}}}',
      undefined,
      /"a.js" s\["0"\] is "lots", not a hit count/,
    ],
    [
      's null',
      '{"a.js": {"statementMap": {}, "s": {"0": null}}}',
      undefined,
      /s\["0"\] is null, not a hit count/,
    ],
    [
      'b not an array',
      '{"a.js": {"statementMap": {}, "s": {}, "b": {"0": 1}}}',
      undefined,
      /"a.js" b\["0"\] is 1, not an array of counts/,
    ],
    [
      'f not an object',
      '{"a.js": {"statementMap": {}, "s": {}, "f": [1]}}',
      undefined,
      /"a.js" has an array as "f"/,
    ],
    [
      'bad line',
      '{"a.js": {"statementMap": {"0": {"start": {"line": "x"}}}, "s": {"0": 1}}}',
      undefined,
      /"a.js" statementMap\["0"\] has "x" as its line/,
    ],
    [
      'line 1e308',
      '{"a.js": {"statementMap": {"0": {"start": {"line": 1e308}}}, "s": {"0": 1}}}',
      undefined,
      /has 1e\+308 as its line/,
    ],
    [
      'negative line',
      '{"a.js": {"statementMap": {"0": {"start": {"line": -2}}}, "s": {"0": 1}}}',
      undefined,
      /has -2 as its line/,
    ],
  ];
  refusalTests(cases, parse, 'coverage-final.json');
});

/** What c8/nyc write with the json-summary reporter (compact, as they write it). */
const SUMMARY = `{"total": {"lines":{"total":16,"covered":12,"skipped":0,"pct":75},"statements":{"total":16,"covered":12,"skipped":0,"pct":75},"functions":{"total":3,"covered":2,"skipped":0,"pct":66.66},"branches":{"total":7,"covered":5,"skipped":0,"pct":71.42},"branchesTrue":{"total":0,"covered":0,"skipped":0,"pct":"Unknown"}}
,"/tmp/c8try/lib.js": {"lines":{"total":14,"covered":10,"skipped":0,"pct":71.42},"functions":{"total":3,"covered":2,"skipped":0,"pct":66.66},"statements":{"total":14,"covered":10,"skipped":0,"pct":71.42},"branches":{"total":6,"covered":4,"skipped":0,"pct":66.66}}
,"/tmp/c8try/main.js": {"lines":{"total":2,"covered":2,"skipped":0,"pct":100},"functions":{"total":0,"covered":0,"skipped":0,"pct":"Unknown"},"statements":{"total":2,"covered":2,"skipped":0,"pct":100},"branches":{"total":1,"covered":1,"skipped":0,"pct":100}}
}
`;

describe('Istanbul coverage-summary.json', () => {
  test('per-file totals; the total entry is no file; pct is not read ("Unknown" too)', () => {
    const report = parseSummary(SUMMARY);
    assert.equal(report.format, 'istanbul-summary');
    assert.deepEqual(pathsOf(report), ['/tmp/c8try/lib.js', '/tmp/c8try/main.js']);
    const [lib] = report.files;
    assert.deepEqual(lib!.totals, {
      lines: { covered: 10, total: 14 },
      statements: { covered: 10, total: 14 },
      functions: { covered: 2, total: 3 },
      branches: { covered: 4, total: 6 },
    });
    assert.deepEqual(lib!.lines, new Map());
    assert.deepEqual(lib!.branches, new Map());
    assert.deepEqual(lib!.functions, []);
    assert.equal(lib!.statements, undefined);
    // The files' totals add up to the total entry.
    assert.deepEqual(coverageTotals(report.files), {
      lines: { covered: 12, total: 16 },
      statements: { covered: 12, total: 16 },
      functions: { covered: 2, total: 3 },
      branches: { covered: 5, total: 7 },
    });
  });

  test('a metric a file lacks is left out; numeric strings are read; a total alone has no files', () => {
    const report = parseSummary(
      JSON.stringify({
        total: { lines: { total: 3, covered: 1, pct: 33.33 } },
        'a.js': { lines: { total: '3', covered: '1', pct: '33.33' } },
      }),
    );
    assert.deepEqual(report.files[0]!.totals, { lines: { covered: 1, total: 3 } });
    assert.deepEqual(
      parseSummary('{"total": {"lines": {"total": 0, "covered": 0, "pct": 100}}}').files,
      [],
    );
  });

  const cases: RefusalCase[] = [
    ['empty', ' \n', undefined, /the file is empty/],
    ['truncated', '{"total": {"lines": {"total": 3,', 1, /ends before the document does/],
    [
      'no total',
      '{"a.js": {"lines": {"total": 1, "covered": 1}}}',
      undefined,
      /not an Istanbul coverage-summary.json: there is no "total" entry/,
    ],
    ['the negative sample', '{\n  "test": 1\n}\n', undefined, /there is no "total" entry/],
    [
      'a file that is a string',
      '{"total": {"lines": {"total": 1, "covered": 1}}, "a.js": "x"}',
      undefined,
      /"a.js" is "x", not an object of totals/,
    ],
    [
      'no metric',
      '{"total": {"lines": {"total": 1, "covered": 1}}, "a.js": {"pct": 1}}',
      undefined,
      /"a.js" has none of lines, statements, functions, branches/,
    ],
    [
      'metric not an object',
      '{"total": {"lines": 5}}',
      undefined,
      /"total".lines is 5, not \{total, covered\}/,
    ],
    [
      'negative',
      '{"total": {"lines": {"total": 5, "covered": -1}}}',
      undefined,
      /"total".lines.covered is -1, not a count/,
    ],
    [
      '1e308',
      '{"total": {"lines": {"total": 1e308, "covered": 1}}}',
      undefined,
      /"total".lines.total is 1e\+308, not a count/,
    ],
    [
      'missing covered',
      '{"total": {"branches": {"total": 5}}}',
      undefined,
      /"total".branches.covered is missing, not a count/,
    ],
    [
      'covered above total',
      '{"total": {"lines": {"total": 2, "covered": 3}}}',
      undefined,
      /"total".lines has 3 covered of 2/,
    ],
  ];
  refusalTests(cases, parseSummary, 'coverage-summary.json', (name) => `refuses: ${name}`);
});

const FINAL_TEXT = JSON.stringify({ '/repo/src/lib.js': LIB });
const FINAL_PRETTY = JSON.stringify({ '/repo/src/lib.js': LIB }, null, '\t');

describe('Istanbul detection', () => {
  test('coverage-final.json: a file key whose object starts with coverage keys', () => {
    assert.ok(detectIstanbul(FINAL_TEXT));
    assert.ok(detectIstanbul(FINAL_PRETTY));
    assert.ok(detectIstanbul(`\uFEFF${FINAL_PRETTY}`.slice(0, 200)));
    assert.ok(detectIstanbul('{"C:\\\\repo\\\\a.js": {"statementMap": {"0": '));
    assert.ok(detectIstanbul('{"a.js": {"all": false, "path": "a.js", "statementMap": {}'));
    assertClaimsNone(detectIstanbul, [
      '{}',
      '{"a.js": {"path": "a.js"}}',
      '{"compilerOptions": {"paths": {}}, "statementMap": 1}',
      SUMMARY,
    ]);
  });

  test('coverage-summary.json: the total entry first, with a metric first', () => {
    assert.ok(detectIstanbulSummary(SUMMARY));
    assert.ok(detectIstanbulSummary('{\n\t"total": {\n\t\t"lines": {\n\t\t\t"total": 145'));
    assertClaimsNone(detectIstanbulSummary, [
      '{"total": 3}',
      '{"stats": {"suites": 1}}',
      '{"a.js": {"lines": {"total": 1}}, "total": {"lines": {}}}',
      FINAL_TEXT,
    ]);
  });

  test('neither claims a Jest report with coverage, nor do the other coverage parsers claim theirs', () => {
    const jest = JSON.stringify({ numFailedTestSuites: 0, coverageMap: { 'a.js': LIB } });
    assert.equal(detectIstanbul(jest), false);
    assert.equal(detectIstanbulSummary(jest), false);
    assertClaimedOnlyBy(istanbulParser, FINAL_TEXT);
    assertClaimedOnlyBy(istanbulParser, FINAL_PRETTY);
    assertClaimedOnlyBy(istanbulSummaryParser, SUMMARY);
  });

  test('claim no file of the test-result corpus', NO_CORPUS, () => {
    assertClaimsNoOtherInput(istanbulParser, /(?!)/);
    assertClaimsNoOtherInput(istanbulSummaryParser, /(?!)/);
  });
});
