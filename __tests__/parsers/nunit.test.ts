import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import type { TestReport } from '../../src/model/tests.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { nunitParser, parseNunit } from '../../src/parsers/nunit.js';
import { ParseError } from '../../src/parsers/parser.js';
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

const parse = (xml: string) => parseNunit(xml, { path: 'TestResult.xml' });
const statuses = (report: TestReport) =>
  report.suites.map((suite) => [suite.name, suite.tests.map((t) => `${t.name}:${t.status}`)]);

/** Shaped like nunit3-console 3.16 output. */
const NUNIT3 = `<?xml version="1.0" encoding="utf-8" standalone="no"?>
<test-run id="0" testcasecount="12" result="Failed" total="12" passed="3" failed="5" warnings="1" inconclusive="1" skipped="2" duration="1.250000">
  <command-line><![CDATA[nunit3-console Acme.Tests.dll]]></command-line>
  <test-suite type="Assembly" id="0-1" name="Acme.Tests.dll" fullname="/src/Acme.Tests.dll" result="Failed" site="Child" duration="1.2">
    <test-suite type="TestSuite" id="0-2" name="Acme" fullname="Acme" result="Failed" site="Child">
      <test-suite type="TestFixture" id="0-3" name="CalcTests" fullname="Acme.CalcTests" classname="Acme.CalcTests" result="Failed" site="Child">
        <failure><message><![CDATA[One or more child tests had errors]]></message></failure>
        <test-case id="0-4" name="Adds" fullname="Acme.CalcTests.Adds" methodname="Adds" classname="Acme.CalcTests" result="Passed" duration="0.010000" />
        <test-case id="0-5" name="Divides" fullname="Acme.CalcTests.Divides" methodname="Divides" classname="Acme.CalcTests" result="Failed" duration="0.250000">
          <failure>
            <message><![CDATA[  Expected: 3
  But was:  2
]]></message>
            <stack-trace><![CDATA[   at Acme.Calc.Div(Int32 a, Int32 b) in /src/Acme/Calc.cs:line 9
   at Acme.CalcTests.Divides() in /src/Acme.Tests/CalcTests.cs:line 27
]]></stack-trace>
          </failure>
          <output><![CDATA[dividing 6 by 2
]]></output>
        </test-case>
        <test-case id="0-6" name="Throws" fullname="Acme.CalcTests.Throws" methodname="Throws" classname="Acme.CalcTests" result="Failed" label="Error" duration="0.001">
          <failure><message><![CDATA[System.InvalidOperationException : boom]]></message>
            <stack-trace><![CDATA[   at Acme.CalcTests.Throws() in /src/Acme.Tests/CalcTests.cs:line 33]]></stack-trace></failure>
        </test-case>
        <test-case id="0-7" name="Stopped" fullname="Acme.CalcTests.Stopped" classname="Acme.CalcTests" result="Failed" label="Cancelled" />
        <test-case id="0-8" name="Later" fullname="Acme.CalcTests.Later" classname="Acme.CalcTests" result="Skipped" label="Ignored">
          <reason><message><![CDATA[not yet]]></message></reason>
        </test-case>
        <test-case id="0-9" name="Manual" fullname="Acme.CalcTests.Manual" classname="Acme.CalcTests" result="Skipped" label="Explicit" />
        <test-case id="0-10" name="Unsure" fullname="Acme.CalcTests.Unsure" classname="Acme.CalcTests" result="Inconclusive" />
        <test-case id="0-11" name="Warns" fullname="Acme.CalcTests.Warns" classname="Acme.CalcTests" result="Warning">
          <reason><message><![CDATA[careful]]></message></reason>
        </test-case>
        <test-suite type="ParameterizedMethod" id="0-12" name="IsEven" fullname="Acme.CalcTests.IsEven" classname="Acme.CalcTests" result="Failed" site="Child">
          <test-case id="0-13" name="IsEven(2)" fullname="Acme.CalcTests.IsEven(2)" methodname="IsEven" classname="Acme.CalcTests" result="Passed" />
          <test-case id="0-14" name="IsEven(3)" fullname="Acme.CalcTests.IsEven(3)" methodname="IsEven" classname="Acme.CalcTests" result="Failed">
            <failure><message><![CDATA[Expected: True]]></message>
              <stack-trace><![CDATA[   at Acme.CalcTests.IsEven(Int32 i) in /src/Acme.Tests/CalcTests.cs:line 40]]></stack-trace></failure>
          </test-case>
        </test-suite>
      </test-suite>
      <test-suite type="TestFixture" id="0-20" name="DbTests" fullname="Acme.DbTests" classname="Acme.DbTests" result="Failed" label="Error" site="SetUp">
        <failure><message><![CDATA[System.Exception : no database]]></message></failure>
        <test-case id="0-21" name="Reads" fullname="Acme.DbTests.Reads" classname="Acme.DbTests" result="Failed" label="Error" site="Parent">
          <failure><message><![CDATA[OneTimeSetUp: System.Exception : no database]]></message></failure>
        </test-case>
      </test-suite>
      <test-suite type="TestFixture" id="0-30" name="FileTests" fullname="Acme.FileTests" classname="Acme.FileTests" result="Failed" label="Error" site="TearDown">
        <failure><message><![CDATA[TearDown : System.IO.IOException : file in use]]></message>
          <stack-trace><![CDATA[   at Acme.FileTests.Cleanup() in /src/Acme.Tests/FileTests.cs:line 12]]></stack-trace></failure>
        <test-case id="0-31" name="Writes" fullname="Acme.FileTests.Writes" classname="Acme.FileTests" result="Passed" />
      </test-suite>
    </test-suite>
  </test-suite>
</test-run>`;

