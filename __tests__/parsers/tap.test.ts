import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import type { TestCase, TestReport } from '../../src/model/tests.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { ParseError } from '../../src/parsers/parser.js';
import { parseTap, tapParser } from '../../src/parsers/tap.js';
import { assertClaimsNoOtherInput, CORPUS, corpusInputs, NO_CORPUS } from '../support/corpus.js';
import { chunksOf } from '../support/counts.js';
import { loadLazyLibraries } from '../support/libraries.js';

before(loadLazyLibraries);

const parse = (text: string) => parseTap(text, { path: 'out.tap' });
const tests = (report: TestReport) => report.suites.flatMap((suite) => suite.tests);
const find = (report: TestReport, name: string) => tests(report).find((t) => t.name === name)!;

function counts(list: readonly TestCase[]) {
  const result = { tests: list.length, passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const test of list) result[test.status]++;
  return result;
}

/** node --test --test-reporter=tap (Node 24), trimmed: suites, subtests, todo, skip, escapes. */
const NODE_TAP = `TAP version 13
# printed by passes
# Subtest: passes
ok 1 - passes
  ---
  duration_ms: 1.932159
  type: 'test'
  ...
# Subtest: fails
not ok 2 - fails
  ---
  duration_ms: 0.734565
  type: 'test'
  location: '/tmp/nodetap/sample.test.mjs:5:1'
  failureType: 'testCodeFailure'
  error: |-
    Expected values to be strictly equal:

    1 !== 2

  code: 'ERR_ASSERTION'
  stack: |-
    TestContext.<anonymous> (file:///tmp/nodetap/sample.test.mjs:5:30)
    Test.runInAsyncScope (node:async_hooks:227:14)
  ...
# Subtest: skipped
ok 3 - skipped # SKIP not now
  ---
  duration_ms: 0.123774
  type: 'test'
  ...
# Subtest: todo failing
not ok 4 - todo failing # TODO later
  ---
  duration_ms: 0.127
  type: 'test'
  error: 'nope'
  ...
# Subtest: contains \\\\\\# hash \\# and more
ok 5 - contains \\\\\\# hash \\# and more
  ---
  duration_ms: 0.376651
  type: 'test'
  ...
# Subtest: group
    # Subtest: inner ok
    ok 1 - inner ok
      ---
      duration_ms: 0.138546
      type: 'test'
      ...
    # Subtest: nested
        # Subtest: deep fail
        not ok 1 - deep fail
          ---
          duration_ms: 0.167069
          type: 'test'
          location: '/tmp/nodetap/sample.test.mjs:13:5'
          failureType: 'hookFailed'
          error: 'hook broke'
          ...
        1..1
    not ok 2 - nested
      ---
      duration_ms: 0.373797
      type: 'suite'
      failureType: 'subtestsFailed'
      error: '1 subtest failed'
      ...
    1..2
not ok 6 - group
  ---
  duration_ms: 1.148751
  type: 'suite'
  failureType: 'subtestsFailed'
  error: '1 subtest failed'
  ...
1..6
# tests 7
# suites 2
# pass 2
# fail 1
# duration_ms 72.962319
`;

