/**
 * Our totals for whole files against the two kinds of upstream expectation that state totals:
 * EnricoMi's expected results for the 67 files in EXPECTED-enricomi.tsv, and dorny's and
 * phoenix's jest snapshots of the 44 fixtures they parse. Each file is read as the action reads
 * it: its format detected from its first bytes, then parsed whole.
 *
 * Against EnricoMi, the numbers compared are its per-test line (tests, tests_succ, tests_fail,
 * tests_error, tests_skip in the stats of the <stem>.results.json next to each input, which its
 * test suite asserts): each distinct test once, as our totals count after merging retries. The
 * TSV's columns are its runs line, summed from <testsuite> counters (junit.multiresult.xml has
 * runs_succ = -2); how many of those agree with our per-element counts is printed, not asserted.
 * Against the snapshots, which list one result per test element and have no errored, our
 * failed and errored together are their failed.
 *
 * Where we disagree, the file is listed in DIFFERENCES with both sets of numbers and the reason
 * ours is right; a listed file that comes to agree, or an unlisted one that comes to differ,
 * fails its test. The 95% the issue asks for is asserted with errored folded into failed (as
 * CTRF, dorny and phoenix count); the strict figure is asserted at its own floor.
 *
 * The per-format tests (junit-corpus, nunit, trx, xunit, mocha-json) hold the same files
 * against our own expected totals and locations; this one is the cross-format tally.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { readReportHead, readReportText } from '../../src/collect/read-report-file.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { ParseError } from '../../src/parsers/parser.js';
import { CORPUS, NO_CORPUS, corpusInputs } from '../support/corpus.js';
import {
  countsOf,
  dornySnapshotCounts,
  enricoMiTestTotals,
  enricoMiTotals,
  perTestTotalsOf,
  type Counts,
  type PerTestTotals,
} from '../support/counts.js';
import { loadLazyLibraries } from '../support/libraries.js';

before(loadLazyLibraries);

/** What dorny's and phoenix's model has: no errored (a failure is failed) and no runs. */
interface SnapshotCounts {
  readonly success: number;
  readonly failed: number;
  readonly skipped: number;
}

type Totals = PerTestTotals | SnapshotCounts;

/** Ours for a file we do not take for a test report (the action says so and reads nothing). */
const NOT_A_REPORT = 'not a report';

/** Our reading of a file: totals, NOT_A_REPORT, or `refused: <reason>` for a ParseError. */
type Ours = Totals | string;

interface Difference {
  readonly ours: Ours;
  readonly theirs: Totals;
  readonly why: string;
}

/** A per-test line written compactly, in EnricoMi's order: tests, succ, fail, error, skip. */
const perTest = (
  tests: number,
  passed: number,
  failed: number,
  errored: number,
  skipped: number,
): PerTestTotals => ({ tests, passed, failed, errored, skipped });

const E = 'EnricoMi__publish-unit-test-result-action/python/test/files';
const PHOENIX = 'phoenix-actions__test-reporting/__tests__/fixtures';

const LABEL_ERROR =
  'NUnit 3 writes result="Failed" label="Error" for a test that threw an unexpected exception ' +
  '(ResultState.Error). NUnit documents the label as "a more detailed breakdown for use by ' +
  'client runners" (docs.nunit.org, ResultState), and nunit3-console itself reports these as ' +
  '"Errors", apart from "Failures". That is what our errored means (README, outputs: crashed ' +
  'rather than failed an assertion, where the format tells them apart), and what a JUnit ' +
  '<error> is ("an unanticipated problem, e.g. an unchecked throwable", Ant JUnit schema). ' +
  'NUnit 2 writes the same test as result="Error", which EnricoMi counts errored too ' +
  "(NUnit-correct.xml); its nunit3-to-junit.xslt only looks for result='Error', a word NUnit 3 " +
  'never writes, so every NUnit 3 exception becomes a <failure>.';

const DATA_ROWS =
  "EnricoMi's xunit-to-junit.xslt names each <testcase> by the <test>'s method attribute, not " +
  'its name, so the rows of one theory (other arguments, even other generic types) become runs ' +
  'of one test, and its per-test line gives that test the most severe of their outcomes ' +
  '(aggregate_states in unittestresults.py: error, then failure, then success, then skipped). ' +
  "xUnit names and counts each row as a test of its own (the assembly's total attribute is our " +
  'number); folding them loses the passing rows and makes a row that failed stand for rows ' +
  'of other arguments that passed.';