/** Shaped like nunit-console 2.6 output, Mono stack traces included. */
const NUNIT2 = `<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!--This file represents the results of running a test suite-->
<test-results name="/src/Sample.dll" total="6" errors="1" failures="1" not-run="2" inconclusive="0" ignored="1" skipped="0" invalid="1" date="2025-01-01" time="10:00:00">
  <environment nunit-version="2.6.4.0" />
  <test-suite type="Assembly" name="/src/Sample.dll" executed="True" result="Failure" success="False" time="0.058">
    <results>
      <test-suite type="Namespace" name="Sample" executed="True" result="Failure" success="False" time="0.054">
        <results>
          <test-suite type="Namespace" name="Unit" executed="True" result="Failure" success="False" time="0.054">
            <results>
              <test-suite type="TestFixture" name="CalcTests" executed="True" result="Failure" success="False" time="0.050">
                <results>
                  <test-case name="Sample.Unit.CalcTests.Fails" executed="True" result="Failure" success="False" time="0.016" asserts="1">
                    <failure>
                      <message><![CDATA[  sum
  Expected: 3
  But was:  2
]]></message>
                      <stack-trace><![CDATA[at Sample.Unit.CalcTests.Fails () [0x00008] in /src/Sample.cs:8
at (wrapper managed-to-native) System.Reflection.RuntimeMethodInfo.InternalInvoke(System.Reflection.RuntimeMethodInfo,object,object[],System.Exception&)
]]></stack-trace>
                    </failure>
                  </test-case>
                  <test-case name="Sample.Unit.CalcTests.Throws" executed="True" result="Error" success="False" time="0.001">
                    <failure><message><![CDATA[System.InvalidOperationException : boom]]></message><stack-trace><![CDATA[]]></stack-trace></failure>
                  </test-case>
                  <test-case name="Sample.Unit.CalcTests.Ignored" executed="False" result="Ignored">
                    <reason><message><![CDATA[not yet]]></message></reason>
                  </test-case>
                  <test-case name="Sample.Unit.CalcTests.NeedsArguments" executed="False" result="NotRunnable">
                    <reason><message><![CDATA[No arguments were provided]]></message></reason>
                  </test-case>
                  <test-suite type="ParameterizedTest" name="IsEven" executed="True" result="Success" success="True" time="0.001">
                    <results>
                      <test-case name="Sample.Unit.CalcTests.IsEven(2)" executed="True" result="Success" success="True" time="0.000" />
                    </results>
                  </test-suite>
                </results>
              </test-suite>
              <test-suite type="TestFixture" name="BrokenTearDown" executed="True" result="Failure" success="False" time="0.013">
                <results>
                  <test-case name="Sample.Unit.BrokenTearDown.StillPasses" executed="True" result="Success" success="True" time="0.008" />
                </results>
              </test-suite>
            </results>
          </test-suite>
        </results>
      </test-suite>
    </results>
  </test-suite>
</test-results>`;

