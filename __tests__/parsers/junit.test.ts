import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJunit, junitParser } from '../../src/parsers/junit.js';
import { ParseError } from '../../src/parsers/parser.js';

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
