import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import type { TestReport } from '../../src/model/tests.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { ParseError } from '../../src/parsers/parser.js';
import { parseXunit, xunitParser } from '../../src/parsers/xunit.js';
import { CORPUS, corpusInputs, NO_CORPUS } from '../support/corpus.js';
import { c, countsOf, testsOf, type Counts, enricoMiTotals } from '../support/counts.js';
import { loadLazyLibraries } from '../support/libraries.js';

before(loadLazyLibraries);

const parse = (xml: string) => parseXunit(xml, { path: 'results.xml' });
const statuses = (report: TestReport) =>
  report.suites.map((suite) => [suite.name, suite.tests.map((t) => `${t.name}:${t.status}`)]);

/**
 * Shaped like `xunit.console -xml` (2.9) output: names, messages and skip reasons escaped
 * C-style (`\r\n`, `\"`, `\\`), stack traces and output as they are.
 */
const V2 = String.raw`<?xml version="1.0" encoding="utf-8"?>
<assemblies schema-version="2" timestamp="01/01/2025 10:00:00">
  <assembly name="/src/Acme.Tests.dll" environment="64-bit .NET 8.0" test-framework="xUnit.net 2.9.2.0" run-date="2025-01-01" run-time="10:00:00" total="6" passed="2" failed="3" skipped="1" time="1.500" errors="1">
    <errors>
      <error type="test-class-cleanup" name="Acme.DbTests">
        <failure exception-type="System.InvalidOperationException">
          <message><![CDATA[System.InvalidOperationException : connection still open]]></message>
          <stack-trace><![CDATA[   at Acme.DbTests.Dispose() in /src/Acme.Tests/DbTests.cs:line 20]]></stack-trace>
        </failure>
      </error>
    </errors>
    <collection total="6" passed="2" failed="3" skipped="1" name="Test collection for Acme.CalcTests" time="1.2">
      <test name="Acme.CalcTests.Adds" type="Acme.CalcTests" method="Adds" time="0.0123" result="Pass" source-file="/src/Acme.Tests/CalcTests.cs" source-line="8">
        <traits><trait name="Category" value="Fast" /></traits>
      </test>
      <test name="Acme.CalcTests.Divides" type="Acme.CalcTests" method="Divides" time="1.0" result="Fail">
        <output><![CDATA[dividing 6 by 2
]]></output>
        <failure exception-type="Xunit.Sdk.EqualException">
          <message><![CDATA[Assert.Equal() Failure: Values differ\r\nExpected: 3\r\nActual:   2]]></message>
          <stack-trace><![CDATA[   at Acme.Calc.Div(Int32 a, Int32 b) in /src/Acme/Calc.cs:line 9
   at Acme.CalcTests.Divides() in /src/Acme.Tests/CalcTests.cs:line 27]]></stack-trace>
        </failure>
      </test>
      <test name="Acme.CalcTests.Parses(text: \&quot;a\\b\&quot;)" type="Acme.CalcTests" method="Parses" time="0.001" result="Fail">
        <failure exception-type="System.FormatException">
          <message><![CDATA[System.FormatException : bad input \"a\\b\"]]></message>
          <stack-trace><![CDATA[   at Acme.Parser.Parse(String text)
   at Acme.CalcTests.Parses(String text) in C:\src\Acme.Tests\CalcTests.cs:line 33]]></stack-trace>
        </failure>
      </test>
      <test name="Custom display name" type="Acme.CalcTests" method="Named" time="0" result="Skip">
        <reason><![CDATA[waiting for \"the fix\"]]></reason>
      </test>
      <test name="Acme.CalcTests.NoTrace" type="Acme.CalcTests" method="NoTrace" time="0.2" result="Fail" source-file="/src/Acme.Tests/CalcTests.cs" source-line="50">
        <failure exception-type="Xunit.Sdk.TrueException"><message><![CDATA[Assert.True() Failure]]></message><stack-trace><![CDATA[]]></stack-trace></failure>
      </test>
      <test name="Acme.CalcTests.Fine" type="Acme.CalcTests" method="Fine" time="0.003" result="Pass" />
    </collection>
  </assembly>
</assemblies>`;

