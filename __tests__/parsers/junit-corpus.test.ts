/**
 * Every JUnit input of the shared corpus, read by our parser and held against what the projects
 * the files come from assert: EnricoMi's expected results, dorny's and phoenix's jest snapshots,
 * and the counts mikepenz, test-summary and ScaCap assert in their test code (transcribed below
 * with the line that asserts them). Where we differ, the file is listed with both numbers and
 * the reason ours is right; nothing is skipped silently.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { mergeRetries } from '../../src/model/merge-retries.js';
import { isFlaky, type TestCase, type TestReport } from '../../src/model/tests.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { junitParser, parseJunit } from '../../src/parsers/junit.js';
import { ParseError } from '../../src/parsers/parser.js';
import { sameFile } from '../../src/parsers/stack-location.js';
import { CORPUS, NO_CORPUS } from '../support/corpus.js';
import { loadLazyLibraries } from '../support/libraries.js';

before(loadLazyLibraries);

const ENRICO = 'EnricoMi__publish-unit-test-result-action/python/test/files';
const MIKEPENZ = 'mikepenz__action-junit-report/test_results';
const SUMMARY = 'test-summary__action/test/resources/junit';
const SCACAP = 'ScaCap__action-surefire-report/integration-tests/custom_reports';
const DORNY = 'dorny__test-reporter/__tests__/fixtures';

// ---------------------------------------------------------------------------------------------
// Reading the corpus

interface Input {
  /** Path under reports/, as EXPECTED-enricomi.tsv writes it. */
  readonly rel: string;
  readonly format: string;
}

/** MANIFEST rows whose format is JUnit XML, plus the XML and non-XML negatives beside them. */
function junitInputs(): Input[] {
  const lines = readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  return lines.slice(1).flatMap((line) => {
    const [repo, , file, format, , role] = line.split('\t');
    const ours = /^(?:junit-xml|xml:|non-xml)/.test(format!);
    return role === 'input' && ours
      ? [{ rel: `${repo!.replace('/', '__')}/${file!}`, format: format! }]
      : [];
  });
}

const reports = new Map<string, TestReport | ParseError>();
function read(rel: string): TestReport | ParseError {
  let outcome = reports.get(rel);
  if (outcome === undefined) {
    try {
      outcome = parseJunit(readFileSync(path.join(CORPUS, rel), 'utf8'), { path: rel });
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      outcome = error;
    }
    reports.set(rel, outcome);
  }
  return outcome;
}
function report(rel: string): TestReport {
  const outcome = read(rel);
  if (outcome instanceof ParseError) assert.fail(`${rel} did not parse: ${outcome.message}`);
  return outcome;
}

interface Counts {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly errored: number;
  readonly skipped: number;
}
function countsOf(tests: readonly TestCase[]): Counts {
  const of = (status: TestCase['status']) => tests.filter((t) => t.status === status).length;
  return {
    total: tests.length,
    passed: of('passed'),
    failed: of('failed'),
    errored: of('errored'),
    skipped: of('skipped'),
  };
}
/** Every <testcase> element, as tools that do not fold reruns count. */
const elements = (rel: string) => report(rel).suites.flatMap((s) => s.tests);
const runs = (rel: string) => countsOf(elements(rel));
/** After the pipeline folds repeated runs of one test: what the job summary shows. */
const folded = (rel: string) => mergeRetries(elements(rel));
const tests = (rel: string) => countsOf(folded(rel));

// ---------------------------------------------------------------------------------------------
// Comparisons: each is one upstream's numbers for one file against ours

interface Comparison {
  readonly source: string;
  readonly rel: string;
  /** What is compared: 'runs', 'tests', a location… */
  readonly what: string;
  readonly theirs: unknown;
  readonly ours: unknown;
}
const key = (c: Pick<Comparison, 'source' | 'rel' | 'what'>) =>
  `${c.source} | ${c.rel} | ${c.what}`;

/**
 * Every place we do not give what an upstream asserts: our value (asserted exactly, so a change
 * on either side shows) and why ours is right.
 */
