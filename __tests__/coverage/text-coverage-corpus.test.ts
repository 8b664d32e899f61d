/**
 * Our totals for the shared coverage corpus's LCOV, Istanbul, Go, coverage.py and SimpleCov files
 * against what its MANIFEST.tsv says of them: the `derived:` counts its authors recounted from
 * each file (values_in_file_header) and, where the upstream project's own tests assert values
 * (expected_values_asserted_by_upstream_tests), those too, line by line where they go that far.
 *
 * Where we differ, the file is listed in DIFFERENCES with both sets of numbers and the reason ours
 * are right; a listed file that comes to agree, or an unlisted one that comes to differ, fails.
 * Every other row of the manifest (other coverage formats, console tables, negative samples)
 * must be claimed by none of these parsers' detectors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { ParseError, type CoverageParser } from '../../src/coverage/coverage-parser.js';
import { coveragePyJsonParser } from '../../src/coverage/coverage-py-json.js';
import { goCoverParser } from '../../src/coverage/go-cover.js';
import { istanbulParser, istanbulSummaryParser } from '../../src/coverage/istanbul.js';
import { lcovParser } from '../../src/coverage/lcov.js';
import { simplecovParser } from '../../src/coverage/simplecov.js';
import type { CoverageReport } from '../../src/model/coverage.js';
import {
  coverageCorpusFiles,
  NO_COVERAGE_CORPUS,
  type CoverageCorpusFile,
} from '../support/coverage-corpus.js';
import {
  claimedBy,
  corpusRow,
  coveragePairs,
  fileOf,
  readCorpusFile,
} from '../support/coverage-tests.js';

/** The manifest's format name, and the parser that reads it. */
const BY_FORMAT = new Map<string, CoverageParser>([
  ['lcov', lcovParser],
  ['istanbul-json-final', istanbulParser],
  ['istanbul-json-summary', istanbulSummaryParser],
  ['go-coverprofile', goCoverParser],
  ['coveragepy-json', coveragePyJsonParser],
  ['simplecov-resultset-json', simplecovParser],
  // A test report: the results side detects it; read as `istanbul` when named so.
  ['jest-json-report(coverageMap=istanbul)', istanbulParser],
]);

/** Covered of total. */
type Pair = readonly [covered: number, total: number];

/** The totals a manifest row states; only those it states are compared. */
interface Totals {
  files?: number;
  lines?: Pair;
  statements?: Pair;
  branches?: Pair;
  functions?: Pair;
}

/** Ours: totals, or `refused: <reason>` for a ParseError. */
type Ours = Totals | string;

interface Difference {
  readonly ours: Ours;
  readonly theirs: Totals;
  readonly why: string;
}

const DIFFERENCES: Record<string, Difference> = {
  'ReportGenerator/src/Testprojects/CSharp/Reports/lcov.info': {
    ours: { files: 15, lines: [118, 184], branches: [5, 8], functions: [27, 54] },
    theirs: { files: 15, lines: [124, 199], branches: [5, 8], functions: [27, 57] },
    why:
      'coverlet writes one DA per method, so a line holding two (an auto-property\u2019s getter and ' +
      'setter, two constructors) is stated twice and counted twice in its LF/LH: 199 DA records ' +
      'are 184 distinct lines, 124 hit records 118 hit lines (ReportGenerator also counts a line ' +
      'once: its test asserts TestClass2.cs line 13 = 1 + 2 visits, one line). FNF says 6 for ' +
      'ClassWithExcludes.cs where its record lists 3 FN: 54 functions are listed, not 57.',
  },
  'diff_cover/tests/fixtures/lcov.info': {
    ours: { files: 1, lines: [5, 10], branches: [0, 1], functions: [2, 2] },
    theirs: { files: 1, lines: [6, 6], branches: [0, 0], functions: [2, 2] },
    why:
      'a hand-written fixture whose summary lines do not fit its records: LF:6 LH:6 and BRF:0 ' +
      'over 10 DA records (5 hit) and one BRDA (never taken). Totals come from the records.',
  },
  'vitest-coverage-report-action/test/mockReports/coverage/coverage-summary-compare.json': {
    ours: 'refused: "/absolute/path/src/constants.js".lines has 1.15 covered of 1',
    theirs: {
      files: 5,
      lines: [69, 145],
      statements: [74.4, 150],
      functions: [17.1, 29],
      branches: [20.7, 58],
    },
    why:
      'a synthetic "compare" base with fractional covered counts, one above its total (1.15 of ' +
      '1 line): no tool writes that, and a count above its total would give a file over 100%.',
  },
  'go-test-coverage/pkg/testcoverage/testdata/invalid_data.profile': {
    ours: 'refused: the block ends on line 21, before it starts (line 115)',
    theirs: { files: 1, statements: [8, 8] },
    why:
      'the fixture go-test-coverage keeps to test its refusal of "wrong profile items": its ' +
      'first block runs from line 115 back to line 21, which the Go compiler never writes.',
  },
};