describe('NUnit parser', () => {
  test('detects <test-run>, <test-results> and <test-suite> roots, and nothing else', () => {
    assert.ok(nunitParser.detect(NUNIT3.slice(0, 200)));
    assert.ok(nunitParser.detect(NUNIT2.slice(0, 200)));
    assert.ok(nunitParser.detect('\uFEFF<test-suite type="Assembly" id="1070" name="A.dll">'));
    assert.ok(nunitParser.detect("<test-results name='IEUnit Tests' total='6'>"));
    assert.ok(!nunitParser.detect('<testsuites><testsuite name="test-run"/></testsuites>'));
    assert.ok(!nunitParser.detect('<TestRun xmlns="x"><test-run/>'));
    assert.ok(!nunitParser.detect('<test-runner/>'));
    assert.ok(!nunitParser.detect('<assemblies><assembly name="test-results">'));
  });

  test('NUnit 3: results, labels, sites, output, locations and the run duration', () => {
    const report = parse(NUNIT3);
    assert.equal(report.format, 'nunit');
    assert.equal(report.durationMs, 1250);
    assert.deepEqual(statuses(report), [
      [
        'Acme.CalcTests',
        [
          'Adds:passed',
          'Divides:failed',
          'Throws:errored',
          'Stopped:failed',
          'Later:skipped',
          'Manual:skipped',
          'Unsure:skipped',
          'Warns:passed',
          'IsEven(2):passed',
          'IsEven(3):failed',
        ],
      ],
      // The failed OneTimeSetUp shows through the test it took down: no extra entry.
      ['Acme.DbTests', ['Reads:errored']],
      // A OneTimeTearDown failure has no failing test to show it: it gets an entry of its own.
      ['Acme.FileTests', ['Writes:passed', 'OneTimeTearDown:errored']],
    ]);
    const byName = new Map(testsOf(report).map((t) => [t.name, t]));
    const divides = byName.get('Divides')!;
    assert.deepEqual(
      {
        message: divides.message,
        details: divides.details,
        output: divides.output,
        file: divides.file,
        line: divides.line,
        durationMs: divides.durationMs,
      },
      {
        message: 'Expected: 3',
        details: [
          'Expected: 3',
          'But was:  2',
          'at Acme.Calc.Div(Int32 a, Int32 b) in /src/Acme/Calc.cs:line 9',
          'at Acme.CalcTests.Divides() in /src/Acme.Tests/CalcTests.cs:line 27',
        ].join('\n'),
        output: 'dividing 6 by 2',
        file: '/src/Acme.Tests/CalcTests.cs',
        line: 27,
        durationMs: 250,
      },
    );
    assert.deepEqual(
      [byName.get('IsEven(3)')!.file, byName.get('IsEven(3)')!.line],
      ['/src/Acme.Tests/CalcTests.cs', 40],
    );
    assert.equal(byName.get('Later')!.message, 'not yet');
    assert.equal(byName.get('Warns')!.message, undefined);
    assert.equal(byName.get('Reads')!.message, 'OneTimeSetUp: System.Exception : no database');
    const teardown = byName.get('OneTimeTearDown')!;
    assert.equal(teardown.message, 'TearDown : System.IO.IOException : file in use');
    assert.equal(
      teardown.details,
      'at Acme.FileTests.Cleanup() in /src/Acme.Tests/FileTests.cs:line 12',
    );
  });

  test('NUnit 2: namespaces spell the class, NotRunnable is errored, Mono frames give the line', () => {
    const report = parse(NUNIT2);
    assert.equal(report.durationMs, 58);
    assert.deepEqual(statuses(report), [
      [
        'Sample.Unit.CalcTests',
        [
          'Fails:failed',
          'Throws:errored',
          'Ignored:skipped',
          'NeedsArguments:errored',
          'IsEven(2):passed',
        ],
      ],
      // NUnit 2.6 marks a fixture whose TestFixtureTearDown threw as failed, and says no more.
      ['Sample.Unit.BrokenTearDown', ['StillPasses:passed', '(TestFixture):errored']],
    ]);
    const [fails, throws, ignored, needsArguments] = testsOf(report);
    assert.deepEqual(
      [fails!.message, fails!.file, fails!.line, fails!.durationMs],
      ['sum', '/src/Sample.cs', 8, 16],
    );
    assert.equal(fails!.details!.split('\n').slice(0, 3).join('|'), 'sum|Expected: 3|But was:  2');
    assert.equal(throws!.message, 'System.InvalidOperationException : boom');
    assert.equal(throws!.details, undefined);
    assert.equal(ignored!.message, 'not yet');
    assert.equal(needsArguments!.message, 'No arguments were provided');
    assert.equal(
      testsOf(report).at(-1)!.message,
      'the suite failed outside its tests (fixture setup or teardown)',
    );
  });

  test('NUnit 2.2 files have only executed and success; untyped suites name the class', () => {
    const report = parse(`<test-results name="T.dll" total="4" failures="1" not-run="1">
  <test-suite name="T.dll" success="False" time="0.4"><results>
    <test-suite name="Acme.Tests" success="False" time="0.4"><results>
      <test-case name="Acme.Tests.A" executed="True" success="True" time="0.1"/>
      <test-case name="Acme.Tests.B" executed="True" success="False" time="0.2"><failure><message>no</message></failure></test-case>
      <test-case name="Acme.Tests.C" executed="False"><reason><message>skip me</message></reason></test-case>
    </results></test-suite>
    <test-suite name="Legacy" time="0.1"><results><test-case name="bare" executed="True" success="True"/></results></test-suite>
  </results></test-suite>
</test-results>`);
    assert.deepEqual(statuses(report), [
      ['Acme.Tests', ['A:passed', 'B:failed', 'C:skipped']],
      ['Legacy', ['bare:passed']],
    ]);
    assert.equal(report.durationMs, 400);
  });

  test('a bare <test-suite> root (NUnit 3 fragment) reads like a whole run', () => {
    const report =
      parse(`\uFEFF<test-suite type="Assembly" name="A.dll" fullname="/a/A.dll" result="Failed" site="Child" duration="0.5">
  <test-suite type="TestFixture" name="T" fullname="A.T" classname="A.T" result="Failed" site="Child">
    <test-case name="one" fullname="A.T.one" classname="A.T" result="Passed" duration="0.1"/>
    <test-case name="two" fullname="A.T.two" classname="A.T" result="Failed" duration="0.2"><failure><message>bad</message></failure></test-case>
  </test-suite>
</test-suite>`);
    assert.deepEqual(statuses(report), [['A.T', ['one:passed', 'two:failed']]]);
    assert.equal(report.durationMs, 500);
  });

  test('odd but valid: an empty run, an invalid fixture with no tests, attributes missing', () => {
    assert.deepEqual(parse('<test-run id="0" testcasecount="0" result="Passed"/>'), {
      format: 'nunit',
      suites: [],
      durationMs: 0,
    });
    const report = parse(`<test-run>
  <test-suite type="TestFixture" name="BadFixture" fullname="Acme.BadFixture" result="Skipped" label="Invalid">
    <reason><message><![CDATA[No suitable constructor was found]]></message></reason>
  </test-suite>
  <test-suite type="TestFixture" name="IgnoredFixture" fullname="Acme.IgnoredFixture" result="Skipped" label="Ignored"/>
  <test-suite><test-case/><test-case result="Unheard"/><test-case result="Unheard"><failure/></test-case></test-suite>
</test-run>`);
    assert.deepEqual(statuses(report), [
      ['Acme.BadFixture', ['(TestFixture):errored']],
      ['', [':passed', ':skipped', ':failed']],
    ]);
    assert.equal(testsOf(report)[0]!.message, 'No suitable constructor was found');
  });

  const bad: [string, string, RegExp, number?][] = [
    ['empty', '', /empty/],
    ['truncated', '<test-run><test-suite name="a"><test-case name="x">', /ends before/],
    ['another root', '<testsuites/>', /not an NUnit report: the root element is <testsuites>/],
    [
      'an unescaped quote in an attribute',
      '<test-suite>\n<test-case name="Pass("a")" result="Passed"/>\n</test-suite>',
      /malformed XML/,
      2,
    ],
    [
      'an external entity',
      '<?xml version="1.0"?>\n<!DOCTYPE test [<!ENTITY xxe SYSTEM "secret.txt">]>\n<test-results>&xxe;</test-results>',
      /declares XML entities/,
    ],
    [
      'a control character from captured output',
      '<test-run>\n<test-suite>\n<test-case name="a"><output>x\u0001y</output></test-case></test-suite></test-run>',
      /character U\+0001, which XML does not allow/,
      3,
    ],
  ];
  for (const [what, xml, reason, line] of bad) {
    test(`${what} is a ParseError naming the file`, () => {
      assert.throws(
        () => parse(xml),
        (error: unknown) =>
          error instanceof ParseError &&
          error.file === 'TestResult.xml' &&
          reason.test(error.reason) &&
          (line === undefined || error.line === line),
      );
    });
  }
});