/**
 * Every file where our totals are not upstream's: both, exactly, and why ours are right.
 * EnricoMi's numbers are its per-test line from the file's .results.json (tests, tests_succ,
 * tests_fail, tests_error, tests_skip: the test cases grouped by class and name, each group
 * given its most severe outcome), in the order of `perTest`.
 */
const DIFFERENCES: Record<string, Difference> = {
  // -- JUnit (src/parsers/junit.ts) --------------------------------------------------------------
  // -- NUnit (src/parsers/nunit.ts) --------------------------------------------------------------
  [`${E}/nunit/mstest/clicketyclackety.xml`]: {
    ours: perTest(23, 13, 1, 9, 0),
    theirs: perTest(23, 13, 10, 0, 0),
    why: `9 of the 10 failed tests are label="Error", 1 is a plain failure. ${LABEL_ERROR}`,
  },
  [`${E}/nunit/mstest/timewarpinc.xml`]: {
    ours: perTest(1, 0, 0, 1, 0),
    theirs: perTest(1, 0, 1, 0, 0),
    why: `The one test is label="Error". ${LABEL_ERROR}`,
  },
  [`${E}/nunit/nunit3/jenkins/NUnit-issue44527.xml`]: {
    ours: perTest(150, 6, 1, 143, 0),
    theirs: perTest(150, 6, 144, 0, 0),
    why:
      '133 tests are label="Error" and 10 are label="Invalid" site="Parent": their fixtures ' +
      'could not be built ("OneTimeSetUp: No suitable constructor was found"), so they never ' +
      'started (start-time 0001-01-01) - "a problem with the implementation of the test", an ' +
      `error in JUnit's terms, as NUnit 2's NotRunnable (NUnit-correct.xml). ${LABEL_ERROR}`,
  },
  [`${E}/nunit/nunit3/jenkins/NUnit-correct.xml`]: {
    ours: perTest(28, 18, 1, 4, 5),
    theirs: perTest(28, 18, 1, 1, 8),
    why:
      'Three tests are result="NotRunnable" (a non-public test method, a test method with ' +
      "arguments and none given, a fixture without a usable constructor). EnricoMi's XSLT " +
      'makes them <skipped>; but they are broken tests, and NUnit 2 does not treat them as ' +
      'skipped: the file counts them as invalid="3", and nunit-console 2.6 exits non-zero for ' +
      'them (its exit code is errors + failures + invalid, asserted against the real tool in ' +
      'nunit.test.ts). A skipped count would leave a run green that NUnit fails: errored.',
  },

  // -- TRX (src/parsers/trx.ts) ------------------------------------------------------------------
  [`${E}/trx/yami_YAMILEX_2015-10-24_04_18_59.trx`]: {
    ours: perTest(25, 2, 2, 2, 19),
    theirs: perTest(25, 2, 2, 0, 21),
    why:
      "EnricoMi's trx-to-junit.xslt makes every outcome other than Passed, Failed and Error " +
      '<skipped>, Timeout and Aborted included. Two of these 21 did not skip: EST_SEG_TEMPTest ' +
      'is "Aborted" after running 4.6 s (the RunInfo says the test host process ended ' +
      'unexpectedly; the run\'s ResultSummary outcome is "Error") and CompareTest is ' +
      '"NotRunnable" (UTA007: its method signature is wrong). The file\'s own counters keep ' +
      'them apart from the 19 notExecuted (aborted="1" notRunnable="1"): errored.',
  },

  // -- xUnit.net (src/parsers/xunit.ts) ----------------------------------------------------------
  [`${E}/xunit/mstest/fixie.xml`]: {
    ours: perTest(7, 3, 3, 0, 1),
    theirs: perTest(5, 1, 3, 0, 1),
    why:
      'ShouldBeString<String>("A"), ShouldBeString<String>("B") (both pass) and ' +
      'ShouldBeString<Int32>(123) (fails) are one failed test there, so 2 of the 3 passes ' +
      `disappear. ${DATA_ROWS}`,
  },
  [`${E}/xunit/mstest/pickles.xml`]: {
    ours: perTest(4, 3, 1, 0, 0),
    theirs: perTest(3, 2, 1, 0, 0),
    why:
      'The two passing example rows of AddingSeveralNumbers (40 + 50, 60 + 70) are one passed ' +
      `test there. ${DATA_ROWS}`,
  },

  // -- Mocha JSON and mochawesome (src/parsers/mocha-json.ts, mochawesome.ts) --------------------
  [`${E}/mocha/tests.json`]: {
    ours: perTest(5, 2, 2, 0, 1),
    theirs: perTest(5, 2, 1, 1, 1),
    why:
      "EnricoMi's mocha.py makes a failure an error when its err has an errorMode field. That " +
      'field belongs to the Unexpected assertion library\'s UnexpectedError: "Test .clone() ' +
      "should copy the title\" failed an assertion (expected 'To be cloned' to be 'Not to be " +
      "cloned'), it did not crash. Mocha's JSON has no failure/error distinction (both are in " +
      'its failures list), so both failures are failed.',
  },
  [`${PHOENIX}/mochawesome-json.json`]: {
    ours: { success: 1, failed: 4, skipped: 1 },
    theirs: { success: 1, failed: 4, skipped: 0 },
    why:
      "phoenix's mochawesome parser (src/parsers/mochawesome-json/mochawesome-json-parser.ts) " +
      'keeps the tests with pass, fail or skipped set; "Skipped test" is pending (pending: ' +
      'true, skipped: false), so it is dropped and phoenix lists 5 of the 6 tests. The file ' +
      "lists it and its stats say tests 6, pending 1: a pending test is skipped, as in Mocha's " +
      'own JSON.',
  },
};