/** Every other input of the corpus: what this detector must not claim. */
describe('TAP parser', () => {
  test('detects a version line, or a plan or numbered test first, and nothing else', () => {
    assert.ok(tapParser.detect('TAP version 13\nok 1 - x\n'));
    assert.ok(tapParser.detect('\uFEFFTAP version 14\n'));
    assert.ok(tapParser.detect('1..3\nok 1\n'));
    assert.ok(tapParser.detect('# comment first\n1..0 # skip all\n'));
    assert.ok(tapParser.detect('not ok 1 - crashed\n'));
    assert.ok(!tapParser.detect('ok starting the server\n'));
    assert.ok(!tapParser.detect('okay\n'));
    assert.ok(!tapParser.detect('TAP version 12a\n'));
    assert.ok(!tapParser.detect('{"Action":"run","Package":"p","Test":"T"}\n'));
    assert.ok(!tapParser.detect('{"protocolVersion":"0.1.1","type":"start","time":0}\n'));
    assert.ok(!tapParser.detect('<testsuites/>'));
    assert.ok(!tapParser.detect(''));
    assert.equal(detectResultParser(NODE_TAP)?.format, 'tap');
  });

  test('node:test: subtests as suites, describe() blocks not counted unless they failed alone', () => {
    const report = parse(NODE_TAP);
    assert.deepEqual(
      tests(report).map((t) => [t.suite, t.name, t.status]),
      [
        ['', 'passes', 'passed'],
        ['', 'fails', 'failed'],
        ['', 'skipped', 'skipped'],
        ['', 'todo failing', 'skipped'],
        ['', 'contains \\# hash # and more', 'passed'],
        ['group', 'inner ok', 'passed'],
        ['group > nested', 'deep fail', 'errored'],
      ],
    );
    assert.equal(report.durationMs, 72.962319);
    const fails = find(report, 'fails');
    assert.equal(fails.message, 'Expected values to be strictly equal:\n\n1 !== 2');
    assert.equal(
      fails.details,
      'TestContext.<anonymous> (file:///tmp/nodetap/sample.test.mjs:5:30)\nTest.runInAsyncScope (node:async_hooks:227:14)',
    );
    assert.deepEqual(
      [fails.file, fails.line, fails.durationMs],
      ['/tmp/nodetap/sample.test.mjs', 5, 0.734565],
    );
    assert.equal(find(report, 'skipped').message, 'not now');
    assert.equal(
      find(report, 'todo failing').message,
      'TODO: later (not ok, which a TODO test may be without failing the run)',
    );
    assert.equal(find(report, 'deep fail').message, 'hook broke');
  });

  test('TAP 14: the subtest comment inside the child stream; buffered { } subtests; parents count', () => {
    const report = parse(`TAP version 14
1..2
    # Subtest: first
    1..2
    ok 1 - a
    not ok 2 - b
not ok 1 - first
ok 2 - second {
    1..1
    ok 1 - c
}
`);
    assert.deepEqual(
      tests(report).map((t) => [t.suite, t.name, t.status]),
      [
        ['', 'first', 'failed'],
        ['', 'second', 'passed'],
        ['first', 'a', 'passed'],
        ['first', 'b', 'failed'],
        ['second', 'c', 'passed'],
      ],
    );
  });

  test('YAML diagnostics: message, at/file/line, stack, diff; other keys kept; bad YAML kept raw', () => {
    const report = parse(`TAP version 13
not ok 1 - with at
  ---
  message: 'hostname "saphire" unknown'
  severity: fail
  at:
    file: test/net.js
    line: 43
  diff: |
    -1
    +2
  stack: |
    at net.js:43
  ...
not ok 2 - with data
  ---
  message: First line invalid
  file: parse.c
  line: "12"
  data:
    got: Flirble
  ...
not ok 3 - broken yaml
  ---
  message: [unclosed
  ...
not ok 4 - yaml never closed
  ---
  message: lost
ok 5 - next
1..5
`);
    const [at, data, broken, unclosed, next] = tests(report);
    assert.deepEqual(
      [at!.message, at!.file, at!.line, at!.details],
      ['hostname "saphire" unknown', 'test/net.js', 43, '-1\n+2\n\nat net.js:43'],
    );
    assert.deepEqual([data!.file, data!.line], ['parse.c', 12]);
    assert.equal(
      data!.details,
      'message: First line invalid\nfile: parse.c\nline: "12"\ndata:\n  got: Flirble',
    );
    assert.deepEqual(
      [broken!.status, broken!.message, broken!.details],
      ['failed', undefined, 'message: [unclosed'],
    );
    assert.equal(unclosed!.message, 'lost');
    assert.equal(next!.status, 'passed');
  });

  test('Test::More: failure diagnostics after a not ok are its details, with file and line', () => {
    const report = parse(`1..2
not ok 1 - one is two
#   Failed test 'one is two'
#   at t/sample.t line 6.
#          got: '1'
#     expected: '2'
ok 2 - fine
# a note after a passing test
`);
    const failed = find(report, 'one is two');
    assert.deepEqual([failed.file, failed.line], ['t/sample.t', 6]);
    assert.equal(
      failed.details,
      "Failed test 'one is two'\nat t/sample.t line 6.\n       got: '1'\n  expected: '2'",
    );
    assert.equal(find(report, 'fine').details, undefined);
  });

  test('directives: SKIP/TODO in any case and spelling; TODO passing is not a pass', () => {
    const report = parse(`TAP version 13
ok 1 - # SKIP no /sys directory
ok 2 - # SKIPPED skip 2
ok 3-# skip skip 3
not ok 4 # todo number 4
ok 5 - done early # TODO later
ok 6 - issue #42 fixed
`);
    assert.deepEqual(
      tests(report).map((t) => [t.name, t.status, t.message]),
      [
        ['test 1', 'skipped', 'no /sys directory'],
        ['test 2', 'skipped', 'skip 2'],
        ['test 3', 'skipped', 'skip 3'],
        [
          'test 4',
          'skipped',
          'TODO: number 4 (not ok, which a TODO test may be without failing the run)',
        ],
        ['done early', 'skipped', 'TODO: later (passed, but a TODO test is not counted as a pass)'],
        ['issue #42 fixed', 'passed', undefined],
      ],
    );
  });

  test('repeated descriptions stay apart (the pipeline folds same-named tests as retries)', () => {
    const report = parse(
      '1..3\nok 1 - should be equal\nnot ok 2 - should be equal\nok 3 - should be equal\n',
    );
    assert.deepEqual(
      tests(report).map((t) => t.name),
      ['should be equal', 'should be equal [#2]', 'should be equal [#3]'],
    );
  });

  test('tests planned but never reported are errored, each with the reason', () => {
    const report = parse('TAP version 13\n1..4\nok 1 - a\nnot ok 2 - b\n');
    assert.deepEqual(
      tests(report).map((t) => [t.name, t.status, t.message]),
      [
        ['a', 'passed', undefined],
        ['b', 'failed', undefined],
        [
          'test 3',
          'errored',
          'not run: planned (1..4) but never reported; the producer stopped early before test 3',
        ],
        [
          'test 4',
          'errored',
          'not run: planned (1..4) but never reported; the producer stopped early before test 4',
        ],
      ],
    );
    // More tests than planned are counted as reported: the results are real.
    assert.equal(counts(tests(parse('1..1\nok 1\nok 2\n'))).passed, 2);
    // An absurd plan stays one entry.
    const huge = tests(parse('1..99999999\nok 1\n'));
    assert.deepEqual(
      huge.map((t) => [t.name, t.status]),
      [
        ['test 1', 'passed'],
        ['tests 2-99999999', 'errored'],
      ],
    );
    assert.match(huge[1]!.message!, /\(99999998 tests, listed as one\)$/);
  });

  test('Bail out!: the rest of the plan errored; without a plan one errored entry; inside a subtest too', () => {
    const planned = tests(
      parse('TAP version 13\n1..3\nnot ok 1 - db\nBail out! No database.\nok 2 - ignored\n'),
    );
    assert.deepEqual(
      planned.map((t) => [t.name, t.status, t.message]),
      [
        ['db', 'failed', undefined],
        ['test 2', 'errored', 'not run: the run bailed out (No database.) before test 2'],
        ['test 3', 'errored', 'not run: the run bailed out (No database.) before test 3'],
      ],
    );
    const unplanned = tests(parse('ok 1 - a\nBail out!\n'));
    assert.deepEqual(
      unplanned.map((t) => [t.name, t.status, t.message]),
      [
        ['a', 'passed', undefined],
        ['Bail out!', 'errored', 'the test run bailed out'],
      ],
    );
    const nested = tests(
      parse('TAP version 14\n# Subtest: outer\n    ok 1 - inner\n    Bail out! gone\n'),
    );
    assert.deepEqual(
      nested.map((t) => [t.suite, t.name, t.status, t.message]),
      [
        ['', 'outer', 'errored', 'not run: the run bailed out inside its subtests (gone)'],
        ['outer', 'inner', 'passed', undefined],
      ],
    );
  });

  test('a plan of 1..0 skips the whole file: no tests; pragmas and unknown lines are ignored', () => {
    assert.deepEqual(parse('TAP version 13\n1..0 # skip no translator\n').suites, []);
    const report = parse('TAP version 13\npragma +strict\nsome stray output\n1..1\nok 1 - a\n');
    assert.equal(counts(tests(report)).passed, 1);
  });

  test('fed in small chunks, by write() or parseStream(), it gives what it gives fed whole', async () => {
    const text = NODE_TAP;
    const whole = parse(text);
    for (const size of [1, 7, 100]) {
      assert.deepEqual(
        await tapParser.parseStream!(chunksOf(text, size), { path: 'out.tap' }),
        whole,
      );
    }
  });

  const bad: [string, string, RegExp, number?][] = [
    ['empty', '', /no TAP version, plan or test lines/],
    ['not TAP', 'hello\nworld\n', /no TAP version, plan or test lines/],
    ['two plans', '1..2\nok 1\nok 2\n1..2\n', /a second plan/, 4],
    [
      'a test after the closing plan',
      'ok 1\n1..2\nok 2\n',
      /a test after the closing plan 1..2/,
      3,
    ],
  ];
  for (const [what, text, reason, line] of bad) {
    test(`${what} is a ParseError`, () => {
      assert.throws(
        () => parse(text),
        (error: unknown) =>
          error instanceof ParseError &&
          error.file === 'out.tap' &&
          reason.test(error.reason) &&
          error.line === line,
      );
    });
  }
});