/** Files of the corpus whose `derived:` counts we hold against ours, with the manifest\u2019s totals. */
function theirTotals(row: CoverageCorpusFile): Totals | undefined {
  const header = row.header;
  const number = (text: string | undefined) => Number(text);
  switch (row.format) {
    case 'lcov': {
      const m =
        /SF=(\d+) sum\(LF\)=(\d+) sum\(LH\)=(\d+) sum\(BRF\)=(\d+) sum\(BRH\)=(\d+) sum\(FNF\)=(\d+) sum\(FNH\)=(\d+)/.exec(
          header,
        );
      if (!m) return undefined;
      const [, sf, lf, lh, brf, brh, fnf, fnh] = m.map(number);
      return { files: sf, lines: [lh!, lf!], branches: [brh!, brf!], functions: [fnh!, fnf!] };
    }
    case 'istanbul-json-final':
    case 'jest-json-report(coverageMap=istanbul)': {
      const m = /files=(\d+) statements=(\d+) covered=(\d+)/.exec(header);
      if (!m) return undefined;
      return { files: number(m[1]), statements: [number(m[3]), number(m[2])] };
    }
    case 'istanbul-json-summary': {
      const derived = header.slice(header.indexOf('derived:'));
      const m =
        /total lines ([\d.]+)\/(\d+)[^;]*; statements ([\d.]+)\/(\d+)[^;]*; functions ([\d.]+)\/(\d+)[^;]*; branches ([\d.]+)\/(\d+)[^;]*; file keys=(\d+)/.exec(
          derived,
        );
      if (!m) return undefined;
      const [, lc, lt, sc, st, fc, ft, bc, bt, files] = m.map(number);
      return {
        files,
        lines: [lc!, lt!],
        statements: [sc!, st!],
        functions: [fc!, ft!],
        branches: [bc!, bt!],
      };
    }
    case 'go-coverprofile': {
      const m = /files=(\d+) blocks=\d+ statements=(\d+) covered=(\d+)/.exec(header);
      if (!m) return undefined;
      return { files: number(m[1]), statements: [number(m[3]), number(m[2])] };
    }
    case 'coveragepy-json': {
      // Asserted upstream: compute_coverage = (lines + branches covered) / (lines + branches).
      const m = /\((\d+)\+(\d+)\)\/\((\d+)\+(\d+)\)/.exec(row.asserted);
      if (!m) return undefined;
      const [, lc, bc, lt, bt] = m.map(number);
      return { statements: [lc!, lt!], branches: [bc!, bt!] };
    }
    case 'simplecov-resultset-json': {
      // Per suite; the suites' files differ, so merged they add up (checked below).
      const suites = [...header.matchAll(/files=(\d+) relevant=(\d+) covered=(\d+)/g)];
      if (suites.length === 0) return undefined;
      const sum = (index: number) => suites.reduce((total, m) => total + number(m[index]), 0);
      return { files: sum(1), lines: [sum(3), sum(2)] };
    }
  }
  return undefined;
}