interface Expectation {
  /** Our totals, or the ParseError a negative sample must give (and its line). */
  readonly ours: Counts | { readonly error: RegExp; readonly line?: number };
  /** Where EnricoMi's totals differ from ours: its numbers, and why ours are right. */
  readonly enricomi?: { readonly counts: Counts; readonly why: string };
}

const LABEL_ERROR =
  'the file labels these failures label="Error" (an exception, not a failed assertion) and, ' +
  'where counted, label="Invalid" (a test NUnit could not run); NUnit itself tells them apart ' +
  'from plain failures and so do we, as errored. EnricoMi folds them into failed.';
const NOT_RUNNABLE =
  'three tests are result="NotRunnable" (a non-public method, missing arguments, a fixture ' +
  'without a usable constructor): NUnit 2 counts them as "invalid" and its console exits ' +
  'non-zero for them (see the real-tool test), the same thing NUnit 3 calls label="Invalid". ' +
  'They are broken tests, errored; EnricoMi counts them as skipped.';
const ENTITIES =
  'the file declares an external entity (the SEC-1752 XXE sample). We refuse entity ' +
  'declarations outright rather than parse around them; EnricoMi also reports it as ' +
  'unreadable (NUnit-sec1752-https.exception) besides reading the tests it can.';

const E = 'EnricoMi__publish-unit-test-result-action/python/test/files/nunit';
/** Every NUnit file in the corpus, by `<owner>__<repo>/<path>`. */
const EXPECTED: Record<string, Expectation> = {
  // dorny snapshots 5 failed: 3 failed + 2 label="Error".
  'dorny__test-reporter/__tests__/fixtures/dotnet-nunit.xml': { ours: c(9, 3, 3, 2, 1) },
  // Unreferenced upstream. 18 test cases; MockTest5 and NotRunnableTest are label="Invalid"
  // and BadFixture (label="Invalid", no test cases listed) becomes one errored entry.
  'dorny__test-reporter/__tests__/fixtures/external/nunit-sample.xml': { ours: c(19, 12, 1, 4, 2) },
  [`${E}/mstest/clicketyclackety.xml`]: {
    ours: c(23, 13, 1, 9, 0),
    enricomi: { counts: c(23, 13, 10, 0, 0), why: LABEL_ERROR },
  },
  [`${E}/mstest/pickles.xml`]: { ours: c(4, 3, 1, 0, 0) },
  [`${E}/mstest/timewarpinc.xml`]: {
    ours: c(1, 0, 0, 1, 0),
    enricomi: { counts: c(1, 0, 1, 0, 0), why: LABEL_ERROR },
  },
  [`${E}/nunit3/jenkins/NUnit-correct.xml`]: {
    ours: c(28, 18, 1, 4, 5),
    enricomi: { counts: c(28, 18, 1, 1, 8), why: NOT_RUNNABLE },
  },
  [`${E}/nunit3/jenkins/NUnit-correct2.xml`]: { ours: c(218, 218, 0, 0, 0, 183) },
  [`${E}/nunit3/jenkins/NUnit-correct3.xml`]: { ours: c(22, 22, 0, 0, 0) },
  [`${E}/nunit3/jenkins/NUnit-failure.xml`]: { ours: c(3, 2, 1, 0, 0) },
  [`${E}/nunit3/jenkins/NUnit-healthReport.xml`]: { ours: c(10, 9, 1, 0, 0) },
  [`${E}/nunit3/jenkins/NUnit-ignored.xml`]: { ours: c(3, 1, 0, 0, 2) },
  [`${E}/nunit3/jenkins/NUnit-issue1077.xml`]: { ours: c(6, 6, 0, 0, 0) },
  // A NUL byte from captured output at line 33; EnricoMi's .exception says the same.
  [`${E}/nunit3/jenkins/NUnit-issue17521.xml`]: {
    ours: { error: /character U\+0000, which XML does not allow/, line: 33 },
  },
  [`${E}/nunit3/jenkins/NUnit-issue33493.xml`]: {
    ours: c(2, 1, 0, 0, 1),
    enricomi: {
      counts: c(2, 2, 0, 0, 0),
      why:
        'one test is result="Inconclusive"; the file\'s own counters say passed="1" ' +
        'inconclusive="1". Inconclusive is not a pass: skipped, as EnricoMi itself counts ' +
        'NUnit 2 inconclusive tests (NUnit-correct.xml).',
    },
  },
  [`${E}/nunit3/jenkins/NUnit-issue44527.xml`]: {
    ours: c(150, 6, 1, 143, 0),
    enricomi: { counts: c(150, 6, 144, 0, 0), why: LABEL_ERROR },
  },
  // Unescaped quotes inside an attribute at line 5; EnricoMi's .exception says the same.
  [`${E}/nunit3/jenkins/NUnit-issue47367.xml`]: { ours: { error: /malformed XML/, line: 5 } },
  [`${E}/nunit3/jenkins/NUnit-issue48478.xml`]: { ours: c(3, 3, 0, 0, 0) },
  [`${E}/nunit3/jenkins/NUnit-issue50162.xml`]: { ours: c(6, 3, 3, 0, 0) },
  [`${E}/nunit3/jenkins/NUnit-issue5674.xml`]: { ours: c(9, 6, 3, 0, 0) },
  [`${E}/nunit3/jenkins/NUnit-issue6353.xml`]: { ours: c(3, 1, 1, 0, 1) },
  [`${E}/nunit3/jenkins/NUnit-multinamespace.xml`]: { ours: c(4, 4, 0, 0, 0) },
  [`${E}/nunit3/jenkins/NUnit-sec1752-file.xml`]: { ours: { error: /declares XML entities/ } },
  [`${E}/nunit3/jenkins/NUnit-sec1752-https.xml`]: {
    ours: { error: /declares XML entities/ },
    enricomi: { counts: c(2, 1, 1, 0, 0), why: ENTITIES },
  },
  [`${E}/nunit3/jenkins/NUnit-simple.xml`]: { ours: c(2, 2, 0, 0, 0) },
  [`${E}/nunit3/jenkins/NUnit.xml`]: { ours: c(4, 3, 1, 0, 0) },
  [`${E}/nunit3/jenkins/NUnitUnicode.xml`]: { ours: c(1, 0, 1, 0, 0) },
};