/**
 * test-summary/action's own expectations for its TAP fixtures (test/tap.ts, inline asserts):
 * passed/failed/skipped. It has no errored count and no suites-as-tests; where we differ, why.
 */
const TEST_SUMMARY: Record<
  string,
  {
    upstream: { passed: number; failed: number; skipped: number } | 'error';
    ours?: ReturnType<typeof counts>;
  }
> = {
  '01-common.tap': { upstream: { passed: 6, failed: 0, skipped: 0 } },
  '02-unknown-amount-and-failure.tap': { upstream: { passed: 5, failed: 2, skipped: 0 } },
  // Upstream counts the one failure and reports the bail-out reason beside it. The plan says
  // 573 tests exist; 572 never ran because the producer bailed out. We count those as errored
  // (not run, with the reason), so totals match the plan and the run cannot look nearly clean.
  '03-bail-out.tap': {
    upstream: { passed: 0, failed: 1, skipped: 0 },
    ours: { tests: 573, passed: 0, failed: 1, errored: 572, skipped: 0 },
  },
  '04-skipped.tap': { upstream: { passed: 1, failed: 0, skipped: 4 } },
  '05-skip-everything.tap': { upstream: { passed: 0, failed: 0, skipped: 0 } },
  '06-todo.tap': { upstream: { passed: 2, failed: 0, skipped: 2 } },
  '07-creative-liberties.tap': { upstream: { passed: 9, failed: 0, skipped: 0 } },
  '08-everything.tap': { upstream: { passed: 6, failed: 6, skipped: 8 } },
  '09-node-tap.tap': { upstream: { passed: 4, failed: 4, skipped: 2 } },
  // Both refuse it: a plan in the middle of the tests is not TAP.
  '10-results-after-trailer.tap': { upstream: 'error' },
};

