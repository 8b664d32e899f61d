import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { TestCase, TestReport } from '../../src/model/tests.js';
import { dartJsonParser, parseDartJson } from '../../src/parsers/dart-json.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { ParseError } from '../../src/parsers/parser.js';
import { assertClaimsNoOtherInput, CORPUS, corpusInputs, NO_CORPUS } from '../support/corpus.js';
import { chunksOf } from '../support/counts.js';

const parse = (text: string) => parseDartJson(text, { path: 'dart.json' });
const tests = (report: TestReport) => report.suites.flatMap((suite) => suite.tests);
const find = (report: TestReport, name: string) => tests(report).find((t) => t.name === name)!;

function counts(list: readonly TestCase[]) {
  const result = { tests: list.length, passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const test of list) result[test.status]++;
  return result;
}

const START =
  '{"protocolVersion":"0.1.1","runnerVersion":"1.25.3","pid":7103,"type":"start","time":0}';
const URL = 'file:///home/runner/work/app/app/test/main_test.dart';

function testStart(id: number, name: string, extra: Record<string, unknown> = {}, time = 10) {
  return JSON.stringify({
    test: {
      id,
      name,
      suiteID: 0,
      groupIDs: [2],
      metadata: { skip: false, skipReason: null },
      line: id,
      column: 3,
      url: URL,
      ...extra,
    },
    type: 'testStart',
    time,
  });
}
const done = (id: number, result: string, time: number, more: Record<string, unknown> = {}) =>
  JSON.stringify({
    testID: id,
    result,
    skipped: false,
    hidden: false,
    type: 'testDone',
    time,
    ...more,
  });

const SAMPLE = [
  START,
  '{"suite":{"id":0,"platform":"vm","path":"test/main_test.dart"},"type":"suite","time":0}',
  '{"test":{"id":1,"name":"loading test/main_test.dart","suiteID":0,"groupIDs":[],"metadata":{"skip":false,"skipReason":null},"line":null,"column":null,"url":null},"type":"testStart","time":1}',
  '{"count":1,"time":2,"type":"allSuites"}',
  '{"testID":1,"result":"success","skipped":false,"hidden":true,"type":"testDone","time":300}',
  '{"group":{"id":2,"suiteID":0,"parentID":null,"name":"","metadata":{},"testCount":5,"line":null,"column":null,"url":null},"type":"group","time":301}',
  testStart(3, 'math adds', {}, 302),
  '{"testID":3,"messageType":"print","message":"computing","type":"print","time":303}',
  done(3, 'success', 320),
  testStart(4, 'math compares', {}, 321),
  '{"testID":4,"error":"Expected: <2>\\n  Actual: <1>\\n","stackTrace":"package:test_api  expect\\ntest/main_test.dart 13:9  main.<fn>\\n","isFailure":true,"type":"error","time":330}',
  done(4, 'failure', 331),
  testStart(5, 'math throws', {}, 332),
  '{"testID":5,"error":"Exception: boom","stackTrace":"test/main_test.dart 17:9  main.<fn>\\n","isFailure":false,"type":"error","time":335}',
  done(5, 'error', 336),
  testStart(6, 'math later', { metadata: { skip: true, skipReason: 'not yet' } }, 337),
  '{"testID":6,"messageType":"skip","message":"Skip: not yet","type":"print","time":338}',
  done(6, 'success', 339, { skipped: true }),
  testStart(
    7,
    'widget renders',
    {
      url: 'package:flutter_test/src/widget_tester.dart',
      line: 126,
      root_url: URL,
      root_line: 40,
      root_column: 5,
    },
    340,
  ),
  done(7, 'success', 350),
  '{"success":false,"type":"done","time":400}',
].join('\n');