const DIFFERENCES: Record<string, { readonly ours: unknown; readonly why: string }> = {
  [`EnricoMi | ${ENRICO}/junit-xml/junit.multiresult.xml | runs`]: {
    ours: { total: 4, passed: 1, failed: 1, errored: 1, skipped: 1 },
    why:
      'EnricoMi counts runs per result element: one <testcase> holds <skipped/>, <failure> and ' +
      '<error>, another <skipped/> and <failure>, so 3 skips, 2 failures and 1 error among 4 ' +
      'runs, and passed = runs - failed - errors - skipped = 4 - 2 - 1 - 3 = -2, which cannot ' +
      'be a count. One test has one outcome; EnricoMi agrees for tests (1/1/1/1, compared below).',
  },
  [`EnricoMi | ${ENRICO}/junit-xml/tst/disabled.xml | runs`]: {
    ours: { total: 31, passed: 6, failed: 19, errored: 1, skipped: 5 },
    why:
      "EnricoMi's run counts come from the suite attributes, skipped='0' with disabled='5' " +
      "beside it; the 5 <testcase status='disabled'> did not run. Its own test counts say " +
      '6 passed and 5 skipped, as we do.',
  },
  [`mikepenz | ${MIKEPENZ}/corrupt-junit/e2e-tests/corrupt/target/sf-reports/TEST-test.CorruptTest.xml | parse`]:
    {
      ours: 'ParseError',
      why:
        'The file stops inside a CDATA section: it is truncated. mikepenz reports it as 0 tests ' +
        '(its parser gives up silently); we name the file as unreadable, so a crashed run does not ' +
        'read as an empty green one.',
    },
  [`mikepenz | ${MIKEPENZ}/cunit/testFailure.xml | location of loadFromXMLString_When_Should2Test`]:
    {
      ours: { file: '/dumm/core/tests/testFailure.cpp', line: 77 },
      why:
        'CUnit writes "File: /dumm/core/tests/testFailure.cpp" and "Line: 77" in the failure text; ' +
        'mikepenz does not read that form and falls back to line 1 of a file named after the test.',
    },
  [`dorny | ${DORNY}/jest-junit.xml | location of Exception in target unit`]: {
    ours: { file: '__tests__\\main.test.js', line: 14 },
    why:
      'dorny points at the first frame in any tracked file, lib/main.js:2, where the code under ' +
      'test threw; the suite names the test file __tests__\\main.test.js, and we point at the ' +
      'line of the test in it (main.test.js:14), where the failure belongs to the test.',
  },
  [`phoenix | phoenix-actions__test-reporting/__tests__/fixtures/jest-junit.xml | location of Exception in target unit`]:
    {
      ours: { file: '__tests__\\main.test.js', line: 14 },
      why: "phoenix's copy of dorny's fixture and parser: as for dorny above.",
    },
  [`dorny | ${DORNY}/external/phpunit/phpcheckstyle-phpunit.xml | location of testOther`]: {
    ours: { file: '/workspace/phpcheckstyle/test/OtherTest.php', line: 24 },
    why:
      "dorny gives the test method's line (12, the testcase's line attribute); the failure text " +
      'ends with OtherTest.php:24, the assertion that failed, in the same file.',
  },
  [`dorny | ${DORNY}/external/phpunit/phpcheckstyle-phpunit.xml | location of testException`]: {
    ours: { file: '/workspace/phpcheckstyle/test/OtherTest.php', line: 40 },
    why: 'As for testOther: the failing assertion is at OtherTest.php:40; the method starts at 31.',
  },
};

// -- EnricoMi: results.json (and EXPECTED-enricomi.tsv) for every junit-xml input ---------------

interface EnricoStats {
  runs: number;
  runs_succ: number;
  runs_fail: number;
  runs_error: number;
  runs_skip: number;
  tests: number;
  tests_succ: number;
  tests_fail: number;
  tests_error: number;
  tests_skip: number;
}