describe('TAP corpus', NO_CORPUS, () => {
  const dir = path.join(CORPUS, 'test-summary__action/test/resources/tap');
  test('every TAP file of the corpus is listed here', () => {
    const manifest = corpusInputs()
      .filter((input) => input.format === 'tap')
      .map((input) => path.basename(input.name));
    assert.deepEqual(manifest.sort(), Object.keys(TEST_SUMMARY).sort());
  });
  for (const [file, { upstream, ours }] of Object.entries(TEST_SUMMARY)) {
    test(`test-summary/action ${file}`, () => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      assert.equal(detectResultParser(text.slice(0, 4096))?.format, 'tap');
      if (upstream === 'error') {
        assert.throws(() => parseTap(text, { path: file }), ParseError);
        return;
      }
      const got = counts(tests(parseTap(text, { path: file })));
      if (ours) {
        assert.deepEqual(got, ours);
      } else {
        assert.deepEqual(
          { passed: got.passed, failed: got.failed, skipped: got.skipped },
          upstream,
        );
        assert.equal(got.errored, 0);
      }
    });
  }
  test('test-summary/action details: YAML messages and skip reasons', () => {
    const failures = tests(
      parseTap(readFileSync(path.join(dir, '02-unknown-amount-and-failure.tap'), 'utf8'), {
        path: '02',
      }),
    );
    assert.deepEqual(
      failures.filter((t) => t.status === 'failed').map((t) => [t.name, t.message]),
      [
        ['pinged saphire', 'hostname "saphire" unknown'],
        ['pinged quartz', 'timeout'],
      ],
    );
    const nodeTap = tests(
      parseTap(readFileSync(path.join(dir, '09-node-tap.tap'), 'utf8'), { path: '09' }),
    );
    const five = nodeTap.find((t) => t.name === 'fails test five')!;
    assert.deepEqual([five.file, five.line], ['test.js', 8]);
    assert.match(
      five.details!,
      /^--- expected\n\+\+\+ actual\n@@ -1,1 \+1,1 @@\n-43\n\+42\n\nObject\.<anonymous> \(test\.js:8:5\)/,
    );
  });
});

