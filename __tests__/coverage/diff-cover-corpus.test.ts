/**
 * diff-cover's own integration cases (tests/test_integration.py, TestDiffCoverIntegration),
 * from the shared corpus: each `git_diff_*.txt` read by our diff parser, held with the coverage
 * file(s) that test passes, must give diff-cover's expected report: the same files, per-file
 * percentages, missing-line ranges and totals. The pairing of diff, coverage and expected
 * report is transcribed below with the upstream test that makes it.
 *
 * The coverage files are read here by two tiny readers that do what diff-cover's readers do
 * (its XmlCoverageReporter and LcovCoverageReporter), because what is under test is the diff
 * and the changed-line computation, not a coverage parser.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { RepositoryPaths } from '../../src/collect/repository-paths.js';
import {
  changedLineCoverage,
  formatLineRanges,
  type ChangedLineCoverage,
} from '../../src/coverage/changed-lines.js';
import { addedLinesByPath, parseUnifiedDiff } from '../../src/coverage/diff.js';
import { COVERAGE_CORPUS, NO_COVERAGE_CORPUS } from '../support/coverage-corpus.js';

const FIXTURES = path.join(COVERAGE_CORPUS, 'diff_cover/tests/fixtures');
const GO_TESTDATA = path.join(
  COVERAGE_CORPUS,
  'go-coverage-report/cmd/go-coverage-report/testdata',
);
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

// ---------------------------------------------------------------------------------------------
// Coverage readers: line → hits per reported path, as diff-cover reads them

type LineHits = Map<string, Map<number, number>>;

const attribute = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

/** Cobertura: the `<line number hits>` of each `<class filename>`, a line listed twice once. */
function cobertura(file: string): LineHits {
  const result: LineHits = new Map();
  for (const [, open, body] of fixture(file).matchAll(/<class\b([^>]*)>([\s\S]*?)<\/class>/g)) {
    const name = attribute(open!, 'filename')!;
    const lines = result.get(name) ?? new Map<number, number>();
    for (const [tag] of body!.matchAll(/<line\b[^>]*>/g)) {
      const line = Number(attribute(tag, 'number'));
      lines.set(line, Math.max(lines.get(line) ?? 0, Number(attribute(tag, 'hits') ?? 0)));
    }
    result.set(name, lines);
  }
  return result;
}

/**
 * LCOV as diff-cover 9's LcovCoverageReporter.parse reads it: DA lines (counts summed), then
 * for a line without DA a BRDA line (0 when a branch was missed, else the branches' count) or
 * an FN line (its FNDA count); a DA line of 0 whose branches ran takes their count.
 */
function lcov(file: string): LineHits {
  const result: LineHits = new Map();
  let lines = new Map<number, number>();
  let branches = new Map<number, { total: number; hit: number; executions: number }>();
  let functions = new Map<string, [line: number, hits: number]>();
  for (const raw of fixture(file).split('\n')) {
    const [directive, content = ''] = raw.trim().split(/:(.*)/s);
    const args = content.split(',');
    if (directive === 'SF') {
      lines = new Map();
      branches = new Map();
      functions = new Map();
      result.set(content, lines);
    } else if (directive === 'DA') {
      lines.set(Number(args[0]), (lines.get(Number(args[0])) ?? 0) + Number(args[1]));
    } else if (directive === 'BRDA') {
      const taken = args[3] === '-' ? 0 : Number(args[3]);
      const info = branches.get(Number(args[0])) ?? { total: 0, hit: 0, executions: 0 };
      info.total++;
      info.executions += taken;
      if (taken > 0) info.hit++;
      branches.set(Number(args[0]), info);
    } else if (directive === 'FN') {
      functions.set(args.at(-1)!, [Number(args[0]), 0]);
    } else if (directive === 'FNDA') {
      const known = functions.get(args[1]!);
      if (known) known[1] = Number(args[0]);
    } else if (directive === 'end_of_record') {
      for (const [line, info] of branches) {
        if (!lines.has(line)) lines.set(line, info.hit < info.total ? 0 : info.executions);
        else if (!lines.get(line) && info.executions > 0) lines.set(line, info.executions);
      }
      for (const [line, count] of functions.values()) if (!lines.has(line)) lines.set(line, count);
    }
  }
  return result;
}