function enricoComparisons(inputs: readonly Input[]): Comparison[] {
  const tsv = new Map(
    readFileSync(path.join(CORPUS, 'EXPECTED-enricomi.tsv'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('\t') && !line.startsWith('#') && !line.startsWith('path'))
      .map((line) => {
        const [rel, ...numbers] = line.split('\t');
        return [rel!, numbers.map(Number)] as const;
      }),
  );
  return inputs
    .filter((input) => input.rel.startsWith(`${ENRICO}/`))
    .flatMap((input): Comparison[] => {
      const base = { source: 'EnricoMi', rel: input.rel };
      const exception = input.rel.replace(/\.xml$/, '.exception');
      const expected = input.rel.replace(/\.xml$/, '.results.json');
      const row = tsv.get(input.rel);
      if (existsSync(path.join(CORPUS, exception)) || (row && row[6]! > 0)) {
        return [{ ...base, what: 'parse', theirs: 'ParseError', ours: outcomeName(input.rel) }];
      }
      if (!existsSync(path.join(CORPUS, expected))) return [];
      const stats = (
        JSON.parse(readFileSync(path.join(CORPUS, expected), 'utf8')) as {
          stats: EnricoStats;
        }
      ).stats;
      if (row) {
        // The TSV is read off the same results.json; a mismatch would mean a stale corpus.
        assert.deepEqual(
          row.slice(0, 6),
          [
            stats.runs,
            stats.runs_succ,
            stats.runs_fail,
            stats.runs_error,
            stats.runs_skip,
            stats.tests,
          ],
          input.rel,
        );
      }
      return [
        {
          ...base,
          what: 'runs',
          theirs: {
            total: stats.runs,
            passed: stats.runs_succ,
            failed: stats.runs_fail,
            errored: stats.runs_error,
            skipped: stats.runs_skip,
          },
          ours: runs(input.rel),
        },
        {
          ...base,
          what: 'tests',
          theirs: {
            total: stats.tests,
            passed: stats.tests_succ,
            failed: stats.tests_fail,
            errored: stats.tests_error,
            skipped: stats.tests_skip,
          },
          ours: tests(input.rel),
        },
      ];
    });
}

function outcomeName(rel: string): string {
  const outcome = read(rel);
  return outcome instanceof ParseError ? 'ParseError' : `${countsOf(elements(rel)).total} tests`;
}

// -- dorny and phoenix: the jest snapshots of their parsed results -----------------------------

interface SnapshotTest {
  readonly name: string;
  readonly result: string;
  readonly path?: string;
  readonly line?: number;
}

/** `exports[...] = \`TestRunResult {...}\`` blocks: the input path and each test's result. */
function snapshotRuns(repo: string): Map<string, SnapshotTest[]> {
  const folder = path.join(CORPUS, repo, '__tests__/__snapshots__');
  const found = new Map<string, SnapshotTest[]>();
  for (const name of [
    'java-junit',
    'jest-junit',
    'phpunit-junit',
    'python-xunit',
    'swift-xunit',
    'tester-junit',
  ]) {
    const file = path.join(folder, `${name}.test.ts.snap`);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const block of text.matchAll(/^exports\[`[^`]*`\] = `\n([\s\S]*?)^`;$/gm)) {
      const body = block[1]!;
      const input = /^ {2}"path": "([^"]+)"/m.exec(body)?.[1];
      if (!input) continue;
      const results: SnapshotTest[] = [];
      // pretty-format leaves quotes in strings unescaped, and names may span lines: a value
      // runs to the next field at its indentation.
      const testPattern =
        /TestCaseResult \{\n( +)"error": (?:undefined|\{\n([\s\S]*?)\n\1\}),\n\1"name": "([\s\S]*?)",\n\1"result": "(\w+)"/g;
      for (const match of body.matchAll(testPattern)) {
        const indent = `${match[1]!}  `;
        const error = match[2] ?? '';
        const line = new RegExp(`^${indent}"line": (\\d+),$`, 'm').exec(error)?.[1];
        const where = new RegExp(`^${indent}"path": "(.*)",$`, 'm').exec(error)?.[1];
        results.push({
          name: unescape(match[3]!),
          result: match[4]!,
          path: where === undefined ? undefined : unescape(where),
          line: line === undefined ? undefined : Number(line),
        });
      }
      found.set(`${repo}/__tests__/${input}`, results);
    }
  }
  return found;
}
/** The snapshot is a template literal: backslashes and backticks in it are escaped. */
const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

function snapshotComparisons(inputs: readonly Input[]): Comparison[] {
  const known = new Set(inputs.map((input) => input.rel));
  return [
    ['dorny', 'dorny__test-reporter'],
    ['phoenix', 'phoenix-actions__test-reporting'],
  ].flatMap(([source, repo]) =>
    [...snapshotRuns(repo!)]
      .filter(([rel]) => known.has(rel))
      .flatMap(([rel, snapshot]): Comparison[] => {
        // dorny keeps every <testcase> and has no "errored": an error is a failure there.
        const ours = runs(rel);
        const counts: Comparison = {
          source: source!,
          rel,
          what: 'runs',
          theirs: {
            total: snapshot.length,
            passed: snapshot.filter((t) => t.result === 'success').length,
            failed: snapshot.filter((t) => t.result === 'failed').length,
            skipped: snapshot.filter((t) => t.result === 'skipped').length,
          },
          ours: {
            total: ours.total,
            passed: ours.passed,
            failed: ours.failed + ours.errored,
            skipped: ours.skipped,
          },
        };
        const failed = snapshot.filter((t) => t.result === 'failed');
        const located = failed
          .filter((t) => t.line !== undefined)
          .map((t) => {
            // Two failing tests may share a name (in different files): match them in order.
            const nth = failed.filter((other) => other.name === t.name).indexOf(t);
            return locationComparison(source!, rel, t.name, { file: t.path, line: t.line! }, nth);
          });
        return [counts, ...located];
      }),
  );
}

/** Ours agrees when the line is the same and the file is the same one, however it is spelled. */
function locationComparison(
  source: string,
  rel: string,
  name: string,
  theirs: { file?: string; line: number },
  nth = 0,
): Comparison {
  const test = elements(rel).filter((t) => t.name === name && t.status !== 'passed')[nth];
  const ours = { file: test?.file, line: test?.line };
  const same =
    ours.line === theirs.line &&
    (theirs.file === undefined || (ours.file !== undefined && sameFile(ours.file, theirs.file)));
  const what = `location of ${name}${nth > 0 ? ` (${nth + 1})` : ''}`;
  return { source, rel, what, theirs, ours: same ? theirs : ours };
}

// -- mikepenz, test-summary, ScaCap and dorny's inline asserts --------------------------------

interface Stated {
  readonly total: number;
  readonly passed?: number;
  /** Failures and errors together: these projects do not tell them apart. */
  readonly failed?: number;
  readonly skipped?: number;
  /** Tests that passed after failing. */
  readonly flaky?: number;
  /** Earlier attempts kept, over all tests. */
  readonly retries?: number;
}

interface Inline {
  readonly source: string;
  readonly rel: string;
  /** Where the upstream asserts it (file:line at the corpus commit). */
  readonly at: string;
  /** 'runs' when the tool counts every <testcase>, 'tests' when it folds retries. */
  readonly level: 'runs' | 'tests';
  readonly stated: Stated;
}

const MP = '__tests__/testParser.test.ts';
const INLINE: readonly Inline[] = [
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/tests/utils/target/surefire-reports/TEST-action.surefire.report.calc.CalcUtilsTest.xml`,
    at: `${MP}:150`,
    level: 'runs',
    stated: { total: 2, skipped: 0, failed: 2 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/python/report.xml`,
    at: `${MP}:235`,
    level: 'runs',
    stated: { total: 3, skipped: 0, failed: 2 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/marathon_tests/com.mikepenz.DummyTest#test_02_dummy.xml`,
    at: `${MP}:329`,
    level: 'runs',
    stated: { total: 1, skipped: 0, failed: 0 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/marathon_tests/com.mikepenz.DummyTest3#test_01.xml`,
    at: `${MP}:339`,
    level: 'runs',
    stated: { total: 1, skipped: 0, failed: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/marathon_tests/com.mikepenz.DummyUtilTest#test_01_dummy.xml`,
    at: `${MP}:364`,
    level: 'runs',
    stated: { total: 1, skipped: 0, failed: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/cunit/testEmpty.xml`,
    at: `${MP}:391`,
    level: 'runs',
    stated: { total: 0, skipped: 0, failed: 0 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/cunit/testFailure.xml`,
    at: `${MP}:402`,
    level: 'runs',
    stated: { total: 4, skipped: 0, failed: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/nextest/basic.xml`,
    at: `${MP}:445`,
    level: 'runs',
    stated: { total: 3, skipped: 0, failed: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/nested/junit.xml`,
    at: `${MP}:501`,
    level: 'runs',
    stated: { total: 5, skipped: 0, failed: 3 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/issues/testDisabled.xml`,
    at: `${MP}:556`,
    level: 'runs',
    stated: { total: 22, skipped: 10, failed: 6, passed: 6 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/mocha/mocha.xml`,
    at: `${MP}:907`,
    level: 'runs',
    stated: { total: 1, skipped: 0, passed: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/xunit/report.xml`,
    at: `${MP}:1002`,
    level: 'runs',
    stated: { total: 4, skipped: 0, failed: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/xunit/report_fl_on_f.xml`,
    at: `${MP}:1028`,
    level: 'runs',
    stated: { total: 4, skipped: 0, failed: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/junit-web-test/expected.xml`,
    at: `${MP}:1054`,
    level: 'runs',
    stated: { total: 6, skipped: 1, failed: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/junit-web-test/expectedRetries.xml`,
    at: `${MP}:1111 (retries not folded)`,
    level: 'runs',
    stated: { total: 8, skipped: 1, failed: 2 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/junit-web-test/expectedRetries.xml`,
    at: `${MP}:1153 (retries folded)`,
    level: 'tests',
    stated: { total: 7, skipped: 1, failed: 1, flaky: 1, retries: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/junit_flaky_failure/marathon_junit_report.xml`,
    at: `${MP}:1179`,
    level: 'tests',
    stated: { total: 1, skipped: 0, flaky: 1, retries: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/junit_flaky_failure/mixed_flaky_and_passed.xml`,
    at: `${MP}:1242`,
    level: 'tests',
    stated: { total: 3, skipped: 0, failed: 0, passed: 3, flaky: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/perl/result.xml`,
    at: `${MP}:1309`,
    level: 'runs',
    stated: { total: 1, skipped: 0, passed: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/container-structure/test.xml`,
    at: `${MP}:1342`,
    level: 'runs',
    stated: { total: 3, skipped: 0, passed: 3 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/catch2/report.xml`,
    at: `${MP}:1396`,
    level: 'runs',
    stated: { total: 1, skipped: 0, failed: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/flaky_retries/flaky_with_classname_file.xml`,
    at: `${MP}:1432`,
    level: 'tests',
    stated: { total: 3, skipped: 0, failed: 0, passed: 3, flaky: 1, retries: 2 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/flaky_retries/flaky_all_failures.xml`,
    at: `${MP}:1466`,
    level: 'tests',
    stated: { total: 1, skipped: 0, failed: 1, passed: 0, retries: 2 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/flaky_retries/flaky_success_first.xml`,
    at: `${MP}:1493`,
    level: 'tests',
    stated: { total: 1, skipped: 0, failed: 0, passed: 1, flaky: 1, retries: 2 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/issues/testFailedDisabled.xml`,
    at: `${MP}:1558`,
    level: 'runs',
    stated: { total: 1, skipped: 1, failed: 0, passed: 0 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/junit-server-test/report.xml`,
    at: `${MP}:1597`,
    level: 'tests',
    stated: { total: 3, skipped: 1, failed: 0, passed: 2, flaky: 1, retries: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/multiple_failures/test_multiple_failures.xml`,
    at: `${MP}:1654`,
    level: 'runs',
    stated: { total: 4, skipped: 1, failed: 2, passed: 1 },
  },
  {
    source: 'mikepenz',
    rel: `${MIKEPENZ}/multiple_failures/test_multiple_errors.xml`,
    at: `${MP}:1717`,
    level: 'runs',
    stated: { total: 3, skipped: 0, failed: 2, passed: 1 },
  },
  {
    source: 'test-summary',
    rel: `${SUMMARY}/01-common.xml`,
    at: 'test/junit.ts:12',
    level: 'runs',
    stated: { total: 8, passed: 7, failed: 1, skipped: 0 },
  },
  {
    source: 'test-summary',
    rel: `${SUMMARY}/02-example.xml`,
    at: 'test/junit.ts:24',
    level: 'runs',
    stated: { total: 30, passed: 21, failed: 9, skipped: 0 },
  },
  {
    source: 'test-summary',
    rel: `${SUMMARY}/03-junit.xml`,
    at: 'test/junit.ts:73',
    level: 'runs',
    stated: { total: 10, passed: 4, failed: 4, skipped: 2 },
  },
  {
    source: 'test-summary',
    rel: `${SUMMARY}/04-bazel-junit.xml`,
    at: 'test/junit.ts:120',
    level: 'runs',
    stated: { total: 2, passed: 1, failed: 1, skipped: 0 },
  },
  {
    source: 'test-summary',
    rel: `${SUMMARY}/05-empty.xml`,
    at: 'test/junit.ts:135',
    level: 'runs',
    stated: { total: 0, passed: 0, failed: 0, skipped: 0 },
  },
  {
    source: 'test-summary',
    rel: `${SUMMARY}/06-empty.xml`,
    at: 'test/junit.ts:144',
    level: 'runs',
    stated: { total: 0, passed: 0, failed: 0, skipped: 0 },
  },
  {
    source: 'ScaCap',
    rel: `${SCACAP}/TEST-pro.taskana.common.api.ListUtilTest-H2.xml`,
    at: 'utils.test.js:231',
    level: 'runs',
    stated: { total: 1, skipped: 0, failed: 1 },
  },
  {
    source: 'ScaCap',
    rel: `${SCACAP}/TEST-test.MyIntegrationTestSuite.xml`,
    at: 'utils.test.js:286',
    level: 'runs',
    stated: { total: 5, skipped: 0, failed: 2 },
  },
  {
    source: 'dorny',
    rel: `${DORNY}/empty/java-junit.xml`,
    at: '__tests__/java-junit.test.ts:27',
    level: 'runs',
    stated: { total: 0 },
  },
  {
    source: 'dorny',
    rel: `${DORNY}/empty/jest-junit.xml`,
    at: '__tests__/jest-junit.test.ts:27',
    level: 'runs',
    stated: { total: 0 },
  },
  {
    source: 'dorny',
    rel: `${DORNY}/empty/jest-junit-empty-testsuite.xml`,
    at: '__tests__/jest-junit.test.ts:43',
    level: 'runs',
    stated: { total: 0 },
  },
  {
    source: 'dorny',
    rel: `${DORNY}/empty/phpunit-empty.xml`,
    at: '__tests__/phpunit-junit.test.ts:27',
    level: 'runs',
    stated: { total: 0 },
  },
  {
    source: 'dorny',
    rel: `${DORNY}/external/java/empty_failures.xml`,
    at: '__tests__/java-junit.test.ts:136',
    level: 'runs',
    stated: { total: 3, failed: 1 },
  },
  {
    source: 'phoenix',
    rel: 'phoenix-actions__test-reporting/__tests__/fixtures/empty/java-junit.xml',
    at: '__tests__/java-junit.test.ts',
    level: 'runs',
    stated: { total: 0 },
  },
  {
    source: 'phoenix',
    rel: 'phoenix-actions__test-reporting/__tests__/fixtures/empty/jest-junit.xml',
    at: '__tests__/jest-junit.test.ts',
    level: 'runs',
    stated: { total: 0 },
  },
];

/** File and line of failures as the upstreams' annotations place them. */
const INLINE_LOCATIONS: readonly [
  source: string,
  rel: string,
  test: string,
  file: string | undefined,
  line: number,
][] = [
  [
    'mikepenz',
    `${MIKEPENZ}/tests/utils/target/surefire-reports/TEST-action.surefire.report.calc.CalcUtilsTest.xml`,
    'test error handling',
    'test_results/tests/utils/src/test/java/action/surefire/report/calc/CalcUtilsTest.kt',
    27,
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/tests/utils/target/surefire-reports/TEST-action.surefire.report.calc.CalcUtilsTest.xml`,
    'test scale',
    'test_results/tests/utils/src/test/java/action/surefire/report/calc/CalcUtilsTest.kt',
    15,
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/python/report.xml`,
    'test_which_fails',
    'test_results/python/test_sample.py',
    10,
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/python/report.xml`,
    'test_with_error',
    'test_results/python/test_sample.py',
    14,
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/catch2/report.xml`,
    'is constant evaluated',
    'test/unit/detail/utility/is_constant_evaluated.cpp',
    19,
  ],
  ['mikepenz', `${MIKEPENZ}/nextest/basic.xml`, 'test_failure', 'tests/parry3d.rs', 154],
  [
    'mikepenz',
    `${MIKEPENZ}/junit-web-test/expected.xml`,
    'asserts error',
    'packages/test-runner-junit-reporter/test/fixtures/multiple/simple-test.js',
    15,
  ],
  ['mikepenz', `${MIKEPENZ}/xunit/report.xml`, 'test_my_sum_fail', 'main.c', 38],
  ['mikepenz', `${MIKEPENZ}/xunit/report_fl_on_f.xml`, 'test_my_sum_fail', 'main.c', 38],
  [
    'mikepenz',
    `${MIKEPENZ}/multiple_failures/test_multiple_failures.xml`,
    'testWithMultipleFailures',
    undefined,
    15,
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/multiple_failures/test_multiple_errors.xml`,
    'testWithMultipleErrors',
    'src/test.ts',
    101,
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/cunit/testFailure.xml`,
    'loadFromXMLString_When_Should2Test',
    'loadFromXMLString_When_Should2Test',
    1,
  ],
  [
    'ScaCap',
    `${SCACAP}/TEST-pro.taskana.common.api.ListUtilTest-H2.xml`,
    'should_SplitListIntoChunks_When_CallingPartitionBasedOnSize',
    undefined,
    22,
  ],
  [
    'ScaCap',
    `${SCACAP}/TEST-test.MyIntegrationTestSuite.xml`,
    'shouldReturnBadRequestIfDocumentTypeIsInvalid',
    undefined,
    33,
  ],
  [
    'ScaCap',
    `${SCACAP}/TEST-test.MyIntegrationTestSuite.xml`,
    'shouldReturnBadRequestIfDocumentSizeIsZero',
    undefined,
    47,
  ],
  ['dorny', `${DORNY}/phpunit/phpunit-paths.xml`, 'testFailure', 'src/Fake.php', 42],
  ['dorny', `${DORNY}/phpunit/phpunit-paths.xml`, 'testStringFailure', 'src/Other.php', 10],
  ['dorny', `${DORNY}/phpunit/phpunit-paths.xml`, 'testParenFailure', 'src/Paren.php', 123],
  ['dorny', `${DORNY}/phpunit/phpunit-paths.xml`, 'testWindowsFailure', 'src/Win.php', 77],
  [
    'dorny',
    `${DORNY}/phpunit/phpunit-paths.xml`,
    'testWindowsParenFailure',
    'src/WinParen.php',
    88,
  ],
  ['dorny', `${DORNY}/phpunit/phpunit-paths.xml`, 'testPhptFailure', 'tests/Sample.phpt', 12],
];

/** Failure messages the upstreams assert; ours is the same on one line. */
const INLINE_MESSAGES: readonly [source: string, rel: string, test: string, message: string][] = [
  [
    'mikepenz',
    `${MIKEPENZ}/tests/utils/target/surefire-reports/TEST-action.surefire.report.calc.CalcUtilsTest.xml`,
    'test error handling',
    'unexpected exception type thrown; expected:<java.lang.IllegalStateException> but was:<java.lang.IllegalArgumentException>',
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/tests/utils/target/surefire-reports/TEST-action.surefire.report.calc.CalcUtilsTest.xml`,
    'test scale',
    'Expected: <100.10>\n     but: was <100.11>',
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/python/report.xml`,
    'test_which_fails',
    "AssertionError: assert 'test' == 'xyz'\n  - xyz\n  + test",
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/catch2/report.xml`,
    'is constant evaluated',
    'REQUIRE(v == 1) expands to 0 == 10',
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/issues/testFailedDisabled.xml`,
    'testSmemArithmetic',
    'Assert: Boolean true check failed.',
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/multiple_failures/test_multiple_failures.xml`,
    'testWithMultipleFailures',
    'First assertion failed',
  ],
  [
    'mikepenz',
    `${MIKEPENZ}/nextest/basic.xml`,
    'test_failure',
    "thread 'test_failure' panicked at tests/parry3d.rs:154:5:",
  ],
  ['test-summary', `${SUMMARY}/03-junit.xml`, 'failsTestFive', 'expected:<42> but was:<43>'],
  ['test-summary', `${SUMMARY}/08-failure-noattr-only-innertext.xml`, 'Test 1', 'Failed!'],
  [
    'ScaCap',
    `${SCACAP}/TEST-test.MyIntegrationTestSuite.xml`,
    'shouldReturnBadRequestIfDocumentTypeIsInvalid',
    'Status expected:<400> but was:<403>',
  ],
];

function inlineComparisons(): Comparison[] {
  const counts = INLINE.map((inline): Comparison => {
    const list = inline.level === 'runs' ? elements(inline.rel) : folded(inline.rel);
    const all = countsOf(list);
    const ours: Record<string, number> = {
      total: all.total,
      passed: all.passed,
      failed: all.failed + all.errored,
      skipped: all.skipped,
      flaky: list.filter(isFlaky).length,
      retries: list.reduce((sum, t) => sum + t.retries.length, 0),
    };
    const stated: Record<string, number | undefined> = { ...inline.stated };
    const picked = Object.fromEntries(Object.keys(stated).map((name) => [name, ours[name]]));
    return {
      source: inline.source,
      rel: inline.rel,
      what: `${inline.level} (${inline.at})`,
      theirs: stated,
      ours: picked,
    };
  });
  const located = INLINE_LOCATIONS.map(([source, rel, name, file, line]) =>
    locationComparison(source, rel, name, { file, line }),
  );
  const messages = INLINE_MESSAGES.map(([source, rel, name, message]): Comparison => {
    const test = elements(rel).find((t) => t.name === name && t.status !== 'passed');
    return {
      source,
      rel,
      what: `message of ${name}`,
      theirs: message.replace(/\s*\n\s*/g, ' '),
      ours: test?.message,
    };
  });
  const corrupt = `${MIKEPENZ}/corrupt-junit/e2e-tests/corrupt/target/sf-reports/TEST-test.CorruptTest.xml`;
  const parse: Comparison = {
    source: 'mikepenz',
    rel: corrupt,
    what: 'parse',
    theirs: '0 tests',
    ours: outcomeName(corrupt),
  };
  return [...counts, ...located, ...messages, parse];
}

/** Inputs no upstream states counts for: our own reading of each file, asserted exactly. */
const OWN: Record<string, Counts> = {
  [`${MIKEPENZ}/multiple/test_10.xml`]: { total: 3, passed: 3, failed: 0, errored: 0, skipped: 0 },
  [`${MIKEPENZ}/multiple/test_11.xml`]: { total: 3, passed: 2, failed: 1, errored: 0, skipped: 0 },
  [`${MIKEPENZ}/multiple/test_12.xml`]: { total: 3, passed: 2, failed: 0, errored: 0, skipped: 1 },
  // Surefire's flakyFailure child: passed in the end, one earlier failed attempt.
  [`${MIKEPENZ}/maven_surefire_flaky/surefire-report.xml`]: {
    total: 1,
    passed: 1,
    failed: 0,
    errored: 0,
    skipped: 0,
  },
  [`${MIKEPENZ}/python/report_flaky.xml`]: {
    total: 4,
    passed: 2,
    failed: 2,
    errored: 0,
    skipped: 0,
  },
  [`${MIKEPENZ}/tests/email/target/surefire-reports/TEST-action.surefire.report.email.EmailAddressTest.xml`]:
    { total: 9, passed: 2, failed: 2, errored: 5, skipped: 0 },
  [`${MIKEPENZ}/tests/utils/target/surefire-reports/TEST-action.surefire.report.calc.AllOkTest.xml`]:
    { total: 1, passed: 1, failed: 0, errored: 0, skipped: 0 },
  [`${MIKEPENZ}/tests/utils/target/surefire-reports/TEST-action.surefire.report.calc.StringUtilsTest.xml`]:
    { total: 5, passed: 2, failed: 2, errored: 0, skipped: 1 },
  [`${MIKEPENZ}/nested/multi-level.xml`]: {
    total: 3,
    passed: 3,
    failed: 0,
    errored: 0,
    skipped: 0,
  },
  ['ctrf-io__github-test-reporter/ctrf-reports/test-junit.xml']: {
    total: 10,
    passed: 7,
    failed: 1,
    errored: 1,
    skipped: 1,
  },
  [`${SUMMARY}/07-no-failure-message.xml`]: {
    total: 10,
    passed: 4,
    failed: 4,
    errored: 0,
    skipped: 2,
  },
  [`${SUMMARY}/08-failure-noattr-only-innertext.xml`]: {
    total: 1,
    passed: 0,
    failed: 1,
    errored: 0,
    skipped: 0,
  },
  [`${DORNY}/phpunit/phpunit-paths.xml`]: {
    total: 6,
    passed: 0,
    failed: 6,
    errored: 0,
    skipped: 0,
  },
};

/**
 * Where folding repeated <testcase> elements changes the count, and why that is what the
 * summary should show. Tools that keep every element (dorny, test-summary) count the runs.
 */
const FOLDED: Record<string, { readonly tests: Counts; readonly why: string }> = {
  ...phoenixCopies({
    [`${DORNY}/external/java/pulsar-test-report.xml`]: {
      tests: { total: 670, passed: 666, failed: 1, errored: 0, skipped: 3 },
      why:
        'TestNG lists data-provider invocations under one name (testNegativeAcks 32 times) and a ' +
        "retried attempt as a skip before the final run: 808 runs of 670 distinct tests, as EnricoMi's " +
        '"tests" would count them.',
    },
    [`${DORNY}/external/java/TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml`]: {
      tests: { total: 1, passed: 0, failed: 1, errored: 0, skipped: 0 },
      why: 'testVersionStrings is listed skipped (the retried attempt) then failed: one failed test.',
    },
    [`${DORNY}/external/jest/jest-test-results.xml`]: {
      tests: { total: 4142, passed: 4110, failed: 2, errored: 0, skipped: 30 },
      why:
        'Jest suites repeat titles within one file (test.each with a fixed title, copied describe ' +
        'blocks); the suite name is the test file, so only same-file repeats fold: 4239 runs, 4142 tests.',
    },
  }),
  [`${ENRICO}/junit-xml/mocha/latex-utensils.xml`]: {
    tests: { total: 101, passed: 101, failed: 0, errored: 0, skipped: 0 },
    why: 'Mocha titles repeated in one describe; EnricoMi counts 101 tests too.',
  },
  [`${SUMMARY}/02-example.xml`]: {
    tests: { total: 29, passed: 21, failed: 8, errored: 0, skipped: 0 },
    why:
      '"Arithmetic Division divides by zero" is listed twice in one suite, both failing: one ' +
      'test with a failed retry.',
  },
};

/** phoenix-actions/test-reporting carries copies of dorny's fixtures under the same paths. */
function phoenixCopies<T>(entries: Record<string, T>): Record<string, T> {
  const phoenix = 'phoenix-actions__test-reporting/__tests__/fixtures';
  return Object.fromEntries(
    Object.entries(entries).flatMap(([rel, value]) => [
      [rel, value],
      [rel.replace(DORNY, phoenix), value],
    ]),
  );
}

// ---------------------------------------------------------------------------------------------

function allComparisons(): Comparison[] {
  const inputs = junitInputs();
  return [...enricoComparisons(inputs), ...snapshotComparisons(inputs), ...inlineComparisons()];
}

function assertAsDocumented(comparison: Comparison): void {
  const difference = DIFFERENCES[key(comparison)];
  if (difference) {
    assert.notDeepEqual(comparison.ours, comparison.theirs, `${key(comparison)} now agrees`);
    assert.deepEqual(comparison.ours, difference.ours, key(comparison));
  } else {
    assert.deepEqual(comparison.ours, comparison.theirs, key(comparison));
  }
}

describe('JUnit corpus', NO_CORPUS, () => {
  test('every JUnit input is detected as JUnit and parsed; the negatives are refused', () => {
    const negatives: Record<string, { readonly detected: boolean; readonly reason: RegExp }> = {
      // <suites><suite>…: pytest-like, but not JUnit; EnricoMi: "Invalid format."
      [`${ENRICO}/junit-xml/non-junit.xml`]: {
        detected: false,
        reason:
          /^not a JUnit report: the root element is <suites>, not <testsuites> or <testsuite>$/,
      },
      // Cut off inside <skipped>; EnricoMi: "Premature end of data in tag skipped line 9".
      [`${ENRICO}/junit-xml/pytest/corrupt-xml.xml`]: {
        detected: true,
        reason:
          /^malformed XML: the file ends before <testsuites>, <testsuite>, <testcase>, <skipped> are closed/,
      },
      [`${ENRICO}/xml/empty.xml`]: { detected: false, reason: /^the file is empty$/ },
      [`${ENRICO}/xml/non-xml.xml`]: {
        detected: false,
        reason:
          /^not a JUnit report: the file is not XML \(it starts with "this is not an xml file"\)$/,
      },
      [`${MIKEPENZ}/corrupt-junit/e2e-tests/corrupt/target/sf-reports/TEST-test.CorruptTest.xml`]: {
        detected: true,
        reason:
          /^malformed XML: the file ends before <testsuite>, <testcase>, <system-out> are closed/,
      },
    };
    const inputs = junitInputs();
    assert.ok(inputs.length >= 110, `only ${inputs.length} JUnit inputs in the manifest`);
    for (const input of inputs) {
      const text = readFileSync(path.join(CORPUS, input.rel), 'utf8');
      const negative = negatives[input.rel];
      assert.equal(
        detectResultParser(text.slice(0, 4096))?.format === 'junit',
        negative ? negative.detected : true,
        `detect ${input.rel}`,
      );
      const outcome = read(input.rel);
      if (negative) {
        assert.ok(outcome instanceof ParseError, `${input.rel} should be refused`);
        assert.match(outcome.reason, negative.reason, input.rel);
      } else {
        assert.ok(!(outcome instanceof ParseError), `${input.rel}: ${String(outcome)}`);
      }
    }
    // Every negative the manifest marks is among those checked.
    for (const input of inputs.filter((i) => /negative/.test(i.format))) {
      assert.ok(negatives[input.rel], `${input.rel} is a negative without an expectation`);
    }
  });

  test('no other format of the corpus is taken for JUnit', () => {
    const lines = readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
    const others = lines.slice(1).flatMap((line) => {
      const [repo, , file, format, , role] = line.split('\t');
      return role === 'input' && !/^(?:junit-xml|xml:|non-xml)/.test(format!)
        ? [{ rel: `${repo!.replace('/', '__')}/${file!}`, format: format! }]
        : [];
    });
    assert.ok(others.length >= 80, `${others.length} other inputs`);
    for (const other of others) {
      const head = readFileSync(path.join(CORPUS, other.rel), 'utf8').slice(0, 4096);
      assert.equal(junitParser.detect(head), false, `${other.format}: ${other.rel}`);
    }
  });

  test('EnricoMi: runs and tests against its expected results (runs = every <testcase>, tests = after folding reruns)', () => {
    const comparisons = enricoComparisons(junitInputs());
    assert.equal(comparisons.filter((c) => c.what === 'tests').length, 27);
    for (const comparison of comparisons) assertAsDocumented(comparison);
  });

  test("dorny's and phoenix's snapshots: counts of every <testcase>, and failure locations", () => {
    const comparisons = snapshotComparisons(junitInputs());
    assert.equal(comparisons.filter((c) => c.what === 'runs').length, 25);
    for (const comparison of comparisons) assertAsDocumented(comparison);
  });

  test('mikepenz, test-summary, ScaCap and dorny inline asserts: counts and locations', () => {
    for (const comparison of inlineComparisons()) assertAsDocumented(comparison);
  });

  test('inputs no upstream counts: our own reading of each', () => {
    for (const [rel, counts] of Object.entries(OWN)) assert.deepEqual(runs(rel), counts, rel);
    const flaky = folded(`${MIKEPENZ}/maven_surefire_flaky/surefire-report.xml`);
    assert.ok(isFlaky(flaky[0]!));
  });

  test('where folding repeated test cases changes the count', () => {
    const inputs = junitInputs().filter((input) => !(read(input.rel) instanceof ParseError));
    const changed = inputs
      .filter((input) => runs(input.rel).total !== tests(input.rel).total)
      .map((input) => input.rel);
    // Each such file is either explained here or compared as folded against an upstream.
    const comparedFolded = new Set(
      [...enricoComparisons(inputs), ...inlineComparisons()]
        .filter((c) => c.what.startsWith('tests'))
        .map((c) => c.rel),
    );
    for (const rel of changed) {
      assert.ok(
        FOLDED[rel] ?? comparedFolded.has(rel),
        `${rel}: folding changes the count, unexplained`,
      );
    }
    for (const [rel, { tests: counts }] of Object.entries(FOLDED)) {
      assert.deepEqual(tests(rel), counts, rel);
    }
  });

  test('agreement: at least 95% on counts, files and comparisons, and every difference is a listed one', (t) => {
    const comparisons = allComparisons();
    const differs = (c: Comparison) => !isDeepStrictEqual(c.ours, c.theirs);
    const kind = (c: Comparison) =>
      c.what.startsWith('location')
        ? 'locations'
        : c.what.startsWith('message')
          ? 'messages'
          : 'counts';
    for (const name of ['counts', 'locations', 'messages']) {
      const of = comparisons.filter((c) => kind(c) === name);
      const files = new Set(of.map((c) => c.rel));
      const filesDiffering = new Set(of.filter(differs).map((c) => c.rel));
      const agreed = of.length - of.filter(differs).length;
      t.diagnostic(
        `${name}: ${agreed} of ${of.length} comparisons agree; ` +
          `${files.size - filesDiffering.size} of ${files.size} files agree in all`,
      );
      if (name === 'counts') {
        assert.ok(agreed / of.length >= 0.95, `${name}: ${agreed}/${of.length}`);
        assert.ok(
          filesDiffering.size / files.size <= 0.05,
          `${name}: ${filesDiffering.size} files`,
        );
      }
    }
    const differing = comparisons.filter(differs);
    for (const c of differing)
      t.diagnostic(`differs: ${key(c)}: ${DIFFERENCES[key(c)]?.why ?? '?'}`);
    assert.deepEqual(differing.map(key).sort(), Object.keys(DIFFERENCES).sort());
  });
});