/** node's own summary comments at the end of its TAP output. */
function nodeSummary(tap: string): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const match of tap.matchAll(/^# (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$/gm)) {
    summary[match[1]!] = Number(match[2]);
  }
  return summary;
}

function runNodeTap(source: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'node-tap-'));
  try {
    const file = path.join(dir, 'sample.test.mjs');
    writeFileSync(file, source);
    // Inside node:test the child would report to us in its binary protocol, not in TAP.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('real node --test --test-reporter=tap', () => {
  test('our counts equal node\u2019s own # pass/# fail/# cancelled/# skipped/# todo lines', () => {
    const tap = runNodeTap(`import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
test('passes', () => { console.log('printed'); });
test('fails', () => { assert.equal(1, 2); });
test('skipped', { skip: 'not now' }, () => {});
test('todo failing', { todo: 'later' }, () => { throw new Error('nope'); });
test('todo passing', { todo: true }, () => {});
test('slow', { timeout: 20 }, async () => { await new Promise((r) => setTimeout(r, 500)); });
test('has a # hash', () => {});
describe('group', () => {
  test('inner ok', () => {});
  test('inner fail', () => { throw new TypeError('bad type'); });
  describe('nested', () => { test('deep ok', () => {}); });
});
describe('hooked', () => {
  before(() => { throw new Error('hook broke'); });
  test('never runs', () => {});
});
test('parent', async (t) => {
  await t.test('sub ok', () => {});
  await t.test('sub fail', () => { assert.ok(false, 'sub broke'); });
});
`);
    const node = nodeSummary(tap);
    const report = parseTap(tap, { path: 'node.tap' });
    const ours = counts(tests(report));
    assert.deepEqual(
      {
        tests: ours.tests,
        passed: ours.passed,
        notPassed: ours.failed + ours.errored,
        skipped: ours.skipped,
      },
      {
        tests: node.tests,
        passed: node.pass,
        notPassed: node.fail! + node.cancelled!,
        skipped: node.skipped! + node.todo!,
      },
    );
    assert.deepEqual(ours, { tests: 14, passed: 5, failed: 4, errored: 2, skipped: 3 });
    assert.equal(find(report, 'slow').status, 'errored');
    assert.equal(find(report, 'never runs').status, 'errored');
    assert.equal(find(report, 'has a # hash').status, 'passed');
    assert.equal(find(report, 'sub fail').suite, 'parent');
    assert.equal(find(report, 'deep ok').suite, 'group > nested');
  });

  test('a describe() whose body throws: node counts no test at all, we count the failure', () => {
    const tap = runNodeTap(`import { describe, test } from 'node:test';
test('fine', () => {});
describe('throws in body', () => { throw new Error('body broke'); });
`);
    // node: "# tests 1 / # pass 1 / # fail 0", yet it exits 1. A suite that failed by itself,
    // with no failing test inside, is the only trace of the failure: counted as a failed test.
    assert.deepEqual(
      { tests: nodeSummary(tap).tests, pass: nodeSummary(tap).pass, fail: nodeSummary(tap).fail },
      { tests: 1, pass: 1, fail: 0 },
    );
    const report = parseTap(tap, { path: 'node.tap' });
    assert.deepEqual(counts(tests(report)), {
      tests: 2,
      passed: 1,
      failed: 1,
      errored: 0,
      skipped: 0,
    });
    assert.equal(find(report, 'throws in body').message, 'body broke');
  });
});

