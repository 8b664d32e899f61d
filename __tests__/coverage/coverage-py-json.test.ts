import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  coveragePyJsonParser,
  detectCoveragePyJson,
  parseCoveragePyJson,
} from '../../src/coverage/coverage-py-json.js';
import { assertClaimsNoOtherInput, NO_CORPUS } from '../support/corpus.js';
import {
  assertClaimedOnlyBy,
  assertClaimsNone,
  byLine,
  pathsOf,
  refusalTests,
  type RefusalCase,
} from '../support/coverage-tests.js';

const parse = (text: string) => parseCoveragePyJson(text, { path: 'coverage.json' });

/** `coverage run --branch m.py && coverage json --pretty-print` (coverage 6.5), m.py as below. */
const REPORT = `{
    "meta": {
        "version": "6.5.0",
        "timestamp": "2026-01-01T00:00:00.000000",
        "branch_coverage": true,
        "show_contexts": false
    },
    "files": {
        "m.py": {
            "executed_lines": [1, 2, 3, 6, 9, 10, 11, 13],
            "summary": {
                "covered_lines": 8,
                "num_statements": 10,
                "percent_covered": 75.0,
                "percent_covered_display": "75",
                "missing_lines": 2,
                "excluded_lines": 1,
                "num_branches": 4,
                "num_partial_branches": 2,
                "covered_branches": 2,
                "missing_branches": 2
            },
            "missing_lines": [4, 7],
            "excluded_lines": [15],
            "executed_branches": [[2, 3], [11, -10]],
            "missing_branches": [[2, 4], [11, 12]]
        },
        "pkg/__init__.py": {
            "executed_lines": [],
            "summary": {"covered_lines": 0, "num_statements": 0, "percent_covered": 100.0,
                "missing_lines": 0, "excluded_lines": 0, "num_branches": 0,
                "num_partial_branches": 0, "covered_branches": 0, "missing_branches": 0},
            "missing_lines": [],
            "excluded_lines": [],
            "executed_branches": [],
            "missing_branches": []
        }
    },
    "totals": {
        "covered_lines": 8, "num_statements": 10, "percent_covered": 75.0,
        "missing_lines": 2, "excluded_lines": 1, "num_branches": 4,
        "num_partial_branches": 2, "covered_branches": 2, "missing_branches": 2
    }
}`;

describe('coverage.py JSON', () => {
  test('lines are executed and missing lines; excluded lines are not executable', () => {
    const report = parse(REPORT);
    assert.equal(report.format, 'coverage-py');
    assert.deepEqual(pathsOf(report), ['m.py', 'pkg/__init__.py']);
    const [m, init] = report.files;
    assert.deepEqual(
      [...m!.lines],
      [...byLine({ 1: 1, 2: 1, 3: 1, 4: 0, 6: 1, 7: 0, 9: 1, 10: 1, 11: 1, 13: 1 })],
    );
    assert.equal(init!.lines.size, 0);
    assert.deepEqual(init!.statements, { covered: 0, total: 0 });
  });

  test('branches per source line from the arcs; statements from the summary', () => {
    const [m] = parse(REPORT).files;
    assert.deepEqual(
      m!.branches,
      byLine({ 2: { covered: 1, total: 2 }, 11: { covered: 1, total: 2 } }),
    );
    assert.deepEqual(m!.statements, { covered: 8, total: 10 });
    assert.deepEqual(m!.functions, []);
    assert.equal(m!.totals, undefined);
  });

  test('an excluded line that ran (listed as executed too) is not executable', () => {
    // coverage 6.5 for \`def debug():  # pragma: no cover\` on line 16, which ran.
    const [a] = parse(
      JSON.stringify({
        files: {
          'app.py': {
            executed_lines: [1, 4, 16, 20],
            missing_lines: [8],
            excluded_lines: [16, 17],
            summary: { covered_lines: 3, num_statements: 4 },
          },
        },
      }),
    ).files;
    assert.deepEqual([...a!.lines], [...byLine({ 1: 1, 4: 1, 8: 0, 20: 1 })]);
    assert.deepEqual(a!.statements, { covered: 3, total: 4 });
  });

  test('without a summary the statements are counted from the lists', () => {
    const [a] = parse(
      '{"files": {"a.py": {"executed_lines": [1, 2, 5, 4], "missing_lines": [3], "excluded_lines": [4]}}}',
    ).files;
    assert.deepEqual(a!.statements, { covered: 3, total: 4 });
    assert.deepEqual(a!.branches, new Map());
  });

  test('a summary that counts branches without listing arcs gives them as the file\u2019s totals', () => {
    const [a] = parse(
      JSON.stringify({
        files: {
          'a.py': {
            executed_lines: [1],
            missing_lines: [2],
            summary: { covered_lines: 1, num_statements: 2, num_branches: 11, covered_branches: 5 },
          },
        },
      }),
    ).files;
    assert.deepEqual(a!.totals, { branches: { covered: 5, total: 11 } });
    assert.deepEqual(a!.branches, new Map());
  });

  test('functions (coverage 7.5+ format 3): named entries, run when any line ran', () => {
    const report = parse(
      JSON.stringify({
        meta: { format: 3, version: '7.6.1', branch_coverage: false, show_contexts: false },
        files: {
          'calc.py': {
            executed_lines: [1, 2, 5, 9],
            missing_lines: [6, 10],
            excluded_lines: [],
            functions: {
              add: { executed_lines: [2], missing_lines: [], excluded_lines: [] },
              'Calc.div': { executed_lines: [], missing_lines: [6], excluded_lines: [] },
              'Calc.mul': { executed_lines: [10], missing_lines: [], start_line: 8 },
              skipped: { executed_lines: [12], missing_lines: [], excluded_lines: [12, 13] },
              '': { executed_lines: [1, 5, 9], missing_lines: [], excluded_lines: [] },
            },
          },
        },
      }),
    );
    assert.deepEqual(report.files[0]!.functions, [
      { name: 'add', line: 2, hits: 1 },
      { name: 'Calc.div', line: 6, hits: 0 },
      { name: 'Calc.mul', line: 8, hits: 1 },
    ]);
  });

  test('a line listed as both executed and missing is executed', () => {
    const [a] = parse(
      '{"files": {"a.py": {"executed_lines": [3], "missing_lines": [3, 4]}}}',
    ).files;
    assert.deepEqual([...a!.lines], [...byLine({ 3: 1, 4: 0 })]);
  });
});