describe('Dart / Flutter JSON parser', () => {
  test('detects the reporter\u2019s start event, also after plain text, and nothing else', () => {
    assert.ok(dartJsonParser.detect(`${START}\n`));
    assert.ok(
      dartJsonParser.detect(
        `Waiting for another flutter command to release the startup lock...\n${START}`,
      ),
    );
    assert.ok(
      !dartJsonParser.detect(
        '{"Time":"2025-01-01T00:00:00Z","Action":"run","Package":"p","Test":"T"}',
      ),
    );
    assert.ok(!dartJsonParser.detect('{"type":"start","time":0}'));
    assert.ok(!dartJsonParser.detect('{"testID":1,"type":"testDone","protocolVersion":"0.1.1"}'));
    assert.ok(!dartJsonParser.detect('{"numTotalTests":1,"testResults":[]}'));
    assert.ok(!dartJsonParser.detect('TAP version 13\n'));
    assert.equal(detectResultParser(SAMPLE)?.format, 'dart-json');
  });

  test('statuses, full names, messages, stack traces, prints, file and line', () => {
    const report = parse(SAMPLE);
    assert.equal(report.format, 'dart-json');
    assert.equal(report.durationMs, 400);
    assert.deepEqual(
      tests(report).map((t) => [t.suite, t.name, t.status, t.durationMs]),
      [
        ['test/main_test.dart', 'math adds', 'passed', 18],
        ['test/main_test.dart', 'math compares', 'failed', 10],
        ['test/main_test.dart', 'math throws', 'errored', 4],
        ['test/main_test.dart', 'math later', 'skipped', 2],
        ['test/main_test.dart', 'widget renders', 'passed', 10],
      ],
    );
    const adds = find(report, 'math adds');
    assert.deepEqual([adds.output, adds.file, adds.line], ['computing', 'test/main_test.dart', 3]);
    const compares = find(report, 'math compares');
    assert.equal(compares.message, 'Expected: <2>\n  Actual: <1>');
    assert.equal(compares.details, 'package:test_api  expect\ntest/main_test.dart 13:9  main.<fn>');
    assert.equal(find(report, 'math throws').message, 'Exception: boom');
    assert.equal(find(report, 'math later').message, 'Skip: not yet');
    // testWidgets: url is flutter_test's own file; root_url/root_line are the test's.
    const widget = find(report, 'widget renders');
    assert.deepEqual([widget.file, widget.line], ['test/main_test.dart', 40]);
  });

  test('hidden pseudo-tests (loading, setUpAll) count only when they broke, then as errored', () => {
    const report = parse(
      [
        START,
        '{"suite":{"id":0,"platform":"vm","path":"test\\\\broken_test.dart"},"type":"suite","time":0}',
        '{"test":{"id":1,"name":"loading test\\\\broken_test.dart","suiteID":0,"groupIDs":[],"metadata":{},"line":null,"column":null,"url":null},"type":"testStart","time":1}',
        '{"testID":1,"error":"Failed to load \\"test/broken_test.dart\\": compilation failed","stackTrace":"","isFailure":false,"type":"error","time":50}',
        '{"testID":1,"result":"error","skipped":false,"hidden":false,"type":"testDone","time":51}',
        testStart(2, '(setUpAll)', { url: 'file:///C:/src/app/test/broken_test.dart' }),
        '{"testID":2,"error":"Bad state: no db","stackTrace":"x","isFailure":false,"type":"error","time":60}',
        '{"testID":2,"result":"error","skipped":false,"hidden":true,"type":"testDone","time":61}',
        testStart(3, '(tearDownAll)'),
        '{"testID":3,"result":"success","skipped":false,"hidden":true,"type":"testDone","time":70}',
        '{"success":false,"type":"done","time":80}',
      ].join('\n'),
    );
    assert.deepEqual(
      tests(report).map((t) => [t.suite, t.name, t.status, t.message, t.file]),
      [
        [
          'test/broken_test.dart',
          'loading test\\broken_test.dart',
          'errored',
          'Failed to load "test/broken_test.dart": compilation failed',
          'test/broken_test.dart',
        ],
        [
          'test/broken_test.dart',
          '(setUpAll)',
          'errored',
          'Bad state: no db',
          'test/broken_test.dart',
        ],
      ],
    );
  });

  test('an error after testDone fails the test (the protocol says so), hidden or not', () => {
    const report = parse(
      [
        START,
        '{"suite":{"id":0,"platform":"vm","path":"test/a_test.dart"},"type":"suite","time":0}',
        testStart(1, 'late failure'),
        done(1, 'success', 20),
        testStart(2, '(tearDownAll)'),
        '{"testID":2,"result":"success","skipped":false,"hidden":true,"type":"testDone","time":30}',
        '{"testID":1,"error":"This test failed after it had already completed.","stackTrace":"","isFailure":true,"type":"error","time":40}',
        '{"testID":2,"error":"StateError","stackTrace":"","isFailure":false,"type":"error","time":41}',
      ].join('\n'),
    );
    assert.deepEqual(
      tests(report).map((t) => [t.name, t.status]),
      [
        ['late failure', 'failed'],
        ['(tearDownAll)', 'errored'],
      ],
    );
  });

  test('a run cut off: started tests errored, a cut last line tolerated, plain text ignored', () => {
    const report = parse(
      [
        'Downloading Material fonts...',
        START,
        '{"suite":{"id":0,"platform":"vm","path":"test/a_test.dart"},"type":"suite","time":0}',
        testStart(1, 'finished'),
        done(1, 'success', 20),
        testStart(2, 'never finished', {}, 25),
        '{"testID":2,"messageType":"print","message":"half way","type":"print","time":90}',
        '{"testID":2,"messageType":"pri',
      ].join('\n'),
    );
    assert.deepEqual(
      tests(report).map((t) => [t.name, t.status, t.message, t.durationMs]),
      [
        ['finished', 'passed', undefined, 10],
        ['never finished', 'errored', 'did not finish: the report ends before the test did', 65],
      ],
    );
  });

  test('flutter_test "See exception logs above": the printed exception goes into the details', () => {
    const report = parse(
      [
        START,
        '{"suite":{"id":0,"platform":"vm","path":"test/w_test.dart"},"type":"suite","time":0}',
        testStart(1, 'pumps'),
        '{"testID":1,"messageType":"print","message":"══╡ EXCEPTION CAUGHT BY FLUTTER TEST FRAMEWORK ╞═══\\nExpected: <2>\\n  Actual: <1>","type":"print","time":12}',
        '{"testID":1,"error":"Test failed. See exception logs above.\\nThe test description was: pumps","stackTrace":"","isFailure":false,"type":"error","time":13}',
        done(1, 'error', 14),
      ].join('\n'),
    );
    const pumps = find(report, 'pumps');
    assert.equal(pumps.status, 'errored');
    assert.equal(
      pumps.details,
      '══╡ EXCEPTION CAUGHT BY FLUTTER TEST FRAMEWORK ╞═══\nExpected: <2>\n  Actual: <1>',
    );
  });

  test('fed in small chunks, by write() or parseStream(), it gives what it gives fed whole', async () => {
    const text = SAMPLE;
    const whole = parse(text);
    for (const size of [1, 7, 100]) {
      assert.deepEqual(
        await dartJsonParser.parseStream!(chunksOf(text, size), { path: 'dart.json' }),
        whole,
      );
    }
  });

  const bad: [string, string, RegExp, number?][] = [
    ['empty', '', /no "start" event/],
    ['no start event', '{"type":"done","time":1,"success":true}', /no "start" event/],
    [
      'a broken line in the middle',
      `${START}\n{"type":\n{"type":"done","time":1}`,
      /is not valid JSON/,
      2,
    ],
    ['JSON without a type', `${START}\n{"testID":1}`, /without a "type"/, 2],
  ];
  for (const [what, text, reason, line] of bad) {
    test(`${what} is a ParseError`, () => {
      assert.throws(
        () => parse(text),
        (error: unknown) =>
          error instanceof ParseError &&
          error.file === 'dart.json' &&
          reason.test(error.reason) &&
          error.line === line,
      );
    });
  }
});

