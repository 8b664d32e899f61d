import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { mergeRetries } from '../../src/model/merge-retries.js';
import { isFlaky, type TestCase } from '../../src/model/tests.js';
import { detectJunit, parseJunit, junitParser } from '../../src/parsers/junit.js';
import { ParseError } from '../../src/parsers/parser.js';
import { findTool } from '../support/js-tools.js';

const parse = (xml: string) => parseJunit(xml, { path: 'report.xml' });

describe('junit parser', () => {
  test('detects <testsuites> and <testsuite> roots, not other XML', () => {
    assert.ok(junitParser.detect('<?xml version="1.0"?>\n<testsuites name="x">'));
    assert.ok(junitParser.detect('<testsuite name="x" tests="1">'));
    assert.ok(junitParser.detect('<testsuites/>'));
    assert.ok(!junitParser.detect('<coverage line-rate="0.5">'));
    assert.ok(!junitParser.detect('<testsuitex>'));
  });

  test('reads statuses, messages, details, output, file and line', () => {
    const report = parse(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="all" time="4.5">
  <testsuite name="api" file="tests/test_api.py" time="4.5">
    <testcase classname="tests.test_api" name="test_ok" time="0.5" line="10"/>
    <testcase classname="tests.test_api" name="test_fail" time="1" file="tests/test_api.py" line="20">
      <failure message="assert 1 == 2" type="AssertionError">def test_fail():
&gt;       assert 1 == 2
E       assert 1 == 2</failure>
      <system-out>printed &amp; kept</system-out>
      <system-err>warned</system-err>
    </testcase>
    <testcase classname="tests.test_api" name="test_crash" time="3"><error message="ConnectionError: refused"/></testcase>
    <testcase classname="tests.test_api" name="test_later"><skipped message="not yet"/></testcase>
    <testcase classname="tests.test_api" name="test_text_only"><failure>first line
second line</failure></testcase>
  </testsuite>
</testsuites>`);
    assert.equal(report.durationMs, 4500);
    const [ok, fail, crash, later, textOnly] = report.suites[0]!.tests;
    assert.deepEqual(
      {
        status: ok!.status,
        durationMs: ok!.durationMs,
        line: ok!.line,
        file: ok!.file,
        suite: ok!.suite,
      },
      {
        status: 'passed',
        durationMs: 500,
        line: 10,
        file: 'tests/test_api.py',
        suite: 'tests.test_api',
      },
    );
    assert.equal(fail!.status, 'failed');
    assert.equal(fail!.message, 'assert 1 == 2');
    assert.ok(fail!.details!.startsWith('def test_fail():\n>       assert 1 == 2'));
    assert.equal(fail!.output, 'printed & kept\nwarned');
    assert.equal(crash!.status, 'errored');
    assert.equal(crash!.message, 'ConnectionError: refused');
    assert.equal(later!.status, 'skipped');
    assert.equal(later!.message, 'not yet');
    assert.equal(textOnly!.message, 'first line');
  });

  test('a <testsuite> root, with nested suites flattened and durations summed when the root has none', () => {
    const report = parse(`<testsuite name="outer" time="2">
  <testsuite name="inner-a" time="1.25"><testcase name="a1" time="1.25"/></testsuite>
  <testsuite name="inner-b"><testcase name="b1"/><testcase name="b2"/></testsuite>
</testsuite>`);
    assert.deepEqual(
      report.suites.map((s) => [s.name, s.tests.map((t) => `${t.suite}/${t.name}`)]),
      [
        ['inner-a', ['inner-a/a1']],
        ['inner-b', ['inner-b/b1', 'inner-b/b2']],
      ],
    );
    assert.equal(report.durationMs, 2000);
  });

  test('Surefire reruns: flakyFailure under a pass is a flaky test, rerunFailure under a failure is not', () => {
    const report = parse(`<testsuite name="s">
  <testcase name="flaky" classname="C" time="0.3"><flakyFailure message="first" type="X"><stackTrace>at C.flaky</stackTrace></flakyFailure></testcase>
  <testcase name="broken" classname="C"><failure message="last"/><rerunFailure message="earlier"/></testcase>
</testsuite>`);
    const [flaky, broken] = report.suites[0]!.tests;
    assert.equal(flaky!.status, 'passed');
    assert.deepEqual(
      flaky!.retries.map((r) => [r.status, r.message, r.details]),
      [['failed', 'first', 'at C.flaky']],
    );
    assert.equal(broken!.status, 'failed');
    assert.equal(broken!.retries.length, 1);
  });

  test('times with thousands separators and empty times', () => {
    const report = parse(
      '<testsuite name="s"><testcase name="a" time="1,234.5"/><testcase name="b" time=""/></testsuite>',
    );
    assert.deepEqual(
      report.suites[0]!.tests.map((t) => t.durationMs),
      [1_234_500, 0],
    );
    assert.equal(report.durationMs, 1_234_500);
  });

  const bad: [string, string, RegExp][] = [
    ['empty', '', /empty/],
    [
      'truncated',
      '<testsuites><testsuite name="a"><testcase name="x">',
      /ends before <testsuites>, <testsuite>, <testcase> are closed/,
    ],
    [
      'not JUnit',
      '<coverage line-rate="1"/>',
      /not a JUnit report: the root element is <coverage>/,
    ],
    [
      'an entity bomb',
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><testsuite name="&b;"/>',
      /declares XML entities/,
    ],
    [
      'an external entity',
      '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuite name="&x;"/>',
      /declares XML entities/,
    ],
  ];
  for (const [what, xml, reason] of bad) {
    test(`${what} is a ParseError naming the file`, () => {
      assert.throws(
        () => parse(xml),
        (error: unknown) =>
          error instanceof ParseError && error.file === 'report.xml' && reason.test(error.reason),
      );
    });
  }
});

test('node:test puts tests outside describe() straight under <testsuites>: they count too', () => {
  const report = parseJunit(
    `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
  <testcase name="top level" time="0.010" classname="test"/>
  <testsuite name="group" time="0.030">
    <testcase name="inside" time="0.030" classname="test"/>
  </testsuite>
  <testcase name="another top level" time="0.005" classname="test"><failure type="testCodeFailure" message="nope">stack</failure></testcase>
  <!-- duration_ms 150 -->
</testsuites>`,
    { path: 'node.xml' },
  );
  const names = report.suites.flatMap((s) => s.tests.map((t) => `${t.name}:${t.status}`));
  assert.deepEqual(names, ['top level:passed', 'another top level:failed', 'inside:passed']);
  assert.equal(report.durationMs, 45);
});

describe('junit statuses', () => {
  const statuses = (xml: string) =>
    parseJunit(xml, { path: 'r.xml' }).suites.flatMap((s) =>
      s.tests.map((t) => `${t.name}:${t.status}`),
    );

  test('an <error> outranks a <failure> on one test; the message is the error, details keep both', () => {
    const report = parse(`<testsuite name="s"><testcase classname="C" name="t">
  <skipped/>
  <failure message="test failure">Assertion failed</failure>
  <error message="test teardown failure">stdout</error>
</testcase></testsuite>`);
    const [test] = report.suites[0]!.tests;
    assert.equal(test!.status, 'errored');
    assert.equal(test!.message, 'test teardown failure');
    assert.equal(test!.details, 'stdout\n\ntest failure\n\nAssertion failed');
  });

  test('status attributes: disabled, ignored, notrun and Google Test results are skips', () => {
    assert.deepEqual(
      statuses(`<testsuites><testsuite name="s">
  <testcase name="ctest-disabled" status="disabled"><system-out>Disabled</system-out></testcase>
  <testcase name="ctest-notrun" status="notrun"><skipped message="SKIP_RETURN_CODE=77"/></testcase>
  <testcase name="gtest-disabled" status="notrun" result="suppressed"/>
  <testcase name="gtest-skipped" status="run" result="skipped"/>
  <testcase name="gtest-ran" status="run" result="completed"/>
  <testcase name="tst-passed" status="passed"/>
  <testcase name="ignored-but-failed" status="ignored"><failure message="boom"/></testcase>
</testsuite></testsuites>`),
      [
        'ctest-disabled:skipped',
        'ctest-notrun:skipped',
        'gtest-disabled:skipped',
        'gtest-skipped:skipped',
        'gtest-ran:passed',
        'tst-passed:passed',
        'ignored-but-failed:skipped',
      ],
    );
  });

  test('a disabled test that failed counts as skipped and keeps the failure text (mikepenz #761)', () => {
    const report = parse(`<testsuites><testsuite name="random suite">
  <testcase classname="MiscTests - OS X" name="testSmemArithmetic" status="disabled">
    <failure type="Test Failure">Assert: Boolean true check failed.</failure>
  </testcase></testsuite></testsuites>`);
    const [test] = report.suites[0]!.tests;
    assert.equal(test!.status, 'skipped');
    assert.equal(test!.message, 'Assert: Boolean true check failed.');
  });

  test('skip and failure messages: attribute, text only, type only, none', () => {
    const report = parse(`<testsuite name="s">
  <testcase name="a"><skipped/></testcase>
  <testcase name="b"><skipped message="not on Windows"/></testcase>
  <testcase name="c"><skipped>only text
second line</skipped></testcase>
  <testcase name="d"><failure type="java.lang.NullPointerException"/></testcase>
  <testcase name="e"><failure/></testcase>
</testsuite>`);
    assert.deepEqual(
      report.suites[0]!.tests.map((t) => [t.status, t.message]),
      [
        ['skipped', undefined],
        ['skipped', 'not on Windows'],
        ['skipped', 'only text'],
        ['failed', 'java.lang.NullPointerException'],
        ['failed', undefined],
      ],
    );
  });
});

describe('junit names, suites and repeats', () => {
  const tests = (xml: string) => parseJunit(xml, { path: 'r.xml' }).suites.flatMap((s) => s.tests);
  const summary = (list: readonly TestCase[]) =>
    list.map((t) => `${t.suite}|${t.name}|${t.file ?? ''}:${t.line ?? ''}|${t.status}`);

  test('unnamed test cases stay apart, and unnamed suites go by their id', () => {
    const unnamed = tests(`<testsuites><testsuite>
  <testcase/><testcase><skipped/></testcase><testcase><failure/></testcase><testcase><error/></testcase>
</testsuite></testsuites>`);
    assert.equal(mergeRetries(unnamed).length, 4);
    const byId = tests(`<testsuites>
  <testsuite id="testsuite1"><testcase name="Test 1"/></testsuite>
  <testsuite id="testsuite2"><testcase name="Test 1"><failure message="Failed!"/></testcase></testsuite>
</testsuites>`);
    assert.deepEqual(summary(mergeRetries(byId)), [
      'testsuite1|Test 1|:|passed',
      'testsuite2|Test 1|:|failed',
    ]);
  });

  test('node:test on Node 20 writes classname="test" for every test: the describe() is the suite', () => {
    const list = tests(`<testsuites>
  <testcase name="top" classname="test"/>
  <testsuite name="group A"><testcase name="works" classname="test"/></testsuite>
  <testsuite name="group B"><testcase name="works" classname="test"><failure message="no"/></testcase></testsuite>
</testsuites>`);
    assert.deepEqual(summary(mergeRetries(list)), [
      '|top|:|passed',
      'group A|works|:|passed',
      'group B|works|:|failed',
    ]);
  });

  test('node:test repeats the failure as an attribute of <testcase>: the <failure> element still counts', () => {
    const [test] = tests(`<testsuites><testsuite name="group A">
  <testcase name="fails" classname="group A" file="/app/a.test.mjs" failure="Expected values to be strictly equal:&#10;&#10;1 !== 2">
    <failure type="testCodeFailure" message="Expected values to be strictly equal:&#10;&#10;1 !== 2">
AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:
    at TestContext.&lt;anonymous&gt; (file:///app/a.test.mjs:8:12)
    </failure>
  </testcase>
</testsuite></testsuites>`);
    assert.deepEqual(
      [test!.status, test!.message, test!.file, test!.line],
      ['failed', 'Expected values to be strictly equal: 1 !== 2', '/app/a.test.mjs', 8],
    );
    assert.match(test!.details!, /at TestContext.<anonymous> \(file:\/\/\/app\/a.test.mjs:8:12\)/);
  });

  test('a rerun listed twice (gotestsum) gets one file from the failing attempt and folds into a flaky test', () => {
    const list = tests(`<testsuites><testsuite name="github.com/acme/api">
  <testcase classname="github.com/acme/api" name="TestReconnect" time="3.3"><failure message="Failed">=== RUN   TestReconnect
    ws_test.go:42: connection reset
--- FAIL: TestReconnect (3.32s)</failure></testcase>
  <testcase classname="github.com/acme/api" name="TestUpgrade" time="2.1"/>
  <testcase classname="github.com/acme/api" name="TestReconnect" time="7.7"/>
</testsuite></testsuites>`);
    assert.deepEqual(summary(list), [
      'github.com/acme/api|TestReconnect|ws_test.go:42|failed',
      'github.com/acme/api|TestUpgrade|:|passed',
      'github.com/acme/api|TestReconnect|ws_test.go:42|passed',
    ]);
    const merged = mergeRetries(list);
    assert.equal(merged.length, 2);
    assert.ok(isFlaky(merged[0]!));
    assert.equal(merged[0]!.durationMs, 11_000);
  });

  test("pytest's failed call plus teardown error is two elements of one test: errored after folding", () => {
    const list = tests(`<testsuites name="pytest tests"><testsuite name="pytest">
  <testcase classname="td.test_td" name="test_x"><failure message="assert 1 == 2">td/test_td.py:9: AssertionError</failure></testcase>
  <testcase classname="td.test_td" name="test_x"><error message="failed on teardown with &quot;RuntimeError: teardown broke&quot;">td/test_td.py:6: RuntimeError</error></testcase>
</testsuite></testsuites>`);
    const merged = mergeRetries(list);
    assert.equal(merged.length, 1);
    assert.equal(merged[0]!.status, 'errored');
    assert.deepEqual(
      merged[0]!.retries.map((r) => r.status),
      ['failed'],
    );
    assert.equal(merged[0]!.file, 'td/test_td.py');
  });
});

describe('junit files and lines', () => {
  const first = (xml: string) => parseJunit(xml, { path: 'r.xml' }).suites[0]!.tests;
  const places = (xml: string) => first(xml).map((t) => `${t.file ?? '-'}:${t.line ?? '-'}`);

  test('pytest writes 0-based lines; a failure line in the same file is preferred', () => {
    assert.deepEqual(
      places(`<testsuites name="pytest tests"><testsuite name="pytest">
  <testcase classname="test_sample" name="test_pass" file="test_sample.py" line="3"/>
  <testcase classname="test_sample" name="test_fail" file="test_sample.py" line="7"><failure message="assert 1 == 2">def test_fail():
&gt;       assert 1 == 2
E       assert 1 == 2

test_sample.py:9: AssertionError</failure></testcase>
</testsuite></testsuites>`),
      ['test_sample.py:4', 'test_sample.py:9'],
    );
    // Other tools' lines are 1-based and kept.
    assert.deepEqual(
      places(
        '<testsuite name="CI basic test"><testcase name="t" file="main.c" line="44"/></testsuite>',
      ),
      ['main.c:44'],
    );
  });

  test('file from the suite (mocha), a path-like suite name (jest-junit) or classname (Playwright, Vitest)', () => {
    const xml = `<testsuites>
  <testsuite name="Validation" file="/ci/test/arithmetic.js"><testcase name="rejects" classname="rejects"/></testsuite>
  <testsuite name="packages/core/src/__tests__/normalize.test.ts"><testcase classname="rootDir" name="throws"/></testsuite>
  <testsuite name="chromium"><testcase classname="tests/login.spec.ts" name="logs in"/></testsuite>
  <testsuite name="github.com/nats-io/nats.go"><testcase classname="github.com/nats-io/nats.go" name="TestConnect"/></testsuite>
  <testsuite name="should read config.ts"><testcase classname="config" name="works"/></testsuite>
</testsuites>`;
    assert.deepEqual(
      parseJunit(xml, { path: 'r.xml' }).suites.map((s) => s.tests[0]!.file),
      [
        '/ci/test/arithmetic.js',
        'packages/core/src/__tests__/normalize.test.ts',
        'tests/login.spec.ts',
        undefined,
        undefined,
      ],
    );
  });

  test('without a stated file: the failure element’s file/line, else the stack trace', () => {
    assert.deepEqual(
      places(`<testsuite name="suite">
  <testcase classname="com.acme.FooTest" name="bar"><failure message="expected 1">java.lang.AssertionError: expected 1
	at org.junit.Assert.fail(Assert.java:89)
	at com.acme.FooTest.bar(FooTest.java:42)</failure></testcase>
  <testcase classname="ut" name="is constant evaluated"><failure file="test/unit/is_constant.cpp" line="19" message="REQUIRE(v == 1)">at /__w/futures/test/unit/is_constant.cpp:19</failure></testcase>
  <testcase classname="com.acme.FooTest" name="passes"/>
  <testcase classname="pkg" name="timeout"><error message="Timeout of 10000ms exceeded."/></testcase>
</testsuite>`),
      ['com/acme/FooTest.java:42', 'test/unit/is_constant.cpp:19', '-:-', '-:-'],
    );
  });
});

describe('junit messages, times and odd suites', () => {
  test('numeric character references are decoded; a multi-line message keeps its rest in details', () => {
    const [test] = parse(`<testsuite name="s"><testcase classname="C" name="t">
<failure message="AssertionError: assert 'test' == 'xyz'&#10;  - xyz&#10;  + test" type="AssertionError">AssertionError&#x3A; see above</failure>
</testcase></testsuite>`).suites[0]!.tests;
    assert.equal(test!.message, "AssertionError: assert 'test' == 'xyz' - xyz + test");
    assert.equal(
      test!.details,
      "AssertionError: assert 'test' == 'xyz'\n  - xyz\n  + test\n\nAssertionError: see above",
    );
  });

  test('a huge one-line message is cut in `message` and whole in `details`', () => {
    const huge = 'x'.repeat(200_000);
    const [test] = parse(
      `<testsuite name="s"><testcase name="t"><failure message="${huge}"/></testcase></testsuite>`,
    ).suites[0]!.tests;
    assert.equal(test!.message!.length, 1001);
    assert.ok(test!.message!.endsWith('…'));
    assert.equal(test!.details, huge);
  });

  test('times: decimal comma, thousands separators, junk', () => {
    const report = parse(`<testsuite name="s">
  <testcase name="a" time="0,123"/><testcase name="b" time="1,234,567"/><testcase name="c" time="&lt;&lt;computed&gt;&gt;"/>
  <testcase name="d" time="-1"/><testcase name="e" time="1e-3"/>
  <testcase name="f" time=" 2.5 "/><testcase name="g" time="Infinity"/><testcase name="h" time="0"/>
</testsuite>`);
    assert.deepEqual(
      report.suites[0]!.tests.map((t) => t.durationMs),
      [123, 1_234_567_000, 0, 0, 1, 2500, 0, 0],
    );
  });

  test('an empty <testsuites/> and suites without tests are valid and count nothing', () => {
    for (const xml of [
      '<testsuites/>',
      '<?xml version="1.0"?><testsuites name="jest tests" tests="0"></testsuites>',
      '<testsuite name="pytest" tests="0"></testsuite>',
    ]) {
      const report = parse(xml);
      assert.equal(report.suites.flatMap((s) => s.tests).length, 0, xml);
    }
  });

  test('a suite that lists no test cases but states counters gets that many entries', () => {
    const report = parse(`<testsuites>
  <testsuite name="pytest" errors="0" failures="1" skipped="2" tests="6"/>
  <testsuite name="Crashing" errors="1" tests="1"><system-err>JVM crashed</system-err></testsuite>
  <testsuite name="Counted" tests="2"/>
</testsuites>`);
    const message = 'the suite counts 6 tests, 1 failure, 2 skipped but lists no test cases';
    assert.deepEqual(
      report.suites.flatMap((s) =>
        s.tests.map((t) => [t.suite, t.name, t.status, t.message, t.output]),
      ),
      [
        ['pytest', '(unlisted test 1 of 6)', 'failed', message, undefined],
        ['pytest', '(unlisted test 2 of 6)', 'skipped', message, undefined],
        ['pytest', '(unlisted test 3 of 6)', 'skipped', message, undefined],
        ['pytest', '(unlisted test 4 of 6)', 'passed', undefined, undefined],
        ['pytest', '(unlisted test 5 of 6)', 'passed', undefined, undefined],
        ['pytest', '(unlisted test 6 of 6)', 'passed', undefined, undefined],
        [
          'Crashing',
          '(unlisted test)',
          'errored',
          'the suite counts 1 test, 1 error but lists no test cases',
          'JVM crashed',
        ],
        ['Counted', '(unlisted test 1 of 2)', 'passed', undefined, undefined],
        ['Counted', '(unlisted test 2 of 2)', 'passed', undefined, undefined],
      ],
    );
  });

  test('absurd stated counters give one failing entry, not a billion', () => {
    const report = parse(
      '<testsuite name="huge" tests="999999999" failures="3"><error message="boom"/></testsuite>',
    );
    assert.deepEqual(
      report.suites.flatMap((s) => s.tests.map((t) => [t.name, t.status, t.message])),
      [['(unlisted test)', 'errored', 'boom']],
    );
    const quiet = parse('<testsuite name="huge" tests="999999999"/>');
    assert.equal(quiet.suites.flatMap((s) => s.tests).length, 0);
  });

  test("Bazel's test log at suite level becomes its only test's output", () => {
    const [test] = parse(`<testsuites><testsuite name="//pkg:target" tests="1" errors="1">
  <testcase name="//pkg:target" status="run"><error message="exited with error code 1"/></testcase>
  <system-out>Executing tests from //pkg:target
1 failed</system-out>
</testsuite></testsuites>`).suites[0]!.tests;
    assert.equal(test!.status, 'errored');
    assert.equal(test!.output, 'Executing tests from //pkg:target\n1 failed');
  });
});

describe('junit refusals and detection', () => {
  const reasons: [string, string, RegExp][] = [
    [
      'an HTML page',
      '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>Report</body></html>',
      /not a JUnit report: it is an HTML page/,
    ],
    [
      'XHTML',
      '<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
      /root element is <html> \(an HTML page\)/,
    ],
    [
      'an NUnit 3 file',
      '<?xml version="1.0"?><test-run id="2" testcasecount="1"/>',
      /root element is <test-run> \(an NUnit 3 report\)/,
    ],
    [
      'a <suites> file',
      '<suites><suite name="pytest"/></suites>',
      /root element is <suites>, not <testsuites> or <testsuite>/,
    ],
    [
      'text',
      'this is not an xml file',
      /the file is not XML \(it starts with "this is not an xml file"\)/,
    ],
    ['JSON', '{"testsuites": []}', /the file is not XML/],
  ];
  for (const [what, source, reason] of reasons) {
    test(`${what} is refused with a reason`, () => {
      assert.throws(
        () => parse(source),
        (error: unknown) => error instanceof ParseError && reason.test(error.reason),
      );
    });
  }

  test('detects by the root element, past BOM, declaration, comments and DOCTYPE', () => {
    assert.ok(
      detectJunit(
        '\uFEFF<?xml version="1.0"?>\n<!-- generated -->\n<!DOCTYPE testsuites>\n<testsuites>',
      ),
    );
    assert.ok(detectJunit('<testsuite'));
    assert.ok(!detectJunit('{"message": "expected <testsuite name=\\"x\\"> in the output"}'));
    assert.ok(
      !detectJunit('<?xml version="1.0"?><test-run><!-- <testsuite name="x"> --></test-run>'),
    );
    assert.ok(
      !detectJunit(
        '<?xml version="1.0"?>\n<assemblies><assembly name="testsuite x"/></assemblies>',
      ),
    );
    // A head that ends inside a long comment still finds the element when it is there.
    assert.ok(detectJunit(`<!-- ${'x'.repeat(5000)}`) === false);
    assert.ok(detectJunit(`<!-- ${'x'.repeat(3000)} <testsuites name="a"> ${'y'.repeat(1000)}`));
  });
});

/**
 * Real tools write a tiny suite with known outcomes; our counts must match the tool's own
 * summary line. Each is skipped, saying why, where the tool is not installed.
 */
describe('real tools', () => {
  const run = (
    command: string,
    args: readonly string[],
    cwd: string,
    extraEnv: Record<string, string> = {},
  ) => {
    const env = { ...process.env, ...extraEnv };
    // A node:test child would otherwise report to this test run instead of writing its files.
    delete env.NODE_TEST_CONTEXT;
    return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  };
  const works = (command: string, args: readonly string[]) => {
    try {
      return spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 }).status === 0;
    } catch {
      return false;
    }
  };
  const inTemp = <T>(files: Record<string, string>, body: (dir: string) => T): T => {
    const dir = mkdtempSync(path.join(tmpdir(), 'junit-tool-'));
    try {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
      }
      return body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const countsOf = (tests: readonly TestCase[]) => ({
    total: tests.length,
    passed: tests.filter((t) => t.status === 'passed').length,
    failed: tests.filter((t) => t.status === 'failed').length,
    errored: tests.filter((t) => t.status === 'errored').length,
    skipped: tests.filter((t) => t.status === 'skipped').length,
  });
  const readReport = (file: string) =>
    parseJunit(readFileSync(file, 'utf8'), { path: path.basename(file) });

  // The pyenv python may carry pytest; Debian's python3-pytest installs it for /usr/bin/python3.
  const python = ['python3', '/usr/bin/python3'].find((candidate) =>
    works(candidate, ['-m', 'pytest', '--version']),
  );
  const PYTEST_SAMPLE = `import pytest


def test_pass():
    assert True


def test_pass_too():
    pass


def test_fail():
    assert 1 == 2


@pytest.mark.skip(reason="not now")
def test_skip():
    pass


@pytest.mark.xfail(reason="known bug")
def test_xfail():
    assert False


@pytest.fixture
def broken():
    raise RuntimeError("fixture broke")


def test_error(broken):
    pass


class TestGroup:
    def test_in_class(self):
        assert "a" == "b"

    @pytest.mark.parametrize("n", [1, 2, 3])
    def test_param(self, n):
        assert n < 3
`;
  /** "3 failed, 4 passed, 1 skipped, 1 xfailed, 1 error in 0.12s" → { failed: 3, … }. */
  const pytestSummary = (stdout: string) => {
    const line = stdout.trim().split('\n').at(-1) ?? '';
    const counts: Record<string, number> = {};
    for (const [, count, what] of line.matchAll(/(\d+) (\w+)/g)) {
      counts[what!.replace(/^errors$/, 'error')] = Number(count);
    }
    return counts;
  };

  for (const family of ['xunit1', 'xunit2']) {
    test(
      `pytest --junitxml (${family}) against its summary line`,
      { skip: python ? false : 'pytest is not installed (Debian package python3-pytest)' },
      () => {
        inTemp({ 'test_sample.py': PYTEST_SAMPLE }, (dir) => {
          const args = [
            '-m',
            'pytest',
            '-q',
            '-p',
            'no:cacheprovider',
            `-o`,
            `junit_family=${family}`,
          ];
          const result = run(python!, [...args, '--junitxml=out.xml', 'test_sample.py'], dir);
          assert.equal(result.status, 1, result.stderr);
          const summary = pytestSummary(result.stdout);
          assert.deepEqual(summary, { failed: 3, passed: 4, skipped: 1, xfailed: 1, error: 1 });
          const tests = readReport(path.join(dir, 'out.xml')).suites.flatMap((s) => s.tests);
          assert.deepEqual(countsOf(mergeRetries(tests)), {
            total: 10,
            passed: summary.passed,
            failed: summary.failed,
            errored: summary.error,
            // An expected failure did not count against the run: a skip, as pytest's xunit writes it.
            skipped: summary.skipped! + summary.xfailed!,
          });
          const fail = tests.find((t) => t.name === 'test_fail')!;
          assert.equal(fail.message, 'assert 1 == 2');
          assert.deepEqual([fail.file, fail.line], ['test_sample.py', 13]);
          const param = tests.find((t) => t.name === 'test_param[3]')!;
          assert.deepEqual([param.suite, param.status], ['test_sample.TestGroup', 'failed']);
          const pass = tests.find((t) => t.name === 'test_pass')!;
          // xunit1 states file and a 0-based line; xunit2 states neither.
          assert.deepEqual(
            [pass.file, pass.line],
            family === 'xunit1' ? ['test_sample.py', 4] : [undefined, undefined],
          );
        });
      },
    );
  }

  test(
    'pytest: a failed call plus a teardown error is listed twice; folded, one errored test',
    { skip: python ? false : 'pytest is not installed (Debian package python3-pytest)' },
    () => {
      const sample = `import pytest


@pytest.fixture
def bad_teardown():
    yield
    raise RuntimeError("teardown broke")


def test_fail_and_teardown(bad_teardown):
    assert 1 == 2


def test_pass_and_teardown(bad_teardown):
    pass
`;
      inTemp({ 'test_td.py': sample }, (dir) => {
        const args = ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--junitxml=out.xml'];
        const result = run(python!, [...args, 'test_td.py'], dir);
        const summary = pytestSummary(result.stdout);
        // pytest counts reports: 2 tests give "1 failed, 1 passed, 2 errors".
        assert.deepEqual([summary.failed, summary.passed, summary.error], [1, 1, 2], result.stdout);
        const tests = readReport(path.join(dir, 'out.xml')).suites.flatMap((s) => s.tests);
        // Its XML has an element per failed report: the passing call is not listed on its own.
        assert.deepEqual(countsOf(tests), {
          total: 3,
          passed: 0,
          failed: 1,
          errored: 2,
          skipped: 0,
        });
        const folded = mergeRetries(tests);
        assert.deepEqual(countsOf(folded), {
          total: 2,
          passed: 0,
          failed: 0,
          errored: 2,
          skipped: 0,
        });
        assert.deepEqual(
          folded.map((t) => [t.name, t.retries.map((r) => r.status)]),
          [
            ['test_fail_and_teardown', ['failed']],
            ['test_pass_and_teardown', []],
          ],
        );
      });
    },
  );

  // The Node running these tests, and the machine's own when it is another version: Node 20
  // writes classname="test" for every test, Node 24 the describe() path and a file attribute.
  const versionOf = (binary: string) =>
    works(binary, ['--version'])
      ? spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim()
      : undefined;
  const nodes = new Map<string, string>();
  for (const binary of [process.execPath, '/usr/bin/node']) {
    const version = versionOf(binary);
    if (version && !nodes.has(version)) nodes.set(version, binary);
  }
  const NODE_SAMPLE = `import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

test('top level passes', () => {});
describe('group A', () => {
  test('works', () => {});
  test('fails', () => {
    assert.equal(1, 2);
  });
});
describe('group B', () => {
  test('works', () => {});
  test('skipped one', { skip: 'not today' }, () => {});
  test('todo one', { todo: true }, () => {});
  test('throws', () => {
    throw new TypeError('boom');
  });
  describe('inner', () => {
    test('deep', () => {});
  });
});
`;
  for (const [version, node] of nodes) {
    test(`node:test's junit reporter (${version}) against its spec summary`, () => {
      inTemp({ 'sample.test.mjs': NODE_SAMPLE }, (dir) => {
        const reporters = [
          '--test-reporter=junit',
          '--test-reporter-destination=out.xml',
          '--test-reporter=spec',
          '--test-reporter-destination=stdout',
        ];
        const result = run(node, ['--test', ...reporters, 'sample.test.mjs'], dir);
        assert.equal(result.status, 1, result.stderr);
        const summary = Object.fromEntries(
          [...result.stdout.matchAll(/^ℹ (tests|pass|fail|skipped|todo|cancelled) (\d+)$/gm)].map(
            ([, what, count]) => [what!, Number(count)],
          ),
        );
        assert.deepEqual(summary, {
          tests: 8,
          pass: 4,
          fail: 2,
          cancelled: 0,
          skipped: 1,
          todo: 1,
        });
        const tests = mergeRetries(
          readReport(path.join(dir, 'out.xml')).suites.flatMap((s) => s.tests),
        );
        assert.deepEqual(countsOf(tests), {
          total: summary.tests,
          passed: summary.pass,
          failed: summary.fail,
          errored: 0,
          skipped: summary.skipped! + summary.todo!,
        });
        // "works" in two describe() blocks stays two tests.
        assert.deepEqual(
          tests.filter((t) => t.name === 'works').map((t) => t.suite),
          ['group A', 'group B'],
        );
        const fails = tests.find((t) => t.name === 'fails')!;
        // Node 24 keeps the message's line breaks (&#10;), Node 20 drops them.
        assert.match(fails.message!, /^Expected values to be strictly equal: ?1 !== 2$/);
        assert.deepEqual([path.basename(fails.file!), fails.line], ['sample.test.mjs', 8]);
      });
    });
  }

  const vitest = findTool('vitest');
  test(
    "Vitest's junit reporter against its summary",
    {
      skip: vitest
        ? false
        : 'vitest is not installed (scripts/test-tools.sh puts it in .tmp/js-tools)',
    },
    () => {
      const sample = `import { describe, test, expect } from 'vitest';

test('top passes', () => {});
describe('group A', () => {
  test('works', () => {});
  test('fails', () => {
    expect(1).toBe(2);
  });
  test.skip('skipped one', () => {});
  test.todo('todo one');
});
describe('group B', () => {
  test('works', () => {});
  test('throws', () => {
    throw new TypeError('boom');
  });
});
`;
      inTemp({ 'sample.test.js': sample }, (dir) => {
        const reporters = ['--reporter=junit', '--outputFile=out.xml', '--reporter=default'];
        const result = run(vitest!, ['run', '--root', '.', ...reporters], dir, {
          NO_COLOR: '1',
          FORCE_COLOR: '0',
        });
        // "Tests  2 failed | 3 passed | 1 skipped | 1 todo (7)"
        const line = /^\s*Tests\s+(.+)\((\d+)\)\s*$/m.exec(result.stdout);
        assert.ok(line, result.stdout + result.stderr);
        const summary = Object.fromEntries(
          [...line[1]!.matchAll(/(\d+) (\w+)/g)].map(([, count, what]) => [what!, Number(count)]),
        );
        assert.deepEqual(summary, { failed: 2, passed: 3, skipped: 1, todo: 1 });
        const tests = mergeRetries(
          readReport(path.join(dir, 'out.xml')).suites.flatMap((s) => s.tests),
        );
        assert.deepEqual(countsOf(tests), {
          total: Number(line[2]),
          passed: summary.passed,
          failed: summary.failed,
          errored: 0,
          skipped: summary.skipped! + summary.todo!,
        });
        // Vitest's classname is the test file; its trace marks the line with "❯ file:line:col".
        const fails = tests.find((t) => t.name === 'group A > fails')!;
        assert.deepEqual(
          [fails.file, fails.line, fails.message],
          ['sample.test.js', 7, 'expected 1 to be 2 // Object.is equality'],
        );
      });
    },
  );

  const mocha = findTool('mocha');
  test(
    "mocha's xunit reporter against its spec summary",
    {
      skip: mocha
        ? false
        : 'mocha is not installed (scripts/test-tools.sh puts it in .tmp/js-tools)',
    },
    () => {
      const sample = `const assert = require('node:assert/strict');
it('top passes', () => {});
describe('group A', () => {
  it('works', () => {});
  it('fails', () => {
    assert.equal(1, 2);
  });
  it.skip('skipped one', () => {});
  it('pending one');
});
describe('group B', () => {
  it('works', () => {});
  it('throws', () => {
    throw new TypeError('boom');
  });
});
describe('group C', () => {
  before(() => {
    throw new Error('hook broke');
  });
  it('never runs', () => {});
});
`;
      inTemp({ 'sample.spec.cjs': sample }, (dir) => {
        const xml = run(
          mocha!,
          ['--reporter', 'xunit', '--reporter-option', 'output=out.xml', 'sample.spec.cjs'],
          dir,
        );
        assert.equal(xml.status, 3, xml.stderr);
        const spec = run(mocha!, ['--reporter', 'spec', '--no-color', 'sample.spec.cjs'], dir);
        const count = (what: string) =>
          Number(new RegExp(`^\\s*(\\d+) ${what}`, 'm').exec(spec.stdout)?.[1] ?? 0);
        const summary = {
          passing: count('passing'),
          pending: count('pending'),
          failing: count('failing'),
        };
        assert.deepEqual(summary, { passing: 3, pending: 2, failing: 3 });
        const tests = mergeRetries(
          readReport(path.join(dir, 'out.xml')).suites.flatMap((s) => s.tests),
        );
        // A failed "before all" hook is listed, and counted by mocha, as a failing test.
        assert.deepEqual(countsOf(tests), {
          total: summary.passing + summary.pending + summary.failing,
          passed: summary.passing,
          failed: summary.failing,
          errored: 0,
          skipped: summary.pending,
        });
        const fails = tests.find((t) => t.name === 'fails')!;
        assert.deepEqual(
          [fails.suite, path.basename(fails.file!), fails.line, fails.message],
          ['group A', 'sample.spec.cjs', 6, 'Expected values to be strictly equal:'],
        );
      });
    },
  );

  test(
    'CTest --output-junit against its summary',
    { skip: works('ctest', ['--version']) ? false : 'ctest (cmake) is not installed' },
    () => {
      const cmake = `cmake_minimum_required(VERSION 3.21)
project(sample NONE)
enable_testing()
add_test(NAME passes COMMAND sh -c "exit 0")
add_test(NAME fails COMMAND sh -c "echo boom; exit 1")
add_test(NAME skipped COMMAND sh -c "exit 77")
set_tests_properties(skipped PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME disabled COMMAND sh -c "exit 0")
set_tests_properties(disabled PROPERTIES DISABLED TRUE)
`;
      inTemp({ 'CMakeLists.txt': cmake }, (dir) => {
        const configure = run('cmake', ['-S', '.', '-B', 'build'], dir);
        assert.equal(configure.status, 0, configure.stderr);
        const result = run('ctest', ['--output-junit', 'out.xml'], path.join(dir, 'build'));
        // "67% tests passed, 1 tests failed out of 3" counts the skip as run; the disabled
        // test is left out, and both are listed under "The following tests did not run:".
        const failed = Number(/(\d+) tests failed out of (\d+)/.exec(result.stdout)?.[1]);
        const notRun = /did not run:\n((?:\s+\d+ - .*\n)+)/.exec(result.stdout)?.[1] ?? '';
        const ran = [...result.stdout.matchAll(/^\s*\d+\/\d+ Test +#\d+:/gm)].length;
        const skipped = notRun.trim().split('\n').length;
        const tests = readReport(path.join(dir, 'build', 'out.xml')).suites.flatMap((s) => s.tests);
        assert.deepEqual(countsOf(tests), {
          total: ran,
          passed: ran - failed - skipped,
          failed,
          errored: 0,
          skipped,
        });
        assert.deepEqual([ran, failed, skipped], [4, 1, 2]);
        assert.equal(tests.find((t) => t.name === 'fails')!.output, 'boom\n');
      });
    },
  );
});