const PERL = spawnSync('perl', ['-MTAP::Parser', '-MTest::More', '-e', '1']).status === 0;

describe(
  'real Perl Test::More TAP',
  { skip: PERL ? false : 'perl with Test::More and TAP::Parser is not installed' },
  () => {
    test('top-level counts equal TAP::Parser\u2019s (the reference harness); subtests counted too', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'perl-tap-'));
      try {
        const script = path.join(dir, 'sample.t');
        writeFileSync(
          script,
          `use strict; use warnings;
use Test::More tests => 7;
ok(1, 'passes');
is(1, 2, 'one is two');
SKIP: { skip 'no network', 1; ok(1, 'needs network'); }
TODO: { local $TODO = 'not implemented'; ok(0, 'future feature'); }
subtest 'group' => sub { plan tests => 2; ok(1, 'inner ok'); ok(0, 'inner fail'); };
like('hello', qr/world/, 'greets the world');
ok(1, 'last # with hash');
`,
        );
        // Diagnostics go to stderr; a workflow that saves the TAP usually merges both.
        const tap = spawnSync('sh', ['-c', `perl ${script} 2>&1`], { encoding: 'utf8' }).stdout;
        const harness = spawnSync(
          'perl',
          [
            '-MTAP::Parser',
            '-e',
            'my $p = TAP::Parser->new({source => $ARGV[0]}); while ($p->next) {} print join(" ", scalar($p->passed), scalar($p->failed), scalar($p->skipped), scalar($p->todo));',
            script,
          ],
          { encoding: 'utf8' },
        ).stdout;
        const [passed, failed, skipped, todo] = harness.split(' ').map(Number);
        const report = parseTap(tap, { path: 'sample.tap' });
        const top = counts(tests(report).filter((t) => t.suite === ''));
        // TAP::Parser's "passed" includes skipped and TODO tests; ours keeps them apart.
        assert.deepEqual(
          { passed: top.passed, failed: top.failed + top.errored, skipped: top.skipped },
          { passed: passed! - skipped! - todo!, failed: failed!, skipped: skipped! + todo! },
        );
        assert.deepEqual(counts(tests(report)), {
          tests: 9,
          passed: 3,
          failed: 4,
          errored: 0,
          skipped: 2,
        });
        const isTwo = find(report, 'one is two');
        assert.deepEqual([isTwo.file, isTwo.line], [script, 4]);
        assert.match(isTwo.details!, /got: '1'\n\s*expected: '2'/);
        assert.equal(find(report, 'inner fail').suite, 'group');
        assert.equal(find(report, 'last # with hash').status, 'passed');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

test('claims no other format\u2019s file of the corpus', NO_CORPUS, () => {
  assertClaimsNoOtherInput(tapParser, /^tap$/);
});