/**
 * The target: at least 95% of the compared files agree. Counted with errored folded
 * into failed, because two of the three upstreams (dorny, phoenix) and CTRF, the format of our
 * own JSON report, have no errored status, and errored is a kind of not-passed that fails the
 * run as failed does: 106 of 111 (95.5%). Strictly, with EnricoMi's errored kept apart, 102 of
 * 111 (91.9%): the four more are NUnit 3 label="Error"/"Invalid" (3 files) and a Mocha
 * assertion library's errorMode (1), where we tell crashes from failures as the writing tool
 * does (NUnit's console lists them as "Errors"). The five left either way are NUnit 2
 * NotRunnable and TRX Aborted/NotRunnable as errored (2, as those runners count them), xUnit
 * theory rows as tests of their own (2, as xUnit's total) and a mochawesome pending test kept
 * as skipped (1, as its stats). Both floors are asserted, so a new difference needs a `why`
 * above and a deliberate change here.
 */
const MIN_AGREEMENT = 0.95;
const MIN_STRICT_AGREEMENT = 102 / 111;

interface Comparison {
  readonly source: 'EnricoMi' | 'dorny' | 'phoenix';
  /** The path under the corpus, as EXPECTED-enricomi.tsv and DIFFERENCES write it. */
  readonly file: string;
  readonly theirs: Totals;
  /** Our totals in the same shape as theirs. */
  readonly ours: () => Promise<Ours>;
  /** EnricoMi only: its runs line (the TSV's columns) and ours per element, for a diagnostic. */
  readonly runsLine?: { readonly theirs: Counts; readonly ours: () => Promise<Counts | string> };
}

/** Our totals for one file: per result element (`runs`) and per test with retries merged. */
interface Reading {
  readonly runs: Counts;
  readonly perTest: PerTestTotals;
}

const readings = new Map<string, Promise<Reading | string>>();

/** The file read as the action reads it: detected from its head, then parsed whole. */
function ourReading(file: string): Promise<Reading | string> {
  let reading = readings.get(file);
  if (!reading) {
    reading = (async () => {
      const absolute = path.join(CORPUS, file);
      const { head, binary } = await readReportHead(absolute);
      if (binary) return 'refused: binary content, not a text report';
      const parser = detectResultParser(head);
      if (!parser) return NOT_A_REPORT;
      try {
        const report = parser.parse(await readReportText(absolute), { path: file });
        return { runs: countsOf(report), perTest: perTestTotalsOf(report) };
      } catch (error) {
        if (error instanceof ParseError) return `refused: ${error.reason}`;
        throw error;
      }
    })();
    readings.set(file, reading);
  }
  return reading;
}