function manifestInputs(format: RegExp): string[] {
  return corpusInputs()
    .filter((input) => format.test(input.format))
    .map((input) => input.path);
}

describe('NUnit corpus', NO_CORPUS, () => {
  test('every NUnit input in the manifest has an expectation here', () => {
    assert.deepEqual(manifestInputs(/nunit/).sort(), Object.keys(EXPECTED).sort());
  });

  const enricoMi = existsSync(CORPUS) ? enricoMiTotals() : new Map<string, Counts>();
  for (const [file, expectation] of Object.entries(EXPECTED)) {
    test(file, () => {
      const text = new TextDecoder().decode(readFileSync(path.join(CORPUS, file)));
      assert.equal(detectResultParser(text.slice(0, 4096))?.format, 'nunit');
      const upstream = enricoMi.get(file);
      const ours = expectation.ours;
      if ('error' in ours) {
        assert.throws(
          () => parseNunit(text, { path: file }),
          (error: unknown) =>
            error instanceof ParseError &&
            ours.error.test(error.reason) &&
            (ours.line === undefined || error.line === ours.line),
        );
        if (upstream) assert.deepEqual(upstream, expectation.enricomi?.counts);
        return;
      }
      const counts = countsOf(parseNunit(text, { path: file }));
      assert.deepEqual(counts, ours);
      if (upstream) assert.deepEqual(upstream, expectation.enricomi?.counts ?? counts);
      else assert.equal(expectation.enricomi, undefined, 'no EnricoMi totals for this file');

      const repo = file.split('/', 1)[0]!;
      const snapshot = path.join(CORPUS, repo, '__tests__/__snapshots__/dotnet-nunit.test.ts.snap');
      const fixture = file.slice(repo.length + 1).replace('__tests__/', '');
      const snapped = existsSync(snapshot) ? dornySnapshotCounts(snapshot).get(fixture) : undefined;
      if (snapped) {
        // dorny has no "errored": its failed are our failed and errored together.
        assert.deepEqual(
          {
            success: snapped.success ?? 0,
            failed: snapped.failed ?? 0,
            skipped: snapped.skipped ?? 0,
          },
          {
            success: counts.passed,
            failed: counts.failed + counts.errored,
            skipped: counts.skipped,
          },
        );
      }
    });
  }
});