describe('malformed coverage.py JSON', () => {
  const cases: RefusalCase[] = [
    ['empty', '', undefined, /the file is empty/],
    [
      'truncated',
      REPORT.slice(0, 400),
      REPORT.slice(0, 400).trimEnd().split('\n').length,
      /ends before the document does/,
    ],
    [
      'a syntax error',
      '{"files": {\n"a.py": {"executed_lines": [1 2]}}}',
      2,
      /malformed JSON: Expected ',' or '\]' after array element/,
    ],
    [
      'no files',
      '{"meta": {"version": "7.0"}, "totals": {}}',
      undefined,
      /not a coverage.py JSON report: there is no "files" object/,
    ],
    ['the negative sample', '{\n  "test": 1\n}\n', undefined, /there is no "files" object/],
    [
      'a file that is an array',
      '{"files": {"a.py": [1, 2]}}',
      undefined,
      /files\["a.py"\] is not an object/,
    ],
    [
      'no line lists',
      '{"files": {"a.py": {"summary": {}}}}',
      undefined,
      /files\["a.py"\] has neither "executed_lines" nor "missing_lines"/,
    ],
    [
      'lines not an array',
      '{"files": {"a.py": {"executed_lines": "1-3"}}}',
      undefined,
      /files\["a.py"\].executed_lines is not an array of line numbers/,
    ],
    [
      'a line that is a string',
      '{"files": {"a.py": {"executed_lines": [1, "2"]}}}',
      undefined,
      /executed_lines\[1\] is "2", not a line number/,
    ],
    [
      'line 0',
      '{"files": {"a.py": {"missing_lines": [0]}}}',
      undefined,
      /missing_lines\[0\] is 0, not a line number/,
    ],
    [
      'line 1e308',
      '{"files": {"a.py": {"missing_lines": [1e308]}}}',
      undefined,
      /is 1e\+308, not a line number/,
    ],
    [
      'a fractional line',
      '{"files": {"a.py": {"missing_lines": [2.5]}}}',
      undefined,
      /is 2.5, not a line number/,
    ],
    [
      'a bad arc',
      '{"files": {"a.py": {"executed_lines": [1], "executed_branches": [[1]]}}}',
      undefined,
      /executed_branches\[0\] is \[1\], not an arc/,
    ],
    [
      'arcs not an array',
      '{"files": {"a.py": {"executed_lines": [1], "missing_branches": {}}}}',
      undefined,
      /missing_branches is not an array of \[from, to\] arcs/,
    ],
    [
      'a negative count',
      '{"files": {"a.py": {"executed_lines": [1], "summary": {"num_statements": -3, "covered_lines": 1}}}}',
      undefined,
      /summary.num_statements is -3, not a count/,
    ],
  ];
  refusalTests(cases, parse, 'coverage.json');
});

describe('coverage.py JSON detection', () => {
  test('claims reports from meta, or from the first file\u2019s lists', () => {
    assert.ok(detectCoveragePyJson(REPORT));
    assert.ok(detectCoveragePyJson(REPORT.slice(0, 250)));
    assert.ok(
      detectCoveragePyJson(
        '{"meta": {"format": 3, "version": "7.6.1", "timestamp": "x", "branch_coverage": false, "show_contexts": false}, "files": {',
      ),
    );
    assert.ok(detectCoveragePyJson('{"files": {"a.py": {"executed_lines": [1'));
  });

  test('claims nothing else', () => {
    assertClaimsNone(detectCoveragePyJson, [
      '{"meta": {"version": "1.0"}, "results": []}',
      '{"meta": {"name": "x", "branch_coverage": true}}',
      '{"files": ["a.py"]}',
      '{"stats": {"suites": 1}, "tests": []}',
      '{"results": {"tool": {"name": "jest"}}}',
    ]);
    assertClaimedOnlyBy(coveragePyJsonParser, REPORT);
  });

  test('claims no file of the test-result corpus', NO_CORPUS, () => {
    assertClaimsNoOtherInput(coveragePyJsonParser, /(?!)/);
  });
});