/** Our side of a comparison: one part of the reading, or why there is none. */
const partOf =
  <T>(file: string, part: (reading: Reading) => T) =>
  async (): Promise<T | string> => {
    const reading = await ourReading(file);
    return typeof reading === 'string' ? reading : part(reading);
  };

/** One comparison per row of EXPECTED-enricomi.tsv, on the per-test line of its results.json. */
function enricoMiComparisons(): Comparison[] {
  const runsLines = enricoMiTotals();
  return [...enricoMiTestTotals()].map(([file, theirs]) => ({
    source: 'EnricoMi',
    file,
    theirs,
    ours: partOf(file, (reading) => reading.perTest),
    runsLine: { theirs: runsLines.get(file)!, ours: partOf(file, (reading) => reading.runs) },
  }));
}

/** One comparison per fixture that dorny's or phoenix's snapshots hold. */
function snapshotComparisons(): Comparison[] {
  const sources = [
    ['dorny', 'dorny__test-reporter'],
    ['phoenix', 'phoenix-actions__test-reporting'],
  ] as const;
  return sources.flatMap(([source, repo]) => {
    const dir = path.join(CORPUS, repo, '__tests__/__snapshots__');
    return readdirSync(dir)
      .sort()
      .flatMap((snapshot) => [...dornySnapshotCounts(path.join(dir, snapshot))])
      .map(([fixture, results]): Comparison => {
        // Snapshots name fixtures relative to __tests__ ("fixtures/…"); a few to the repository.
        const file =
          [`${repo}/__tests__/${fixture}`, `${repo}/${fixture}`].find((candidate) =>
            existsSync(path.join(CORPUS, candidate)),
          ) ?? `${repo}/__tests__/${fixture}`;
        return {
          source,
          file,
          theirs: {
            success: results['success'] ?? 0,
            failed: results['failed'] ?? 0,
            skipped: results['skipped'] ?? 0,
          },
          // One result per test element, and no errored: our failed and errored are their failed.
          ours: partOf(file, ({ runs }) => ({
            success: runs.passed,
            failed: runs.failed + runs.errored,
            skipped: runs.skipped,
          })),
        };
      });
  });
}

/**
 * The inputs the corpus's MANIFEST marks "[negative: expected parse error]": their expectation
 * is a refusal. One of them is compared (NUnit-sec1752-https.xml, an XXE sample): EnricoMi's
 * strict reading of it is a ParseError (its .exception file), and its lenient one, which its
 * results.json and the TSV record, counts the 2 test cases past the unexpanded entity. We refuse
 * every file that declares entities, naming the reason: no entity expansion, no external fetch.
 */
const NEGATIVE_SAMPLES = new Set(
  corpusInputs()
    .filter((input) => input.format.includes('[negative: expected parse error]'))
    .map((input) => input.path),
);

/**
 * Whether ours and theirs agree. A file we do not detect as a report (the action says "not a
 * test report format the action reads" and counts nothing) agrees with an upstream that counts
 * no tests in it either: EnricoMi's row for non-junit.xml is all zeros with a parse error
 * ("Unsupported file format"), the same outcome in other words. Against any test it counts,
 * not detecting the file is a difference.
 */
function agrees(ours: Ours | Counts, theirs: Totals | Counts, file?: string): boolean {
  if (file !== undefined && NEGATIVE_SAMPLES.has(file)) {
    return typeof ours === 'string' && (ours === NOT_A_REPORT || ours.startsWith('refused:'));
  }
  if (ours === NOT_A_REPORT) return Object.values(theirs).every((n) => n === 0);
  return isDeepStrictEqual(ours, theirs);
}

/** Errored counted as failed, as CTRF and dorny count; totals without errored stay as they are. */
function foldErrored(totals: Totals): Totals;
function foldErrored(totals: Ours): Ours;
function foldErrored(totals: Ours): Ours {
  if (typeof totals === 'string' || !('errored' in totals)) return totals;
  return { ...totals, failed: totals.failed + totals.errored, errored: 0 };
}