/**
 * The real NUnit: Debian's nunit-console 2.6 on Mono (`apt-get install mono-mcs nunit-console
 * libnunit-cil-dev`). NUnit 3 and dotnet are not packaged for Debian.
 */
const NUNIT_DLL = '/usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll';
const haveNunit =
  spawnSync('sh', ['-c', 'command -v mcs && command -v nunit-console']).status === 0 &&
  existsSync(NUNIT_DLL);

test(
  'nunit-console 2.6 (Mono): our totals match its summary',
  {
    skip: haveNunit
      ? false
      : 'mcs and nunit-console (Debian mono-mcs, nunit-console) are not installed',
  },
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nunit-'));
    try {
      writeFileSync(
        path.join(dir, 'Sample.cs'),
        `using System;
using NUnit.Framework;

namespace Sample {
  [TestFixture]
  public class CalculatorTests {
    [Test] public void Passes() { Assert.AreEqual(2, 1 + 1); }
    [Test] public void Fails() { Assert.AreEqual(3, 1 + 1, "sum"); }
    [Test] public void Throws() { throw new InvalidOperationException("boom"); }
    [Test, Ignore("not yet")] public void Ignored() { }
    [TestCase(2)] [TestCase(3)] public void IsEven(int i) { Assert.IsTrue(i % 2 == 0); }
    [Test] public void Unsure() { Assert.Inconclusive("no data"); }
    [Test] public void NeedsArguments(int i) { }
  }

  [TestFixture]
  public class BrokenTearDown {
    [Test] public void StillPasses() { }
    [TestFixtureTearDown] public void Cleanup() { throw new Exception("cleanup broke"); }
  }
}
`,
      );
      const compiled = spawnSync(
        'mcs',
        ['-debug', '-target:library', `-r:${NUNIT_DLL}`, '-out:Sample.dll', 'Sample.cs'],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
      writeFileSync(path.join(dir, 'nunit.framework.dll'), readFileSync(NUNIT_DLL));
      const run = spawnSync('nunit-console', ['-nologo', 'Sample.dll', '-xml=result.xml'], {
        cwd: dir,
        encoding: 'utf8',
        // Line numbers in Mono stack traces.
        env: { ...process.env, MONO_ENV_OPTIONS: '--debug' },
      });
      // "Tests run: 7, Errors: 1, Failures: 2, Inconclusive: 1, Time: …"
      // "  Not run: 2, Invalid: 1, Ignored: 1, Skipped: 0"
      const summary = /Tests run: (\d+), Errors: (\d+), Failures: (\d+), Inconclusive: (\d+)/.exec(
        run.stdout,
      );
      const notRun = /Not run: (\d+), Invalid: (\d+), Ignored: (\d+), Skipped: (\d+)/.exec(
        run.stdout,
      );
      assert.ok(summary && notRun, run.stdout + run.stderr);
      const [testsRun, errors, failures, inconclusive] = summary.slice(1).map(Number);
      const [, invalid, ignored, skipped] = notRun.slice(1).map(Number);
      // The exit code counts errors, failures and invalid tests: NotRunnable fails the run.
      assert.equal(run.status, errors! + failures! + invalid!);

      const xml = readFileSync(path.join(dir, 'result.xml'), 'utf8');
      assert.equal(detectResultParser(xml.slice(0, 4096))?.format, 'nunit');
      const report = parseNunit(xml, { path: 'result.xml' });
      const counts = countsOf(report);
      // The console lists the failed TestFixtureTearDown under "Errors and Failures" but
      // counts it nowhere; the file only marks the fixture failed: our one extra errored entry.
      const fixtureFailures = testsOf(report).filter((t) => t.name === '(TestFixture)');
      assert.deepEqual(
        fixtureFailures.map((t) => [t.suite, t.status]),
        [['Sample.BrokenTearDown', 'errored']],
      );
      assert.deepEqual(counts, {
        runs: testsRun! + invalid! + ignored! + skipped! + fixtureFailures.length,
        passed: testsRun! - errors! - failures! - inconclusive!,
        failed: failures!,
        errored: errors! + invalid! + fixtureFailures.length,
        skipped: inconclusive! + ignored! + skipped!,
        tests: testsRun! + invalid! + ignored! + skipped! + fixtureFailures.length,
      });
      const located = testsOf(report)
        .filter((t) => t.line !== undefined)
        .map((t) => `${t.name} ${path.basename(t.file!)}:${t.line}`);
      assert.deepEqual(located.sort(), [
        'Fails Sample.cs:8',
        'IsEven(3) Sample.cs:11',
        'Throws Sample.cs:9',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