/**
 * diff-cover's --expand-coverage-report: a line a report leaves out, between its first and
 * last line, takes the hits of the line before it.
 */
function expanded(report: LineHits): LineHits {
  const result: LineHits = new Map();
  for (const [name, lines] of report) {
    const filled = new Map(lines);
    const numbers = [...lines.keys()];
    let last = 0;
    for (let line = Math.min(...numbers); line < Math.max(...numbers); line++) {
      if (lines.has(line)) last = lines.get(line)!;
      else filled.set(line, last);
    }
    result.set(name, filled);
  }
  return result;
}

/** Reports' paths mapped to the diff's files (as the action maps them to tracked files), merged. */
function mergedCoverage(
  reports: readonly LineHits[],
  files: readonly string[],
): Map<string, Map<number, number>> {
  const paths = new RepositoryPaths(files);
  const merged = new Map<string, Map<number, number>>();
  for (const report of reports) {
    for (const [reported, lines] of report) {
      const repositoryPath = paths.resolve(reported);
      if (repositoryPath === undefined) continue;
      const into = merged.get(repositoryPath) ?? new Map<number, number>();
      for (const [line, count] of lines) into.set(line, (into.get(line) ?? 0) + count);
      merged.set(repositoryPath, into);
    }
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Expected reports

interface ExpectedFile {
  readonly path: string;
  /** As diff-cover prints it: percent_covered rounded to one decimal. */
  readonly percent: number;
  /** Its "Missing lines" text, `''` when none. */
  readonly missing: string;
  readonly covered?: readonly number[];
  readonly uncovered?: readonly number[];
}

interface Expected {
  readonly files: readonly ExpectedFile[];
  readonly total: number;
  readonly missing: number;
  /** total_percent_covered: int(), 100 when no line is measured. */
  readonly coverage: number;
  readonly changed?: number;
}

const NOTHING_MEASURED: Expected = { files: [], total: 0, missing: 0, coverage: 100 };

/** The console report (its jinja template: console_coverage_report.txt). */
function consoleReport(text: string): Expected {
  if (text.includes('No lines with coverage information in this diff.')) return NOTHING_MEASURED;
  const files = [...text.matchAll(/^(.+) \((\d+(?:\.\d+)?)%\)(?:: Missing lines (\S+))?$/gm)].map(
    ([, file, percent, missing]) => ({
      path: file!,
      percent: Number(percent),
      missing: missing ?? '',
    }),
  );
  const number = (label: string) => Number(new RegExp(`^${label}:\\s+(\\d+)`, 'm').exec(text)![1]);
  return {
    files,
    total: number('Total'),
    missing: number('Missing'),
    coverage: number('Coverage'),
  };
}

function jsonReport(text: string): Expected {
  const report = JSON.parse(text) as {
    src_stats: Record<
      string,
      { percent_covered: number; violation_lines: number[]; covered_lines: number[] }
    >;
    total_num_lines: number;
    total_num_violations: number;
    total_percent_covered: number;
    num_changed_lines: number;
  };
  return {
    files: Object.entries(report.src_stats).map(([file, stats]) => ({
      path: file,
      percent: stats.percent_covered,
      missing: stats.violation_lines.join(','), // not combined in the JSON report
      covered: stats.covered_lines,
      uncovered: stats.violation_lines,
    })),
    total: report.total_num_lines,
    missing: report.total_num_violations,
    coverage: report.total_percent_covered,
    changed: report.num_changed_lines,
  };
}

function markdownReport(text: string): Expected {
  const files = [...text.matchAll(/^- (.+) \((\d+(?:\.\d+)?)%\)(?:: Missing lines (\S+))?$/gm)].map(
    ([, file, percent, missing]) => ({
      path: file!.replace(/&#46;/g, '.'),
      percent: Number(percent),
      missing: missing ?? '',
    }),
  );
  const number = (label: string) =>
    Number(new RegExp(`\\*\\*${label}\\*\\*: (\\d+)`).exec(text)![1]);
  return {
    files,
    total: number('Total'),
    missing: number('Missing'),
    coverage: number('Coverage'),
  };
}

/** Ours, in the same terms: the files diff-cover lists are those with a measured changed line. */
function ours(result: ChangedLineCoverage, missingJoined: boolean): Expected {
  return {
    files: result.files
      .filter((file) => file.coverable.length > 0)
      .map((file) => ({
        path: file.path,
        percent: Math.round(file.percent! * 10) / 10,
        missing: missingJoined ? formatLineRanges(file.uncoveredRanges) : file.uncovered.join(','),
        covered: file.covered,
        uncovered: file.uncovered,
      })),
    total: result.totals.coverable,
    missing: result.totals.uncovered,
    coverage: result.diffCoverage === undefined ? 100 : Math.trunc(result.diffCoverage),
    changed: result.totals.changed,
  };
}

/** Compares what the expected report states (its other fields are left out of both sides). */
function assertSame(actual: Expected, expected: Expected): void {
  const pick = (files: readonly ExpectedFile[], like: readonly ExpectedFile[]) =>
    files.map((file, i) => ({
      path: file.path,
      percent: file.percent,
      missing: file.missing,
      ...(like[i]?.covered ? { covered: file.covered } : {}),
      ...(like[i]?.uncovered ? { uncovered: file.uncovered } : {}),
    }));
  assert.deepEqual(
    {
      ...actual,
      files: pick(actual.files, expected.files),
      changed: expected.changed === undefined ? undefined : actual.changed,
    },
    { ...expected, files: pick(expected.files, expected.files), changed: expected.changed },
  );
}

// ---------------------------------------------------------------------------------------------
// The cases

interface Case {
  /** The upstream test in tests/test_integration.py. */
  readonly upstream: string;
  /** Fixture name; `''` for the empty diff. */
  readonly diff: string;
  readonly coverage: () => LineHits[];
  readonly expected: () => Expected;
  /** JSON and the console's "Missing lines" join ranges; the JSON lists every line. */
  readonly joined?: boolean;
}

const consoleFile = (name: string) => () => consoleReport(fixture(name));

const CASES: readonly Case[] = [
  {
    upstream: 'test_added_file_console, test_all_reports (console), test_fail_under_*_console',
    diff: 'git_diff_add.txt',
    coverage: () => [cobertura('coverage.xml')],
    expected: consoleFile('add_console_report.txt'),
  },
  {
    upstream: 'test_all_reports (json)',
    diff: 'git_diff_add.txt',
    coverage: () => [cobertura('coverage.xml')],
    expected: () => jsonReport(fixture('add_json_report.json')),
    joined: false,
  },
  {
    upstream: 'test_all_reports (markdown)',
    diff: 'git_diff_add.txt',
    coverage: () => [cobertura('coverage.xml')],
    expected: () => markdownReport(fixture('add_markdown_report.md')),
  },
  {
    upstream: 'test_show_uncovered_lines_console',
    diff: 'git_diff_add.txt',
    coverage: () => [cobertura('coverage.xml')],
    expected: consoleFile('show_uncovered_lines_console.txt'),
  },
  {
    upstream: 'test_added_file_console_lcov',
    diff: 'git_diff_add.txt',
    coverage: () => [lcov('lcov.info')],
    expected: consoleFile('add_console_report.txt'),
  },
  {
    upstream: 'test_expand_coverage_report_complete_report',
    diff: 'git_diff_add.txt',
    coverage: () => [expanded(cobertura('coverage.xml'))],
    expected: consoleFile('add_console_report.txt'),
  },
  {
    upstream: 'test_expand_coverage_report_uncomplete_report (coverage read as expanded)',
    diff: 'git_diff_add.txt',
    coverage: () => [expanded(cobertura('coverage_missing_lines.xml'))],
    expected: consoleFile('expand_console_report.txt'),
  },
  {
    upstream: 'test_changed_file_console, test_fail_under_*_html',
    diff: 'git_diff_changed.txt',
    coverage: () => [cobertura('coverage.xml')],
    expected: consoleFile('changed_console_report.txt'),
  },
  {
    upstream: 'test_changed_file_lcov_console',
    diff: 'git_diff_changed.txt',
    coverage: () => [lcov('lcov.info')],
    expected: consoleFile('changed_console_report.txt'),
  },
  {
    upstream: 'test_deleted_file_console',
    diff: 'git_diff_delete.txt',
    coverage: () => [cobertura('coverage.xml')],
    expected: consoleFile('delete_console_report.txt'),
  },
  {
    upstream: 'test_moved_file_console',
    diff: 'git_diff_moved.txt',
    coverage: () => [cobertura('moved_coverage.xml')],
    expected: consoleFile('moved_console_report.txt'),
  },
  {
    upstream: 'test_mult_inputs_console',
    diff: 'git_diff_mult.txt',
    coverage: () => [cobertura('coverage1.xml'), cobertura('coverage2.xml')],
    expected: consoleFile('mult_inputs_console_report.txt'),
  },
  {
    upstream: 'test_subdir_coverage_console (report paths relative to sub/)',
    diff: 'git_diff_subdir.txt',
    coverage: () => [cobertura('coverage.xml')],
    expected: consoleFile('subdir_coverage_console_report.txt'),
  },
  {
    upstream: 'test_unicode_console',
    diff: 'git_diff_unicode.txt',
    coverage: () => [cobertura('unicode_coverage.xml')],
    expected: consoleFile('unicode_console_report.txt'),
  },
  {
    upstream: 'test_lua_coverage (Windows paths in the report, an empty context line)',
    diff: 'git_diff_lua.txt',
    coverage: () => [cobertura('luacoverage.xml')],
    expected: consoleFile('lua_console_report.txt'),
  },
  {
    upstream: 'test_dot_net_diff (expected text inline in the test; hunk header counts off)',
    diff: 'git_diff_dotnet.txt',
    coverage: () => [cobertura('dotnet_coverage.xml')],
    expected: () =>
      consoleReport(
        [
          'SampleApp/Sample.cs (0.0%): Missing lines 23-25',
          'Total:   3 lines',
          'Missing: 3 lines',
          'Coverage: 0%',
        ].join('\n'),
      ),
  },
  {
    upstream: 'test_github_empty_diff (expected text inline in the test)',
    diff: '',
    coverage: () => [cobertura('coverage.xml')],
    expected: () => NOTHING_MEASURED,
  },
  {
    upstream: 'test_real_world_cpp_lcov_coverage',
    diff: 'git_diff_cpp.txt',
    coverage: () => [lcov('real_cpp_coverage.lcov')],
    expected: consoleFile('real_cpp_console_report.txt'),
  },
  {
    upstream: 'test_real_world_python_lcov_coverage',
    diff: 'git_diff_python.txt',
    coverage: () => [lcov('real_python_coverage.lcov')],
    expected: consoleFile('real_python_console_report.txt'),
  },
  {
    upstream: 'test_real_world_typescript_lcov_coverage (4 of the 20 lines are FN lines only)',
    diff: 'git_diff_typescript.txt',
    coverage: () => [lcov('real_typescript_coverage.lcov')],
    expected: consoleFile('real_typescript_console_report.txt'),
  },
  {
    upstream: 'test_real_world_lcov_with_function_coverage (hunk shorter than its header)',
    diff: 'git_diff_cpp_functions.txt',
    coverage: () => [lcov('cpp_functions_coverage.lcov')],
    expected: consoleFile('cpp_functions_console_report.txt'),
  },
  {
    upstream: 'test_real_world_lcov_with_branch_coverage (hunk shorter than its header)',
    diff: 'git_diff_typescript_branches.txt',
    coverage: () => [lcov('typescript_branches_coverage.lcov')],
    expected: consoleFile('typescript_branches_console_report.txt'),
  },
];

describe('diff-cover integration cases', NO_COVERAGE_CORPUS, () => {
  for (const item of CASES) {
    test(`${item.diff || '(empty diff)'}: ${item.upstream}`, () => {
      const changed = addedLinesByPath(parseUnifiedDiff(item.diff ? fixture(item.diff) : ''));
      const coverage = mergedCoverage(item.coverage(), [...changed.keys()]);
      const result = changedLineCoverage(changed, coverage);
      assertSame(ours(result, item.joined ?? true), item.expected());
    });
  }

  test('the added file, line by line (add_json_report.json)', () => {
    const changed = addedLinesByPath(parseUnifiedDiff(fixture('git_diff_add.txt')));
    const result = changedLineCoverage(
      changed,
      mergedCoverage([cobertura('coverage.xml')], [...changed.keys()]),
    );
    assert.deepEqual(result.files[0], {
      path: 'test_src.txt',
      changed: 10,
      coverable: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      covered: [1, 3, 5, 7, 9],
      uncovered: [2, 4, 6, 8, 10],
      uncoveredRanges: [
        [2, 2],
        [4, 4],
        [6, 6],
        [8, 8],
        [10, 10],
      ],
      percent: 50,
    });
    assert.equal(result.diffCoverage, 50);
  });

  test('the diff that goes with a code-quality report still reads as its added lines', () => {
    // git_diff_code_dupe.txt goes with pylint's duplicate-code report (diff-quality), not with a
    // coverage file; its added lines are still checked, counted here from the `+` lines of
    // each file's hunks.
    const text = readFileSync(path.join(FIXTURES, 'git_diff_code_dupe.txt'), 'utf8');
    const expected = new Map<string, number>();
    let current: string | undefined;
    for (const line of text.split('\n')) {
      const header = /^\+\+\+ b\/(.+)$/.exec(line);
      if (header) current = header[1]!;
      else if (current && line.startsWith('+'))
        expected.set(current, (expected.get(current) ?? 0) + 1);
    }
    assert.ok(expected.size > 0);
    const added = addedLinesByPath(parseUnifiedDiff(text));
    assert.deepEqual(new Map([...added].map(([file, lines]) => [file, lines.length])), expected);
  });
});

// ---------------------------------------------------------------------------------------------
// go-coverage-report's changed-files lists

/** Go coverprofile blocks as line → hits (a line in several blocks: the most hits). */
function goProfile(file: string): LineHits {
  const result: LineHits = new Map();
  for (const line of readFileSync(path.join(GO_TESTDATA, file), 'utf8').split('\n')) {
    const match = /^(.+):(\d+)\.\d+,(\d+)\.\d+ \d+ (\d+)$/.exec(line);
    if (!match) continue;
    const lines = result.get(match[1]!) ?? new Map<number, number>();
    for (let n = Number(match[2]); n <= Number(match[3]); n++) {
      lines.set(n, Math.max(lines.get(n) ?? 0, Number(match[4])));
    }
    result.set(match[1]!, lines);
  }
  return result;
}

describe('go-coverage-report changed files', NO_COVERAGE_CORPUS, () => {
  // go-coverage-report lists a changed file the profile does not have as "0.00% (ø)"
  // (report_test.go: foo/bar/baz.go); we list it apart, not as 0%. Its lists name files, not
  // lines: every line the profile has for a file stands in as changed.
  const cases = [
    ['01', ['min_heap.go'], ['foo/bar/baz.go']],
    ['02', [], ['min_heap_test.go']],
  ] as const;
  for (const [n, withData, without] of cases) {
    test(`${n}-changed-files.json`, () => {
      const files = JSON.parse(
        readFileSync(path.join(GO_TESTDATA, `${n}-changed-files.json`), 'utf8'),
      ) as string[];
      const profile = goProfile(`${n}-new-coverage.txt`);
      const tracked = [...files, 'max_heap.go'];
      const coverage = mergedCoverage([profile], tracked);
      const changed = new Map(
        files.map((file) => [file, [...(coverage.get(file)?.keys() ?? [1])]] as const),
      );
      const result = changedLineCoverage(changed, coverage);
      assert.deepEqual(
        result.files.map((f) => f.path),
        withData,
      );
      assert.deepEqual(result.filesWithoutCoverage, without);
      const lines = withData.reduce((sum, file) => sum + coverage.get(file)!.size, 0);
      assert.equal(result.totals.coverable, lines);
    });
  }
});