describe('xUnit.net parser', () => {
  test('detects <assemblies>, and <assembly> only with xUnit run attributes', () => {
    assert.ok(xunitParser.detect(V2.slice(0, 200)));
    assert.ok(xunitParser.detect('\uFEFF<assemblies>'));
    assert.ok(
      xunitParser.detect(
        '<!-- v1 --><assembly name="a.dll" run-date="2012-01-14" time="0.1" total="4" passed="3" failed="1" skipped="0">',
      ),
    );
    assert.ok(xunitParser.detect('<assembly name="a.dll" test-framework="xUnit.net 1.9">'));
    // A Windows side-by-side manifest and a Maven assembly descriptor are <assembly> too.
    assert.ok(
      !xunitParser.detect(
        '<?xml version="1.0"?><assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0"><assemblyIdentity name="x"/>',
      ),
    );
    assert.ok(
      !xunitParser.detect(
        '<assembly xmlns="http://maven.apache.org/ASSEMBLY/2.1.0"><id>bin</id><formats><format>zip</format></formats>',
      ),
    );
    assert.ok(!xunitParser.detect('<testsuites><testsuite name="assemblies">'));
    assert.ok(!xunitParser.detect('<test-run><test-suite type="Assembly">'));
  });

  test('v2: names without their class, escapes undone, errors outside tests, locations', () => {
    const report = parse(V2);
    assert.equal(report.format, 'xunit');
    assert.equal(report.durationMs, 1500);
    assert.deepEqual(statuses(report), [
      [
        'Acme.CalcTests',
        [
          'Adds:passed',
          'Divides:failed',
          'Parses(text: "a\\b"):failed',
          'Custom display name:skipped',
          'NoTrace:failed',
          'Fine:passed',
        ],
      ],
      ['', ['[test-class-cleanup] Acme.DbTests:errored']],
    ]);
    const [adds, divides, parses, named, noTrace] = testsOf(report);
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
        message: 'Assert.Equal() Failure: Values differ',
        details: [
          'Assert.Equal() Failure: Values differ',
          'Expected: 3',
          'Actual:   2',
          'at Acme.Calc.Div(Int32 a, Int32 b) in /src/Acme/Calc.cs:line 9',
          'at Acme.CalcTests.Divides() in /src/Acme.Tests/CalcTests.cs:line 27',
        ].join('\n'),
        output: 'dividing 6 by 2',
        file: '/src/Acme.Tests/CalcTests.cs',
        line: 27,
        durationMs: 1000,
      },
    );
    assert.equal(parses!.message, 'System.FormatException : bad input "a\\b"');
    assert.deepEqual([parses!.file, parses!.line], ['C:\\src\\Acme.Tests\\CalcTests.cs', 33]);
    assert.equal(named!.message, 'waiting for "the fix"');
    // Without a usable stack trace, the test's own declared place.
    assert.deepEqual([noTrace!.file, noTrace!.line], ['/src/Acme.Tests/CalcTests.cs', 50]);
    assert.deepEqual([adds!.file, adds!.line], ['/src/Acme.Tests/CalcTests.cs', 8]);
    const cleanup = testsOf(report).at(-1)!;
    assert.equal(cleanup.message, 'System.InvalidOperationException : connection still open');
    assert.equal(
      cleanup.details,
      'at Acme.DbTests.Dispose() in /src/Acme.Tests/DbTests.cs:line 20',
    );
  });

  test('v3: NotRun tests did not run; several assemblies add up', () => {
    const report = parse(`<assemblies schema-version="3" id="x">
  <assembly name="A.dll" test-framework="xUnit.net v3 1.0.0" time="0.5" total="2" passed="1" failed="0" skipped="0" not-run="1">
    <collection name="Test collection for A.T" id="c1" time="0.4">
      <test id="t1" name="A.T.Runs" type="A.T" method="Runs" time="0.25" time-rtf="00:00:00.25" result="Pass" />
      <test id="t2" name="A.T.OnlyByHand(who: \\&quot;me\\&quot;)" type="A.T" method="OnlyByHand" time="0" result="NotRun" />
    </collection>
  </assembly>
  <assembly name="B.dll" test-framework="xUnit.net v3 1.0.0" time="0.25">
    <collection name="Test collection for B.U"><test name="B.U.X" type="B.U" method="X" time="0.25" result="Pass" /></collection>
  </assembly>
</assemblies>`);
    assert.deepEqual(statuses(report), [
      ['A.T', ['Runs:passed', 'OnlyByHand(who: "me"):skipped']],
      ['B.U', ['X:passed']],
    ]);
    assert.equal(report.durationMs, 750);
  });

  test('v1 and other writers (Fixie): text is as written, backslashes and all', () => {
    const report =
      parse(`<assembly name="a.dll" run-date="2012-01-14" time="0,25" total="2" passed="1" failed="1" skipped="0" test-framework="xUnit.net 1.9.0.1566">
  <class time="0,25" name="Acme.Legacy" total="2">
    <test name="Acme.Legacy.Ok" type="Acme.Legacy" method="Ok" result="Pass" time="0,125" />
    <test name="Acme.Legacy.Path" type="Acme.Legacy" method="Path" result="Fail" time="0,125">
      <failure exception-type="X"><message>not found: C:\\new\\table</message><stack-trace /></failure>
    </test>
  </class>
</assembly>`);
    assert.deepEqual(statuses(report), [['Acme.Legacy', ['Ok:passed', 'Path:failed']]]);
    assert.equal(testsOf(report)[1]!.message, 'not found: C:\\new\\table');
    // A decimal comma, as Jenkins-era runners wrote under a European locale.
    assert.equal(report.durationMs, 250);
    assert.equal(testsOf(report)[0]!.durationMs, 125);
  });

  test('odd but valid: no tests, no type, unknown results, a class with no name', () => {
    assert.deepEqual(parse('<assemblies/>'), { format: 'xunit', suites: [], durationMs: 0 });
    const report = parse(`<assemblies><assembly>
  <collection name="coll"><test name="bare" type="" result="Weird"/><test result="Weird"><failure/></test><test/></collection>
  <errors><error type="fatal"><failure exception-type="System.BadImageFormatException"/></error></errors>
</assembly></assemblies>`);
    assert.deepEqual(statuses(report), [
      ['coll', ['bare:skipped', ':failed', ':skipped']],
      ['', ['[fatal]:errored']],
    ]);
    assert.equal(testsOf(report).at(-1)!.message, 'System.BadImageFormatException');
  });

  const bad: [string, string, RegExp, number?][] = [
    ['empty', '\uFEFF', /empty/],
    ['truncated', '<assemblies><assembly><collection><test name="x">', /ends before/],
    ['another root', '<TestRun/>', /not an xUnit.net report: the root element is <TestRun>/],
    [
      'an entity bomb',
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><assemblies>&b;</assemblies>',
      /declares XML entities/,
    ],
    [
      'a raw escape character',
      '<assemblies>\n<assembly>\n<collection>\n<test name="\u001b[31mred"/></collection></assembly></assemblies>',
      /character U\+001B, which XML does not allow/,
      4,
    ],
  ];
  for (const [what, xml, reason, line] of bad) {
    test(`${what} is a ParseError naming the file`, () => {
      assert.throws(
        () => parse(xml),
        (error: unknown) =>
          error instanceof ParseError &&
          error.file === 'results.xml' &&
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

const DATA_ROWS =
  'EnricoMi identifies a test by class and method, so the rows of one theory (different ' +
  'arguments, even different generic types) fold into one test "with several runs". Each row ' +
  'is a test of its own, named with its arguments as xUnit names it: folding them would make ' +
  'a failing row and a passing row look like one flaky test.';

const E = 'EnricoMi__publish-unit-test-result-action/python/test/files/xunit/mstest';
/** Every xUnit.net XML file in the corpus, by `<owner>__<repo>/<path>`. */
const EXPECTED: Record<string, Expectation> = {
  [`${E}/fixie.xml`]: {
    ours: c(7, 3, 3, 0, 1),
    enricomi: { counts: c(7, 3, 3, 0, 1, 5), why: DATA_ROWS },
  },
  [`${E}/jenkinsci/testcase1.xml`]: { ours: c(3, 1, 1, 0, 1) },
  [`${E}/jenkinsci/testcase2.xml`]: {
    ours: c(1, 1, 0, 0, 0),
    enricomi: {
      counts: c(3, 1, 1, 0, 1, 1),
      why:
        'the file lists one test, which passed, under an <assembly> whose counters (copied from ' +
        'testcase1.xml) claim 3 with a failure and a skip. EnricoMi takes runs from those ' +
        'counters; we count the tests the file actually contains.',
    },
  },
  [`${E}/jenkinsci/testcase3.xml`]: { ours: c(3, 1, 1, 0, 1) },
  [`${E}/jenkinsci/testcase4.xml`]: { ours: c(0, 0, 0, 0, 0) },
  [`${E}/jenkinsci/testcase5.xml`]: { ours: c(5, 5, 0, 0, 0) },
  [`${E}/jenkinsci/testcase6.xml`]: { ours: c(1, 0, 1, 0, 0) },
  [`${E}/pickles.xml`]: {
    ours: c(4, 3, 1, 0, 0),
    enricomi: { counts: c(4, 3, 1, 0, 0, 3), why: DATA_ROWS },
  },
};

function manifestInputs(format: RegExp): string[] {
  return corpusInputs()
    .filter((input) => format.test(input.format))
    .map((input) => input.path);
}

describe('xUnit.net corpus', NO_CORPUS, () => {
  test('every xUnit.net input in the manifest has an expectation here', () => {
    assert.deepEqual(manifestInputs(/^xunit\.net/).sort(), Object.keys(EXPECTED).sort());
  });

  const enricoMi = existsSync(CORPUS) ? enricoMiTotals() : new Map<string, Counts>();
  for (const [file, expectation] of Object.entries(EXPECTED)) {
    test(file, () => {
      const text = new TextDecoder().decode(readFileSync(path.join(CORPUS, file)));
      assert.equal(detectResultParser(text.slice(0, 4096))?.format, 'xunit');
      const counts = countsOf(parseXunit(text, { path: file }));
      assert.deepEqual(counts, expectation.ours);
      const upstream = enricoMi.get(file);
      if (upstream) assert.deepEqual(upstream, expectation.enricomi?.counts ?? counts);
      else assert.equal(expectation.enricomi, undefined, 'no EnricoMi totals for this file');
    });
  }

  test('the failing line is the test method frame, also under SpecFlow generated code', () => {
    const file = `${E}/pickles.xml`;
    const report = parseXunit(readFileSync(path.join(CORPUS, file), 'utf8'), { path: file });
    const failed = testsOf(report).find((t) => t.status === 'failed')!;
    assert.equal(failed.name, 'FailToAddTwoNumbers');
    assert.equal(
      failed.message,
      'System.InvalidOperationException : This is a fake failure message',
    );
    // Not Steps.cs:26 (a step helper) nor Addition.feature.cs:0 (a hidden generated line).
    assert.deepEqual(
      [failed.file, failed.line],
      [
        'c:\\dev\\pickles-results-harness\\Pickles.TestHarness\\Pickles.TestHarness.xUnit\\Addition.feature',
        18,
      ],
    );
  });
});