/** The counts of each `exports[...]` block of a dorny jest snapshot (results by name). */
function snapshotCounts(file: string): { passed: number; failed: number; skipped: number }[] {
  return readFileSync(file, 'utf8')
    .split(/^exports\[/m)
    .slice(1)
    .map((block) => ({
      passed: (block.match(/"result": "success"/g) ?? []).length,
      failed: (block.match(/"result": "failed"/g) ?? []).length,
      skipped: (block.match(/"result": "skipped"/g) ?? []).length,
    }));
}

/** EnricoMi's asserted totals (EXPECTED-enricomi.tsv: path, runs, passed, failed, errored, skipped, tests, parse_errors). */
function enricoMi(file: string) {
  const row = readFileSync(path.join(CORPUS, 'EXPECTED-enricomi.tsv'), 'utf8')
    .split('\n')
    .map((line) => line.split('\t'))
    .find(([p]) => p === file)!;
  const [, , passed, failed, errored, skipped, tests] = row.map(Number);
  return { tests: tests!, passed: passed!, failed: failed!, errored: errored!, skipped: skipped! };
}

describe('Dart / Flutter JSON corpus', NO_CORPUS, () => {
  const read = (file: string) =>
    parseDartJson(readFileSync(path.join(CORPUS, file), 'utf8'), { path: file });
  // dorny and phoenix have no errored status: their "failed" is our failed + errored.
  const asDorny = (report: TestReport) => {
    const c = counts(tests(report));
    return { passed: c.passed, failed: c.failed + c.errored, skipped: c.skipped };
  };

  const CHECKED = [
    'EnricoMi__publish-unit-test-result-action/python/test/files/dart/json/tests.json',
    'dorny__test-reporter/__tests__/fixtures/dart-json.json',
    'dorny__test-reporter/__tests__/fixtures/empty/dart-json.json',
    'dorny__test-reporter/__tests__/fixtures/external/flutter/provider-test-results.json',
    'phoenix-actions__test-reporting/__tests__/fixtures/dart-json.json',
    'phoenix-actions__test-reporting/__tests__/fixtures/empty/dart-json.json',
    'phoenix-actions__test-reporting/__tests__/fixtures/external/flutter/provider-test-results.json',
  ];

  test('every Dart/Flutter file of the corpus is checked here', () => {
    const listed = corpusInputs()
      .filter((input) => /^(dart|flutter)-json/.test(input.format))
      .map((input) => input.path);
    assert.deepEqual(listed.sort(), [...CHECKED].sort());
  });

  for (const file of CHECKED) {
    test(`${file} is detected as dart-json`, () => {
      assert.equal(
        detectResultParser(readFileSync(path.join(CORPUS, file), 'utf8').slice(0, 4096))?.format,
        'dart-json',
      );
    });
  }

  test('EnricoMi tests.json: exactly its totals, errors told from failures', () => {
    const file = 'EnricoMi__publish-unit-test-result-action/python/test/files/dart/json/tests.json';
    const report = read(file);
    assert.deepEqual(counts(tests(report)), enricoMi(file));
    assert.deepEqual(enricoMi(file), {
      tests: 20,
      passed: 16,
      failed: 1,
      errored: 2,
      skipped: 1,
    });
    assert.equal(report.suites.length, 4);
    const skipped = tests(report).find((t) => t.status === 'skipped')!;
    assert.deepEqual(
      [skipped.name, skipped.message, skipped.durationMs],
      ['Cli runner should have correct description', 'Skip: just skipping', 5],
    );
  });

  for (const repo of ['dorny__test-reporter', 'phoenix-actions__test-reporting']) {
    test(`${repo}: dart-json.json and the flutter provider run match its snapshot`, () => {
      const [dart, provider] = snapshotCounts(
        path.join(CORPUS, repo, '__tests__/__snapshots__/dart-json.test.ts.snap'),
      );
      assert.deepEqual(dart, { passed: 1, failed: 4, skipped: 1 });
      assert.deepEqual(provider, { passed: 268, failed: 1, skipped: 0 });
      const dartReport = read(`${repo}/__tests__/fixtures/dart-json.json`);
      assert.deepEqual(asDorny(dartReport), dart);
      assert.deepEqual(counts(tests(dartReport)), {
        tests: 6,
        passed: 1,
        failed: 1,
        errored: 3,
        skipped: 1,
      });
      // Windows suite paths come out with forward slashes.
      assert.deepEqual(
        dartReport.suites.map((s) => s.name),
        ['test/second_test.dart', 'test/main_test.dart'],
      );
      const providerReport = read(
        `${repo}/__tests__/fixtures/external/flutter/provider-test-results.json`,
      );
      assert.deepEqual(asDorny(providerReport), provider);
      assert.equal(providerReport.suites.length, 16);
      const failed = tests(providerReport).find((t) => t.status === 'errored')!;
      assert.equal(failed.name, 'valueListenableProvider pass updateShouldNotify');
      assert.match(failed.details!, /EXCEPTION CAUGHT BY FLUTTER TEST FRAMEWORK/);
      assert.equal(failed.file, '/__w/provider/provider/test/value_listenable_provider_test.dart');
    });

    test(`${repo}: empty/dart-json.json (only hidden loading and setUpAll tests) has no tests`, () => {
      // Upstream asserts result.tests === 0 and success.
      assert.deepEqual(read(`${repo}/__tests__/fixtures/empty/dart-json.json`).suites, []);
    });
  }
});

test('claims no other format\u2019s file of the corpus', NO_CORPUS, () => {
  assertClaimsNoOtherInput(dartJsonParser, /^(dart|flutter)-json/);
});
