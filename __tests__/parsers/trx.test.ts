import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { mergeRetries } from '../../src/model/merge-retries.js';
import { isFlaky } from '../../src/model/tests.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { ParseError } from '../../src/parsers/parser.js';
import { parseTrx, trxParser } from '../../src/parsers/trx.js';
import { CORPUS, corpusInputs, NO_CORPUS } from '../support/corpus.js';
import {
  c,
  countsOf,
  testsOf,
  type Counts,
  enricoMiTotals,
  dornySnapshotCounts,
} from '../support/counts.js';
import { loadLazyLibraries } from '../support/libraries.js';

before(loadLazyLibraries);

const parse = (xml: string) => parseTrx(xml, { path: 'run.trx' });

const NS = 'xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"';

/** Shaped like `dotnet test --logger trx` output (VSTest 17, xUnit and MSTest adapters). */
const SAMPLE = `\uFEFF<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" name="ci 2025-01-01" ${NS}>
  <Times creation="2025-01-01T10:00:00.0000000+00:00" start="2025-01-01T10:00:00.1000000+00:00" finish="2025-01-01T10:00:02.6004321+00:00" />
  <Results>
    <UnitTestResult executionId="e1" testId="t1" testName="Acme.Tests.CalcTests.Adds" duration="00:00:00.0123456" outcome="Passed" />
    <UnitTestResult executionId="e2" testId="t2" testName="Acme.Tests.CalcTests.Divides" duration="00:00:01.5000000" outcome="Failed">
      <Output>
        <StdOut>dividing&#xD;
now</StdOut>
        <StdErr>warned</StdErr>
        <ErrorInfo>
          <Message>Assert.Equal() Failure&#xD;
Expected: 3&#xD;
Actual:   2</Message>
          <StackTrace>   at Acme.Calc.Div(Int32 a, Int32 b) in /src/Acme/Calc.cs:line 9&#xD;
   at Acme.Tests.CalcTests.Divides() in /src/Acme.Tests/CalcTests.cs:line 27</StackTrace>
        </ErrorInfo>
      </Output>
    </UnitTestResult>
    <UnitTestResult executionId="e3" testId="t3" testName="Crashes" duration="00:00:00.2000000" outcome="Error">
      <Output><ErrorInfo><Message>System.NullReferenceException : Object reference not set</Message>
        <StackTrace>   at Acme.Tests.CalcTests.&lt;Crashes&gt;d__4.MoveNext() in C:\\src\\Acme.Tests\\CalcTests.cs:line 44</StackTrace></ErrorInfo></Output>
    </UnitTestResult>
    <UnitTestResult executionId="e4" testId="t4" testName="Hangs" duration="1.00:00:00" outcome="Timeout" />
    <UnitTestResult executionId="e5" testId="t5" testName="Later" outcome="NotExecuted">
      <Output><ErrorInfo><Message>not ready yet</Message></ErrorInfo></Output>
    </UnitTestResult>
    <UnitTestResult executionId="e6" testId="t6" testName="Maybe" outcome="Inconclusive" />
    <UnitTestResult executionId="e7" testId="t7" testName="HostDied" outcome="Aborted" />
    <UnitTestResult executionId="e8" testId="t8" testName="BadSignature" outcome="NotRunnable">
      <Output><ErrorInfo><Message>UTA007: method BadSignature has the wrong signature</Message></ErrorInfo></Output>
    </UnitTestResult>
    <UnitTestResult executionId="e9" testId="t9" testName="Warns" outcome="Warning" />
  </Results>
  <TestDefinitions>
    <UnitTest name="Acme.Tests.CalcTests.Adds" id="t1"><TestMethod className="Acme.Tests.CalcTests" name="Adds" /></UnitTest>
    <UnitTest name="Acme.Tests.CalcTests.Divides" id="t2"><TestMethod className="Acme.Tests.CalcTests" name="Divides" /></UnitTest>
    <UnitTest name="Crashes" id="t3"><TestMethod className="Acme.Tests.CalcTests, Acme.Tests, Version=1.0.0.0, Culture=neutral" name="Crashes" /></UnitTest>
    <UnitTest name="Hangs" id="t4"><TestMethod className="Acme.Tests.SlowTests" name="Hangs" /></UnitTest>
    <UnitTest name="Later" id="t5"><TestMethod className="Acme.Tests.SlowTests" name="Later" /></UnitTest>
    <UnitTest name="Maybe" id="t6"><TestMethod className="Acme.Tests.SlowTests" name="Maybe" /></UnitTest>
    <UnitTest name="HostDied" id="t7"><TestMethod className="Acme.Tests.SlowTests" name="HostDied" /></UnitTest>
    <UnitTest name="BadSignature" id="t8"><TestMethod className="Acme.Tests.SlowTests" name="BadSignature" /></UnitTest>
    <UnitTest name="Warns" id="t9"><TestMethod className="Acme.Tests.SlowTests" name="Warns" /></UnitTest>
  </TestDefinitions>
  <ResultSummary outcome="Failed"><Counters total="9" executed="7" passed="1" failed="1" error="1" timeout="1" aborted="1" inconclusive="1" notRunnable="1" notExecuted="1" warning="1" /></ResultSummary>
</TestRun>`;