const percent = (part: number, whole: number) =>
  `${part}/${whole} = ${((100 * part) / whole).toFixed(1)}%`;

const show = (totals: Ours | Counts) =>
  typeof totals === 'string' ? totals : JSON.stringify(totals);

describe(
  'corpus agreement: our totals against EnricoMi and the dorny/phoenix snapshots',
  NO_CORPUS,
  () => {
    const comparisons = existsSync(CORPUS)
      ? [...enricoMiComparisons(), ...snapshotComparisons()]
      : [];

    test('every file is compared: 67 EnricoMi rows and 44 snapshot fixtures, each once', () => {
      assert.equal(comparisons.filter((x) => x.source === 'EnricoMi').length, 67);
      assert.equal(comparisons.filter((x) => x.source !== 'EnricoMi').length, 44);
      assert.equal(comparisons.length, 111);
      assert.equal(new Set(comparisons.map((x) => x.file)).size, comparisons.length);
      for (const { file } of comparisons) assert.ok(existsSync(path.join(CORPUS, file)), file);
      const compared = new Set(comparisons.map((x) => x.file));
      const unknown = Object.keys(DIFFERENCES).filter((file) => !compared.has(file));
      assert.deepEqual(unknown, [], 'DIFFERENCES lists files that are not compared');
    });

    for (const comparison of comparisons) {
      test(`${comparison.source}: ${comparison.file}`, async () => {
        const ours = await comparison.ours();
        const { theirs, file } = comparison;
        const listed = DIFFERENCES[file];
        if (agrees(ours, theirs, file)) {
          assert.equal(listed, undefined, `${file} agrees now (${show(ours)}): unlist it`);
          return;
        }
        assert.ok(
          listed,
          `${file}: ours ${show(ours)}, ${comparison.source} ${show(theirs)}, not in DIFFERENCES`,
        );
        assert.deepEqual({ ours, theirs }, { ours: listed.ours, theirs: listed.theirs }, file);
        assert.ok(listed.why.length > 80, `${file}: say why ours is right`);
      });
    }

    test('agreement over all compared files', async (t) => {
      const results = await Promise.all(
        comparisons.map(async (comparison) => ({
          comparison,
          ours: await comparison.ours(),
        })),
      );
      const differing = results.filter(
        ({ comparison, ours }) => !agrees(ours, comparison.theirs, comparison.file),
      );
      const agreeing = results.length - differing.length;
      t.diagnostic(`agree ${percent(agreeing, results.length)}`);
      const agreeingFolded = results.filter(({ comparison, ours }) =>
        agrees(foldErrored(ours), foldErrored(comparison.theirs), comparison.file),
      ).length;
      t.diagnostic(
        `agree with errored folded into failed (as CTRF and dorny count): ` +
          percent(agreeingFolded, results.length),
      );
      const runsLines = await Promise.all(
        comparisons.flatMap(({ runsLine }) =>
          runsLine ? [runsLine.ours().then((ours) => agrees(ours, runsLine.theirs))] : [],
        ),
      );
      t.diagnostic(
        "EnricoMi's runs line (EXPECTED-enricomi.tsv columns) against our counts per element, " +
          `not asserted: ${percent(runsLines.filter(Boolean).length, runsLines.length)}`,
      );
      for (const { comparison, ours } of differing) {
        t.diagnostic(
          `differs: ${comparison.file}: ours ${show(ours)}, ${comparison.source} ` +
            `${show(comparison.theirs)}: ${DIFFERENCES[comparison.file]?.why ?? 'unexplained'}`,
        );
      }
      assert.deepEqual(
        differing.map(({ comparison }) => comparison.file).sort(),
        Object.keys(DIFFERENCES).sort(),
      );
      assert.ok(
        agreeingFolded / results.length >= MIN_AGREEMENT,
        `agreement ${agreeingFolded}/${results.length} is below 95%`,
      );
      assert.ok(
        agreeing / results.length >= MIN_STRICT_AGREEMENT,
        `strict agreement ${agreeing}/${results.length} is below its floor`,
      );
    });
  },
);