/** Our totals of the metrics `like` states. */
function ourTotals(report: CoverageReport, like: Totals): Totals {
  const pairs = coveragePairs(report.files);
  const ours: Totals = {};
  if (like.files !== undefined) ours.files = report.files.length;
  for (const metric of ['lines', 'statements', 'branches', 'functions'] as const) {
    if (like[metric]) ours[metric] = [round(pairs[metric][0]), round(pairs[metric][1])];
  }
  return ours;
}

/** Sums of fractional counts (a synthetic summary's 17.1 + ...) to the manifest's precision. */
const round = (value: number) => Math.round(value * 1000) / 1000;

const rows = coverageCorpusFiles();
const ourRows = rows.filter((row) => BY_FORMAT.has(row.format));

describe('the coverage corpus', NO_COVERAGE_CORPUS, () => {
  test('every row of our formats agrees with the manifest, or is listed with the reason', () => {
    assert.ok(ourRows.length >= 34, `${ourRows.length} rows of our formats`);
    const mismatches: string[] = [];
    const seen = new Set<string>();
    let agreeing = 0;
    for (const row of ourRows) {
      const theirs = theirTotals(row);
      assert.ok(theirs, `${row.localPath}: the manifest states no totals we read`);
      const result = readCorpusFile(row, BY_FORMAT.get(row.format)!);
      const ours: Ours =
        result instanceof ParseError ? `refused: ${result.reason}` : ourTotals(result, theirs);
      const listed = DIFFERENCES[row.localPath];
      if (listed) seen.add(row.localPath);
      if (isDeepStrictEqual(ours, theirs)) {
        agreeing++;
        if (listed) mismatches.push(`${row.localPath}: listed as different but agrees now`);
      } else if (!listed) {
        mismatches.push(
          `${row.localPath}: ours ${JSON.stringify(ours)}, theirs ${JSON.stringify(theirs)}`,
        );
      } else if (
        !isDeepStrictEqual(ours, listed.ours) ||
        !isDeepStrictEqual(theirs, listed.theirs)
      ) {
        mismatches.push(
          `${row.localPath}: now ours ${JSON.stringify(ours)}, theirs ${JSON.stringify(theirs)}; listed ${JSON.stringify(listed.ours)}, ${JSON.stringify(listed.theirs)}`,
        );
      }
    }
    assert.deepEqual(mismatches, []);
    assert.deepEqual(
      Object.keys(DIFFERENCES).filter((file) => !seen.has(file)),
      [],
      'listed files the manifest no longer has',
    );
    assert.equal(agreeing, ourRows.length - Object.keys(DIFFERENCES).length);
  });

  test('each of our files is claimed by its own detector alone; a Jest report by none', () => {
    const wrong: string[] = [];
    for (const row of ourRows) {
      const claimed = claimedBy(readFileSync(row.file, 'utf8'));
      const expected = row.format.startsWith('jest-json-report')
        ? []
        : [BY_FORMAT.get(row.format)!.format];
      if (!isDeepStrictEqual(claimed, expected)) {
        wrong.push(`${row.localPath}: ${claimed.join(',') || 'none'}, not ${expected.join(',')}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('no other row (text tables, gcov, breakdowns, XML, diffs, negatives) is claimed', () => {
    const others = rows.filter((row) => !BY_FORMAT.has(row.format));
    for (const format of [
      'pytest-cov-term-missing-text',
      'gcov-text',
      'istanbul-text-table',
      'go-test-coverage-breakdown',
      'invalid-json-negative',
    ]) {
      assert.ok(
        others.some((row) => row.format === format),
        `the corpus has no ${format}`,
      );
    }
    const claimed: string[] = [];
    for (const row of others) {
      for (const format of claimedBy(readFileSync(row.file, 'utf8'))) {
        claimed.push(`${row.localPath} (${row.format}) by ${format}`);
      }
    }
    assert.deepEqual(claimed, []);
  });

  test('the negative sample, read as any of our JSON formats, is refused saying what is missing', () => {
    const negatives = rows.filter((row) => row.format === 'invalid-json-negative');
    assert.ok(negatives.length > 0);
    const expected: [CoverageParser, RegExp][] = [
      [istanbulParser, /^not an Istanbul coverage-final.json: "test" is 1/],
      [istanbulSummaryParser, /^not an Istanbul coverage-summary.json: there is no "total" entry/],
      [coveragePyJsonParser, /^not a coverage.py JSON report: there is no "files" object/],
      [simplecovParser, /^not a SimpleCov .resultset.json: "test" holds 1/],
      [lcovParser, /^not an LCOV record: "\{"/],
      [
        goCoverParser,
        /^not a Go coverprofile: the first line should be "mode: set\|count\|atomic"/,
      ],
    ];
    for (const row of negatives) {
      for (const [parser, reason] of expected) {
        const result = readCorpusFile(row, parser);
        assert.ok(result instanceof ParseError, `${parser.format} read ${row.localPath}`);
        assert.equal(result.file, row.localPath);
        assert.match(result.reason, reason);
      }
    }
  });
});

/** The one row of a corpus path, parsed with its format's parser. */
function parsed(localPath: string): CoverageReport {
  const row = corpusRow(localPath);
  const result = readCorpusFile(row, BY_FORMAT.get(row.format)!);
  assert.ok(!(result instanceof ParseError), String(result));
  return result;
}

describe('values the upstream projects\u2019 own tests assert', NO_COVERAGE_CORPUS, () => {
  test('ReportGenerator LCovParserTest: line visits, files, code elements, coverable lines', () => {
    const report = parsed('ReportGenerator/src/Testprojects/CSharp/Reports/lcov.info');
    // NumberOfFilesTest, ClassesInAssemblyTest: 15.
    assert.equal(report.files.length, 15);
    const visits = (path: string, lines: readonly number[]) =>
      lines.map((line) => fileOf(report, path).lines.get(line) ?? -1);
    // NumberOfLineVisitsTest (-1: not coverable).
    assert.deepEqual(
      visits('C:\\temp\\TestClass.cs', [9, 10, 11, 12, 19, 23, 31]),
      [1, -1, -1, -1, 1, 0, 0],
    );
    assert.deepEqual(
      visits('C:\\temp\\TestClass2.cs', [13, 15, 19, 25, 31, 37, 54, 81]),
      [3, 0, 0, 2, 1, 0, 4, 0],
    );
    assert.deepEqual(visits('C:\\temp\\PartialClass.cs', [9, 14]), [1, 0]);
    assert.deepEqual(visits('C:\\temp\\PartialClass2.cs', [9, 14]), [1, 0]);
    // LineVisitStatusTest: line 1 not coverable, 15 covered, 22 not covered.
    assert.deepEqual(visits('C:\\temp\\TestClass.cs', [1, 15, 22]), [-1, 1, 0]);
    // GetCoverableLinesOfClassTest, GetCoverageQuotaOfClassTest.
    assert.equal(fileOf(report, 'C:\\temp\\AbstractClass.cs').lines.size, 20);
    const partial = [
      ...fileOf(report, 'C:\\temp\\PartialClassWithAutoProperties.cs').lines.values(),
    ];
    assert.ok(partial.length > 0 && partial.every((hits) => hits > 0));
    // CodeElementsTest: the functions of a file.
    const functions = (path: string) => fileOf(report, path).functions.map((fn) => fn.name);
    assert.equal(functions('C:\\temp\\TestClass.cs').length, 2);
    assert.equal(functions('C:\\temp\\PartialClass.cs').length, 4);
    assert.equal(functions('C:\\temp\\TestClass2.cs').length, 12);
    assert.deepEqual(functions('C:\\temp\\AsyncClass.cs'), [
      'System.Void Test.AsyncClass/<SendAsync>d__0::MoveNext()',
    ]);
    // SupportsBranchCoverage.
    assert.ok(report.files.some((file) => file.branches.size > 0));
  });

  test('go-coverage-report TestReport_Markdown: 90.20% overall, min_heap.go 42 of 52', () => {
    const report = parsed('go-coverage-report/cmd/go-coverage-report/testdata/01-new-coverage.txt');
    const sum = report.files.reduce(
      (total, file) => [total[0]! + file.statements!.covered, total[1]! + file.statements!.total],
      [0, 0],
    );
    assert.deepEqual(sum, [92, 102]);
    assert.equal(((100 * sum[0]!) / sum[1]!).toFixed(2), '90.20');
    assert.deepEqual(fileOf(report, 'github.com/fgrosse/prioqueue/min_heap.go').statements, {
      covered: 42,
      total: 52,
    });
  });

  test('jest-coverage-comment summary.test.ts: lines 33/42, statements 33/43, branches 0/0, functions 2/6', () => {
    const report = parsed('jest-coverage-comment/data/coverage_1/coverage-summary.json');
    assert.deepEqual(
      ourTotals(report, { lines: [0, 0], statements: [0, 0], branches: [0, 0], functions: [0, 0] }),
      {
        lines: [33, 42],
        statements: [33, 43],
        branches: [0, 0],
        functions: [2, 6],
      },
    );
    // The same run's lcov.info and coverage-final.json say the same.
    const lcov = parsed('jest-coverage-comment/data/coverage_1/lcov.info');
    assert.deepEqual(ourTotals(lcov, { lines: [0, 0], functions: [0, 0] }), {
      lines: [33, 42],
      functions: [2, 6],
    });
    const final = parsed('jest-coverage-comment/data/coverage_1/coverage-final.json');
    assert.deepEqual(ourTotals(final, { lines: [0, 0], statements: [0, 0], functions: [0, 0] }), {
      lines: [33, 42],
      statements: [33, 43],
      functions: [2, 6],
    });
  });

  test('python-coverage-comment-action compute_coverage: (15 + 5) / (21 + 11) = 0.625', () => {
    const report = parsed('python-coverage-comment-action/tests/conftest.py__coverage_json.json');
    const [file] = report.files;
    const covered = file!.statements!.covered + file!.totals!.branches!.covered;
    const total = file!.statements!.total + file!.totals!.branches!.total;
    assert.equal(covered / total, 0.625);
    assert.equal(file!.lines.size, 21);
  });

  test('SimpleCov suites merge per line: RSpec and Minitest each as the manifest counts them', () => {
    for (const localPath of [
      'simplecov-resultset-diff-action__kzkn/.github/fixtures/resultset1.json',
      'simplecov-resultset-diff-action__Nittarab/__tests__/fixtures/resultset2.json',
    ]) {
      const row = corpusRow(localPath);
      const document = JSON.parse(readFileSync(row.file, 'utf8')) as Record<
        string,
        { coverage: Record<string, unknown> }
      >;
      const suites = [
        ...row.header.matchAll(/suite '(\w+)': files=(\d+) relevant=(\d+) covered=(\d+)/g),
      ];
      assert.equal(suites.length, 2);
      const paths = new Set<string>();
      for (const [, suite, files, relevant, covered] of suites) {
        const alone = simplecovParser.parse(JSON.stringify({ [suite!]: document[suite!] }), {
          path: localPath,
        });
        assert.deepEqual(ourTotals(alone, { files: 0, lines: [0, 0] }), {
          files: Number(files),
          lines: [Number(covered), Number(relevant)],
        });
        for (const file of alone.files) paths.add(file.path);
      }
      // Their files differ, so the merged totals are the sums the corpus test compares.
      assert.equal(paths.size, parsed(localPath).files.length);
      assert.equal(
        paths.size,
        suites.reduce((total, m) => total + Number(m[2]), 0),
      );
    }
  });
});