describe('TRX parser', () => {
  test('detects a <TestRun> root after a BOM, declaration and comments, and nothing else', () => {
    assert.ok(trxParser.detect(SAMPLE.slice(0, 300)));
    assert.ok(trxParser.detect(`<!-- written by vstest --><TestRun ${NS}>`));
    assert.ok(trxParser.detect('<?xml version="1.0"?>\r\n<TestRun id="x"'));
    assert.ok(!trxParser.detect('<?xml version="1.0"?><testsuites><testsuite name="TestRun">'));
    assert.ok(!trxParser.detect('<TestRunner/>'));
    assert.ok(!trxParser.detect('<test-run id="2" testcasecount="1">'));
    assert.ok(!trxParser.detect('<assemblies><assembly name="TestRun"'));
    assert.ok(!trxParser.detect('{"TestRun": 1}'));
    // The head can end anywhere, even inside the declaration.
    assert.ok(!trxParser.detect('<?xml version="1.0" enc'));
  });

  test('every outcome, names without their class, suites by class, times and the run span', () => {
    const report = parse(SAMPLE);
    assert.equal(report.format, 'trx');
    // From <Times> start to finish, to the millisecond.
    assert.equal(report.durationMs, 2500);
    assert.deepEqual(
      report.suites.map((suite) => [suite.name, suite.tests.map((t) => `${t.name}:${t.status}`)]),
      [
        ['Acme.Tests.CalcTests', ['Adds:passed', 'Divides:failed', 'Crashes:errored']],
        [
          'Acme.Tests.SlowTests',
          [
            'Hangs:errored',
            'Later:skipped',
            'Maybe:skipped',
            'HostDied:errored',
            'BadSignature:errored',
            'Warns:passed',
          ],
        ],
      ],
    );
    const [adds, divides, crashes, hangs, later, , , badSignature] = testsOf(report);
    assert.equal(adds!.durationMs, 12.346);
    assert.equal(hangs!.durationMs, 86_400_000);
    assert.equal(later!.message, 'not ready yet');
    assert.equal(badSignature!.message, 'UTA007: method BadSignature has the wrong signature');
    assert.deepEqual(
      {
        message: divides!.message,
        details: divides!.details,
        output: divides!.output,
        file: divides!.file,
        line: divides!.line,
        durationMs: divides!.durationMs,
      },
      {
        message: 'Assert.Equal() Failure',
        details: [
          'Assert.Equal() Failure',
          'Expected: 3',
          'Actual:   2',
          'at Acme.Calc.Div(Int32 a, Int32 b) in /src/Acme/Calc.cs:line 9',
          'at Acme.Tests.CalcTests.Divides() in /src/Acme.Tests/CalcTests.cs:line 27',
        ].join('\n'),
        output: 'dividing\nnow\nwarned',
        // The test's own frame, not the helper it called.
        file: '/src/Acme.Tests/CalcTests.cs',
        line: 27,
        durationMs: 1500,
      },
    );
    // Async tests fail inside their state machine, `<Crashes>d__4.MoveNext`.
    assert.deepEqual([crashes!.file, crashes!.line], ['C:\\src\\Acme.Tests\\CalcTests.cs', 44]);
    assert.equal(
      crashes!.details,
      'at Acme.Tests.CalcTests.<Crashes>d__4.MoveNext() in C:\\src\\Acme.Tests\\CalcTests.cs:line 44',
    );
  });

  test('data-driven rows are the tests; rows named alike get their row number', () => {
    const report = parse(`<TestRun ${NS}>
  <Results>
    <UnitTestResult executionId="p1" testId="d1" testName="IsEven" outcome="Failed" resultType="DataDrivenTest" duration="00:00:00.3">
      <InnerResults>
        <UnitTestResult executionId="r1" parentExecutionId="p1" testId="d1" testName="IsEven (2)" outcome="Passed" resultType="DataDrivenDataRow" dataRowInfo="1" duration="00:00:00.1" />
        <UnitTestResult executionId="r2" parentExecutionId="p1" testId="d1" testName="IsEven (3)" outcome="Failed" resultType="DataDrivenDataRow" dataRowInfo="2" duration="00:00:00.2">
          <Output><ErrorInfo><Message>Assert.IsTrue failed.</Message></ErrorInfo></Output>
        </UnitTestResult>
      </InnerResults>
    </UnitTestResult>
    <UnitTestResult executionId="p2" testId="d2" testName="FromCsv" outcome="Passed" resultType="DataDrivenTest">
      <InnerResults>
        <UnitTestResult executionId="r3" testId="d2" testName="FromCsv" outcome="Passed" dataRowInfo="1" />
        <UnitTestResult executionId="r4" testId="d2" testName="FromCsv" outcome="Passed" dataRowInfo="2" />
      </InnerResults>
    </UnitTestResult>
  </Results>
  <TestDefinitions>
    <UnitTest name="IsEven" id="d1"><TestMethod className="Acme.RowTests" name="IsEven" /></UnitTest>
    <UnitTest name="FromCsv" id="d2"><TestMethod className="Acme.RowTests" name="FromCsv" /></UnitTest>
  </TestDefinitions>
</TestRun>`);
    assert.deepEqual(
      testsOf(report).map((t) => `${t.suite} / ${t.name}: ${t.status}`),
      [
        'Acme.RowTests / IsEven (2): passed',
        'Acme.RowTests / IsEven (3): failed',
        'Acme.RowTests / FromCsv (row 1): passed',
        'Acme.RowTests / FromCsv (row 2): passed',
      ],
    );
    // No <Times>: the run lasted as long as its tests.
    assert.equal(report.durationMs, 300);
  });

  test('a test listed once per attempt (a retrying run) merges into one flaky test', () => {
    const report = parse(`<TestRun ${NS}>
  <Results>
    <UnitTestResult executionId="a1" testId="f1" testName="Flaky" outcome="Failed"><Output><ErrorInfo><Message>first try</Message></ErrorInfo></Output></UnitTestResult>
    <UnitTestResult executionId="a2" testId="f1" testName="Flaky" outcome="Passed" />
  </Results>
  <TestDefinitions><UnitTest name="Flaky" id="f1"><TestMethod className="Acme.Net" name="Flaky" /></UnitTest></TestDefinitions>
</TestRun>`);
    const merged = mergeRetries(testsOf(report));
    assert.equal(merged.length, 1);
    assert.equal(merged[0]!.status, 'passed');
    assert.ok(isFlaky(merged[0]!));
    assert.deepEqual(
      merged[0]!.retries.map((r) => [r.status, r.message]),
      [['failed', 'first try']],
    );
  });

  test('odd but valid files: no definitions, no results, unknown outcomes, huge messages', () => {
    assert.deepEqual(parse(`<TestRun ${NS}/>`), { format: 'trx', suites: [], durationMs: 0 });
    const huge = 'x'.repeat(2_000_000);
    const report = parse(`<TestRun ${NS}><Results>
  <UnitTestResult testName="Orphan" outcome="Failed"><Output><ErrorInfo><Message>${huge}</Message></ErrorInfo></Output></UnitTestResult>
  <UnitTestResult testName="Strange" outcome="SomethingNew" />
  <UnitTestResult testName="Broken" outcome="SomethingNew"><Output><ErrorInfo><Message>bad</Message></ErrorInfo></Output></UnitTestResult>
  <UnitTestResult />
</Results></TestRun>`);
    assert.deepEqual(
      testsOf(report).map((t) => [t.suite, t.name, t.status]),
      [
        ['', 'Orphan', 'failed'],
        ['', 'Strange', 'skipped'],
        ['', 'Broken', 'failed'],
        ['', '', 'passed'],
      ],
    );
    assert.equal(testsOf(report)[0]!.message!.length, 2_000_000);
  });

  const bad: [string, string, RegExp, number?][] = [
    ['empty', '  \n', /empty/],
    ['truncated', `<TestRun ${NS}><Results><UnitTestResult testName="a">`, /ends before/],
    ['another root', '<test-run id="1"/>', /not a TRX report: the root element is <test-run>/],
    [
      'an entity declaration',
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><TestRun ${NS}>&x;</TestRun>`,
      /declares XML entities/,
    ],
    [
      'a NUL character',
      `<TestRun ${NS}>\n<Results>\n<UnitTestResult testName="a\u0000"/></Results></TestRun>`,
      /character U\+0000, which XML does not allow/,
      3,
    ],
  ];
  for (const [what, xml, reason, line] of bad) {
    test(`${what} is a ParseError naming the file`, () => {
      assert.throws(
        () => parse(xml),
        (error: unknown) =>
          error instanceof ParseError &&
          error.file === 'run.trx' &&
          reason.test(error.reason) &&
          (line === undefined || error.line === line),
      );
    });
  }
});

interface Expectation {
  readonly ours: Counts;
  /** Where EnricoMi's totals differ from ours: its numbers, and why ours are right. */
  readonly enricomi?: { readonly counts: Counts; readonly why: string };
}

/** Every TRX file in the corpus, by `<owner>__<repo>/<path>`. */
const EXPECTED: Record<string, Expectation> = {
  'dorny__test-reporter/__tests__/fixtures/dotnet-trx.trx': { ours: c(11, 5, 5, 0, 1) },
  'dorny__test-reporter/__tests__/fixtures/dotnet-xunitv3.trx': { ours: c(4, 1, 3, 0, 0) },
  'dorny__test-reporter/__tests__/fixtures/empty/dotnet-trx-empty-test-definitions.trx': {
    ours: c(0, 0, 0, 0, 0),
  },
  'dorny__test-reporter/__tests__/fixtures/empty/dotnet-trx.trx': { ours: c(0, 0, 0, 0, 0) },
  'dorny__test-reporter/__tests__/fixtures/external/FluentValidation.Tests.trx': {
    ours: c(804, 803, 0, 0, 1),
  },
  'dorny__test-reporter/__tests__/fixtures/external/SilentNotes.trx': { ours: c(79, 67, 0, 0, 12) },
  'phoenix-actions__test-reporting/__tests__/fixtures/dotnet-trx.trx': { ours: c(11, 5, 5, 0, 1) },
  'phoenix-actions__test-reporting/__tests__/fixtures/empty/dotnet-trx.trx': {
    ours: c(0, 0, 0, 0, 0),
  },
  'phoenix-actions__test-reporting/__tests__/fixtures/external/FluentValidation.Tests.trx': {
    ours: c(804, 803, 0, 0, 1),
  },
  'phoenix-actions__test-reporting/__tests__/fixtures/external/SilentNotes.trx': {
    ours: c(79, 67, 0, 0, 12),
  },
  'EnricoMi__publish-unit-test-result-action/python/test/files/trx/mstest/pickles.trx': {
    ours: c(4, 3, 1, 0, 0),
  },
  'EnricoMi__publish-unit-test-result-action/python/test/files/trx/nunit/FluentValidation.Tests.trx':
    { ours: c(804, 803, 0, 0, 1) },
  'EnricoMi__publish-unit-test-result-action/python/test/files/trx/nunit/NUnit-net461-sample.trx': {
    ours: c(6, 2, 3, 0, 1),
  },
  'EnricoMi__publish-unit-test-result-action/python/test/files/trx/nunit/NUnit-netcoreapp3.1-sample.trx':
    { ours: c(6, 2, 3, 0, 1) },
  'EnricoMi__publish-unit-test-result-action/python/test/files/trx/nunit/SilentNotes.trx': {
    ours: c(79, 67, 0, 0, 12),
  },
  'EnricoMi__publish-unit-test-result-action/python/test/files/trx/xunit/dotnet-trx.trx': {
    ours: c(11, 5, 5, 0, 1),
  },
  'EnricoMi__publish-unit-test-result-action/python/test/files/trx/xunit/xUnit-net461-sample.trx': {
    ours: c(6, 2, 3, 0, 1),
  },
  'EnricoMi__publish-unit-test-result-action/python/test/files/trx/xunit/xUnit-netcoreapp3.1-sample.trx':
    { ours: c(6, 2, 3, 0, 1) },
  'EnricoMi__publish-unit-test-result-action/python/test/files/trx/yami_YAMILEX_2015-10-24_04_18_59.trx':
    {
      ours: c(25, 2, 2, 2, 19),
      enricomi: {
        counts: c(25, 2, 2, 0, 21),
        why:
          'EnricoMi counts every result that is neither passed nor failed as skipped. Two of them ' +
          'are not: EST_SEG_TEMPTest is "Aborted" (the file\'s RunInfo says the test host died ' +
          'during it) and CompareTest is "NotRunnable" (UTA007, its signature is wrong). The ' +
          "file's own counters keep them apart from the 19 notExecuted; they are errored.",
      },
    },
};

function manifestInputs(format: RegExp): string[] {
  return corpusInputs()
    .filter((input) => format.test(input.format))
    .map((input) => input.path);
}

describe('TRX corpus', NO_CORPUS, () => {
  test('every TRX input in the manifest has an expectation here', () => {
    assert.deepEqual(manifestInputs(/^trx/).sort(), Object.keys(EXPECTED).sort());
  });

  const enricoMi = existsSync(CORPUS) ? enricoMiTotals() : new Map<string, Counts>();
  for (const [file, expectation] of Object.entries(EXPECTED)) {
    test(file, () => {
      const text = new TextDecoder().decode(readFileSync(path.join(CORPUS, file)));
      assert.equal(detectResultParser(text.slice(0, 4096))?.format, 'trx');
      const report = parseTrx(text, { path: file });
      const ours = countsOf(report);
      assert.deepEqual(ours, expectation.ours);

      const upstream = enricoMi.get(file);
      if (upstream) assert.deepEqual(upstream, expectation.enricomi?.counts ?? ours);
      else assert.equal(expectation.enricomi, undefined, 'no EnricoMi totals for this file');

      // dorny/phoenix snapshot the parsed results; they have no "errored", only failed.
      const repo = file.split('/', 1)[0]!;
      const snapshot = path.join(CORPUS, repo, '__tests__/__snapshots__/dotnet-trx.test.ts.snap');
      const fixture = file.slice(repo.length + 1).replace('__tests__/', '');
      const snapped = existsSync(snapshot) ? dornySnapshotCounts(snapshot).get(fixture) : undefined;
      if (snapped) {
        assert.deepEqual(
          {
            success: snapped.success ?? 0,
            failed: snapped.failed ?? 0,
            skipped: snapped.skipped ?? 0,
          },
          { success: ours.passed, failed: ours.failed + ours.errored, skipped: ours.skipped },
        );
      }
    });
  }

  test('failure locations are the test method frames, not the helpers they called', () => {
    const file = 'dorny__test-reporter/__tests__/fixtures/dotnet-trx.trx';
    const report = parseTrx(readFileSync(path.join(CORPUS, file), 'utf8'), { path: file });
    const located = testsOf(report)
      .filter((t) => t.line !== undefined)
      .map((t) => `${t.name} ${path.win32.basename(t.file!)}:${t.line}`);
    assert.deepEqual(located.sort(), [
      // dorny points at Calculator.cs:9, the first frame in a tracked file; the test is here.
      'Exception_In_TargetTest CalculatorTests.cs:33',
      'Exception_In_Test CalculatorTests.cs:39',
      'Failing_Test CalculatorTests.cs:27',
      'Is_Even_Number(i: 3) CalculatorTests.cs:59',
      'Should be even number(i: 3) CalculatorTests.cs:67',
    ]);
  });

  test('localized stack traces (Spanish) still give the location', () => {
    const file =
      'EnricoMi__publish-unit-test-result-action/python/test/files/trx/yami_YAMILEX_2015-10-24_04_18_59.trx';
    const report = parseTrx(readFileSync(path.join(CORPUS, file), 'utf8'), { path: file });
    const failed = testsOf(report).find((t) => t.name === 'EST_INTER_TEMPTest')!;
    assert.deepEqual(
      [failed.file, failed.line],
      ['E:\\TMC\\Prueba_Sistema\\SIARAlgorithmTest.cs', 199],
    );
    assert.equal(
      failed.message,
      'El método de prueba Prueba_Sistema.SIARAlgorithmTest.EST_INTER_TEMPTest produjo la excepción:',
    );
  });
});
