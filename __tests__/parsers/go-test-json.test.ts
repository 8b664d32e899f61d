import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { mergeRetries } from '../../src/model/merge-retries.js';
import { isFlaky, type TestCase, type TestReport } from '../../src/model/tests.js';
import { goTestJsonParser, parseGoTestJson } from '../../src/parsers/go-test-json.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { ParseError } from '../../src/parsers/parser.js';
import { assertClaimsNoOtherInput, CORPUS, NO_CORPUS } from '../support/corpus.js';
import { chunksOf } from '../support/counts.js';

const parse = (text: string) => parseGoTestJson(text, { path: 'go.json' });
const tests = (report: TestReport) => report.suites.flatMap((suite) => suite.tests);
const byName = (report: TestReport, name: string) => tests(report).find((t) => t.name === name)!;

function counts(list: readonly TestCase[]) {
  const result = { tests: list.length, passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const test of list) result[test.status]++;
  return result;
}

/** Builds test2json lines: [action, test?, output?, elapsed?] for one package. */
function events(pkg: string, rows: readonly (readonly [string, string?, string?, number?])[]) {
  return rows
    .map(([Action, Test, Output, Elapsed]) =>
      JSON.stringify({ Time: '2025-01-01T00:00:00Z', Action, Package: pkg, Test, Output, Elapsed }),
    )
    .join('\n');
}

const CALC = events('example.com/m/calc', [
  ['start'],
  ['run', 'TestPass'],
  ['output', 'TestPass', '=== RUN   TestPass\n'],
  ['output', 'TestPass', 'hello from pass\n'],
  ['output', 'TestPass', '--- PASS: TestPass (0.06s)\n'],
  ['pass', 'TestPass', undefined, 0.06],
  ['run', 'TestFail'],
  ['output', 'TestFail', '=== RUN   TestFail\n'],
  ['output', 'TestFail', '    calc_test.go:11: some log\n'],
  ['output', 'TestFail', '    calc_test.go:12: expected 3, got 2\n'],
  ['output', 'TestFail', '--- FAIL: TestFail (0.89s)\n'],
  ['fail', 'TestFail', undefined, 0.89],
  ['run', 'TestSkip'],
  ['output', 'TestSkip', '    calc_test.go:15: not today\n'],
  ['output', 'TestSkip', '--- SKIP: TestSkip (0.00s)\n'],
  ['skip', 'TestSkip', undefined, 0],
  ['run', 'TestTable'],
  ['run', 'TestTable/one'],
  ['run', 'TestTable/1_/_2'],
  ['output', 'TestTable/1_/_2', '    calc_test.go:26: case failed\n'],
  ['output', 'TestTable/1_/_2', '        second line\n'],
  ['output', 'TestTable', '--- FAIL: TestTable (0.00s)\n'],
  ['output', 'TestTable/one', '    --- PASS: TestTable/one (0.00s)\n'],
  ['pass', 'TestTable/one', undefined, 0],
  ['output', 'TestTable/1_/_2', '    --- FAIL: TestTable/1_/_2 (0.00s)\n'],
  ['fail', 'TestTable/1_/_2', undefined, 0],
  ['fail', 'TestTable', undefined, 0.01],
  ['output', undefined, 'FAIL\n'],
  ['output', undefined, 'FAIL\texample.com/m/calc\t1.5s\n'],
  ['fail', undefined, undefined, 1.5],
]);

const PANICKY = events('example.com/m/panicky', [
  ['run', 'TestSlowParallel'],
  ['output', 'TestSlowParallel', '=== PAUSE TestSlowParallel\n'],
  ['pause', 'TestSlowParallel'],
  ['run', 'TestPanics'],
  ['output', 'TestPanics', '--- FAIL: TestPanics (0.00s)\n'],
  ['output', 'TestPanics', 'panic: assignment to entry in nil map [recovered]\n'],
  ['output', 'TestPanics', '\tpanic: assignment to entry in nil map\n'],
  ['output', 'TestPanics', '\n'],
  ['output', 'TestPanics', 'goroutine 20 [running]:\n'],
  ['output', 'TestPanics', 'example.com/m/panicky.TestPanics(0x0?)\n'],
  ['output', 'TestPanics', '\t/src/m/panicky/p_test.go:17 +0x2e\n'],
  ['fail', 'TestPanics', undefined, 0],
  ['output', undefined, 'FAIL\texample.com/m/panicky\t0.004s\n'],
  ['fail', undefined, undefined, 0.004],
]);

/** Every other input of the corpus: what this detector must not claim. */
describe('go test -json parser', () => {
  test('detects test2json lines, also after plain-text build errors, and nothing else', () => {
    assert.ok(
      goTestJsonParser.detect(
        '{"Time":"2025-01-01T00:00:00Z","Action":"run","Package":"p","Test":"T"}\n',
      ),
    );
    assert.ok(goTestJsonParser.detect('{"Action":"output","Package":"p","Output":"ok\\n"}'));
    assert.ok(
      goTestJsonParser.detect(
        '{"ImportPath":"m/x [m/x.test]","Action":"build-output","Output":"# m/x\\n"}',
      ),
    );
    assert.ok(
      goTestJsonParser.detect(
        '# example.com/m/broken [example.com/m/broken.test]\nbroken/b_test.go:5:28: undefined: x\n{"Action":"start","Package":"example.com/m/calc"}',
      ),
    );
    // Cut mid-line by the 4 KiB head: the Action comes early in every event.
    assert.ok(
      goTestJsonParser.detect(
        '{"Time":"2025-01-01T00:00:00Z","Action":"output","Package":"p","Output":"xxxx',
      ),
    );
    assert.ok(
      !goTestJsonParser.detect(
        '{"protocolVersion":"0.1.1","runnerVersion":"1.25.3","pid":7103,"type":"start","time":0}',
      ),
    );
    assert.ok(!goTestJsonParser.detect('{"numTotalTests":3,"testResults":[]}'));
    assert.ok(!goTestJsonParser.detect('{"results":{"tool":{"name":"go"},"summary":{}}}'));
    assert.ok(!goTestJsonParser.detect('{"Action":"deploy","Target":"prod"}'));
    assert.ok(!goTestJsonParser.detect('TAP version 13\nok 1 - x\n'));
    assert.ok(!goTestJsonParser.detect('<?xml version="1.0"?><testsuites/>'));
    assert.equal(detectResultParser(CALC.slice(0, 4096))?.format, 'go-test-json');
  });

  test('every event-level test once: parents and subtests, with go\u2019s verdicts', () => {
    const report = parse(CALC);
    assert.equal(report.format, 'go-test-json');
    assert.deepEqual(
      tests(report).map((t) => [t.suite, t.name, t.status]),
      [
        ['example.com/m/calc', 'TestPass', 'passed'],
        ['example.com/m/calc', 'TestFail', 'failed'],
        ['example.com/m/calc', 'TestSkip', 'skipped'],
        ['example.com/m/calc', 'TestTable', 'failed'],
        ['example.com/m/calc', 'TestTable/one', 'passed'],
        ['example.com/m/calc', 'TestTable/1_/_2', 'failed'],
      ],
    );
    assert.equal(report.durationMs, 1500);
  });

  test('messages, file and line from the file.go:N: lines; framing lines left out of the output', () => {
    const report = parse(CALC);
    const pass = byName(report, 'TestPass');
    assert.equal(pass.output, 'hello from pass');
    assert.equal(pass.durationMs, 60);
    assert.equal(pass.message, undefined);

    const fail = byName(report, 'TestFail');
    assert.equal(fail.message, 'expected 3, got 2');
    assert.equal(fail.file, 'example.com/m/calc/calc_test.go');
    assert.equal(fail.line, 12);
    assert.equal(fail.durationMs, 890);
    assert.equal(
      fail.details,
      '    calc_test.go:11: some log\n    calc_test.go:12: expected 3, got 2',
    );
    assert.equal(fail.output, fail.details);

    const skip = byName(report, 'TestSkip');
    assert.deepEqual([skip.message, skip.line, skip.details], ['not today', 15, undefined]);

    // A subtest name may contain "/": its parent is still TestTable.
    const sub = byName(report, 'TestTable/1_/_2');
    assert.equal(sub.message, 'case failed\nsecond line');
    assert.equal(sub.line, 26);
    assert.equal(sub.details, undefined);
    assert.equal(byName(report, 'TestTable').message, 'subtest failed: TestTable/1_/_2');
  });

  test('a panic errors the test; a test it left unfinished is errored, never passed', () => {
    const report = parse(PANICKY);
    const panicked = byName(report, 'TestPanics');
    assert.equal(panicked.status, 'errored');
    assert.equal(panicked.message, 'panic: assignment to entry in nil map');
    assert.ok(panicked.details!.startsWith('panic: assignment to entry in nil map [recovered]\n'));
    assert.equal(panicked.file, '/src/m/panicky/p_test.go');
    assert.equal(panicked.line, 17);
    const unfinished = byName(report, 'TestSlowParallel');
    assert.equal(unfinished.status, 'errored');
    assert.equal(
      unfinished.message,
      'did not finish: the test binary stopped when TestPanics panicked',
    );
    // The failure is explained by its tests: no extra package entry.
    assert.equal(tests(report).length, 2);
  });

  test('a timeout: the running test never ends and gets the panic as its reason', () => {
    const report = parse(
      events('p', [
        ['run', 'TestSlow', undefined],
        ['output', 'TestSlow', 'panic: test timed out after 1s\n'],
        ['output', 'TestSlow', '\trunning tests:\n'],
        ['output', undefined, 'FAIL\tp\t1.006s\n'],
        ['fail', undefined, undefined, 1.006],
      ]),
    );
    const slow = byName(report, 'TestSlow');
    assert.equal(slow.status, 'errored');
    assert.equal(
      slow.message,
      'did not finish: the test binary stopped: panic: test timed out after 1s',
    );
  });

  test('a report cut off mid-run: open tests errored, a cut last line tolerated', () => {
    const text = `${events('p', [
      ['run', 'TestDone'],
      ['pass', 'TestDone', undefined, 0.1],
      ['run', 'TestOpen'],
    ])}\n{"Time":"2025-01-01T00:00:01Z","Action":"outp`;
    const report = parse(text);
    assert.deepEqual(
      tests(report).map((t) => [t.name, t.status, t.message]),
      [
        ['TestDone', 'passed', undefined],
        ['TestOpen', 'errored', 'did not finish: the report ends before the test did'],
      ],
    );
  });

  test('build failures printed as plain text (Go < 1.24) become an errored [build failed] entry', () => {
    const text = [
      '# example.com/m/broken [example.com/m/broken.test]',
      'broken/b_test.go:5:28: undefined: undefinedThing',
      CALC,
      'FAIL\texample.com/m/broken [build failed]',
    ].join('\n');
    const report = parse(text);
    const broken = report.suites.find((s) => s.name === 'example.com/m/broken')!;
    assert.equal(broken.tests.length, 1);
    const [build] = broken.tests;
    assert.deepEqual(
      [build!.name, build!.status, build!.message, build!.file, build!.line],
      ['[build failed]', 'errored', 'undefined: undefinedThing', 'broken/b_test.go', 5],
    );
    assert.equal(
      build!.details,
      '# example.com/m/broken [example.com/m/broken.test]\nbroken/b_test.go:5:28: undefined: undefinedThing',
    );
    assert.equal(counts(tests(report)).tests, 7);
  });

  test('build failures as JSON build events (Go 1.24+)', () => {
    const text = [
      '{"ImportPath":"m/builderror [m/builderror.test]","Action":"build-output","Output":"# m/builderror [m/builderror.test]\\n"}',
      '{"ImportPath":"m/builderror [m/builderror.test]","Action":"build-output","Output":"builderror/main_test.go:3:11: undefined: y\\n"}',
      '{"ImportPath":"m/builderror [m/builderror.test]","Action":"build-fail"}',
      '{"Action":"start","Package":"m/builderror"}',
      '{"Action":"output","Package":"m/builderror","Output":"FAIL\\tm/builderror [build failed]\\n"}',
      '{"Action":"fail","Package":"m/builderror","Elapsed":0,"FailedBuild":"m/builderror [m/builderror.test]"}',
    ].join('\n');
    const [build] = tests(parse(text));
    assert.deepEqual(
      [build!.suite, build!.name, build!.status, build!.message, build!.file, build!.line],
      ['m/builderror', '[build failed]', 'errored', 'undefined: y', 'builderror/main_test.go', 3],
    );
    assert.match(build!.details!, /^# m\/builderror \[m\/builderror.test\]\n/);
  });

  test('a package failing outside any test (TestMain, init) gets a [package failed] entry', () => {
    const report = parse(
      events('p', [
        ['run', 'TestA'],
        ['pass', 'TestA', undefined, 0],
        ['output', undefined, 'setup: database unreachable\n'],
        ['output', undefined, 'FAIL\tp\t0.01s\n'],
        ['fail', undefined, undefined, 0.01],
      ]),
    );
    const failure = byName(report, '[package failed]');
    assert.equal(failure.status, 'errored');
    assert.equal(failure.message, 'setup: database unreachable');
    // A package with no test files passes nothing and fails nothing: no suite at all.
    const none = parse(
      events('q', [['output', undefined, '?   \tq\t[no test files]\n'], ['skip']]),
    );
    assert.deepEqual(none.suites, []);
  });

  test('Go 1.25 marks error lines: the first one is the message', () => {
    const text = [
      '{"Action":"run","Package":"p","Test":"TestE"}',
      '{"Action":"output","Package":"p","Test":"TestE","Output":"    x_test.go:5: context\\n"}',
      '{"Action":"output","Package":"p","Test":"TestE","Output":"    x_test.go:6: Error1\\n","OutputType":"error"}',
      '{"Action":"output","Package":"p","Test":"TestE","Output":"        Error2\\n","OutputType":"error-continue"}',
      '{"Action":"output","Package":"p","Test":"TestE","Output":"    x_test.go:7: later\\n","OutputType":"error"}',
      '{"Action":"output","Package":"p","Test":"TestE","Output":"--- FAIL: TestE (0.00s)\\n","OutputType":"frame"}',
      '{"Action":"fail","Package":"p","Test":"TestE","Elapsed":0}',
    ].join('\n');
    const failed = byName(parse(text), 'TestE');
    assert.deepEqual([failed.message, failed.line], ['Error1\nError2', 6]);
  });

  test('a test run again (rerun tools, -count): one case per run, folded by the pipeline as flaky', () => {
    const report = parse(
      events('p', [
        ['run', 'TestFlaky'],
        ['output', 'TestFlaky', '    f_test.go:9: boom\n'],
        ['fail', 'TestFlaky', undefined, 0.1],
        ['run', 'TestFlaky'],
        ['pass', 'TestFlaky', undefined, 0.2],
      ]),
    );
    const runs = tests(report);
    assert.deepEqual(
      runs.map((t) => [t.status, t.file]),
      [
        ['failed', 'p/f_test.go'],
        ['passed', 'p/f_test.go'],
      ],
    );
    const [merged] = mergeRetries(runs);
    assert.ok(isFlaky(merged!));
    assert.equal(merged!.retries[0]!.message, 'boom');
  });

  test('fed in small chunks, by write() or parseStream(), it gives what it gives fed whole', async () => {
    const text = `${CALC}\n${PANICKY}\n`;
    const whole = parse(text);
    for (const size of [1, 7, 100]) {
      assert.deepEqual(
        await goTestJsonParser.parseStream!(chunksOf(text, size), { path: 'go.json' }),
        whole,
      );
    }
  });

  test('CRLF line ends and a UTF-8 test name', () => {
    const text = events('p', [
      ['run', 'TestÜber'],
      ['pass', 'TestÜber', undefined, 0],
    ]).replace(/\n/g, '\r\n');
    assert.equal(byName(parse(text), 'TestÜber').status, 'passed');
  });

  const bad: [string, string, RegExp, number?][] = [
    ['empty', '', /no go test -json events/],
    ['only plain text', 'go: downloading example.com/x v1.0.0\n', /no go test -json events/],
    [
      'a broken line in the middle',
      '{"Action":"run","Package":"p","Test":"A"}\n{"Action":"pass",\n{"Action":"run","Package":"p","Test":"B"}',
      /is not valid JSON/,
      2,
    ],
    [
      'JSON without an Action',
      '{"Action":"run","Package":"p","Test":"A"}\n{"Test":"A"}',
      /without an "Action"/,
      2,
    ],
  ];
  for (const [what, text, reason, line] of bad) {
    test(`${what} is a ParseError`, () => {
      assert.throws(
        () => parse(text),
        (error: unknown) =>
          error instanceof ParseError &&
          error.file === 'go.json' &&
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

describe('go test -json corpus', NO_CORPUS, () => {
  test('dorny/test-reporter golang-json.json: the counts its snapshot asserts', () => {
    const dir = path.join(CORPUS, 'dorny__test-reporter/__tests__');
    const report = parseGoTestJson(
      readFileSync(path.join(dir, 'fixtures/golang-json.json'), 'utf8'),
      {
        path: 'golang-json.json',
      },
    );
    const [expected] = snapshotCounts(path.join(dir, '__snapshots__/golang-json.test.ts.snap'));
    // dorny has no errored status; its "failed" is our failed + errored.
    const ours = counts(tests(report));
    assert.deepEqual(expected, { passed: 5, failed: 6, skipped: 1 });
    assert.deepEqual(
      { passed: ours.passed, failed: ours.failed + ours.errored, skipped: ours.skipped },
      expected,
    );
    // Its "panics" were recovered and logged by the tests (t.Errorf): plain failures.
    assert.equal(ours.errored, 0);
    assert.equal(byName(report, 'TestPanicInsideTest').message, 'caught panic: bad stuff');
    assert.equal(byName(report, 'TestCases').durationMs, 2250);
  });
});

const GO = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;

describe(
  'real go test -json',
  { skip: GO ? false : 'go is not installed (apt-get install golang-go)' },
  () => {
    test('our counts equal go\u2019s own --- PASS/FAIL/SKIP lines, unfinished tests and build failures', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'go-json-'));
      try {
        const files: Record<string, string> = {
          'go.mod': 'module example.com/sample\n\ngo 1.19\n',
          'calc/calc_test.go': `package calc

import (
	"fmt"
	"testing"
)

func TestPass(t *testing.T) { fmt.Println("hello") }

func TestFail(t *testing.T) {
	t.Log("context")
	t.Errorf("expected %d, got %d", 3, 2)
}

func TestSkip(t *testing.T) { t.Skip("not today") }

func TestFatal(t *testing.T) { t.Fatal("cannot continue") }

func TestTable(t *testing.T) {
	for _, c := range []struct {
		name string
		ok   bool
	}{{"one", true}, {"two", false}, {"three", true}} {
		c := c
		t.Run(c.name, func(t *testing.T) {
			if !c.ok {
				t.Error("case failed")
			}
		})
	}
}
`,
          'panicky/p_test.go': `package panicky

import (
	"testing"
	"time"
)

func TestBefore(t *testing.T) {}

func TestSlowParallel(t *testing.T) {
	t.Parallel()
	time.Sleep(2 * time.Second)
}

func TestPanics(t *testing.T) {
	var m map[string]int
	m["x"] = 1
}

func TestAfter(t *testing.T) {}
`,
          'broken/b_test.go':
            'package broken\n\nimport "testing"\n\nfunc TestX(t *testing.T) { undefinedThing() }\n',
        };
        for (const [file, content] of Object.entries(files)) {
          mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
          writeFileSync(path.join(dir, file), content);
        }
        const env = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off' };
        const go = (args: string) =>
          spawnSync('sh', ['-c', `go test ${args} ./... 2>&1`], {
            cwd: dir,
            env,
            encoding: 'utf8',
          });
        // What a workflow writes: stdout and stderr together, build errors as text between events.
        const json = go('-json -count=1');
        const text = go('-v -count=1').stdout;
        assert.notEqual(json.status, 0);

        const report = parseGoTestJson(json.stdout, { path: 'go.json' });
        const ours = counts(tests(report));
        const lines = text.split('\n');
        const verdicts = (word: string) =>
          lines.filter((l) => new RegExp(`^\\s*--- ${word}: `).test(l)).length;
        const started = new Set(lines.flatMap((l) => /^=== RUN\s+(\S+)/.exec(l)?.[1] ?? []));
        const ended = new Set(
          lines.flatMap((l) => /^\s*--- (?:PASS|FAIL|SKIP): (\S+)/.exec(l)?.[1] ?? []),
        );
        const unfinished = [...started].filter((name) => !ended.has(name)).length;
        const buildFailed = lines.filter((l) => /^FAIL\s+\S+ \[build failed\]/.test(l)).length;

        assert.deepEqual(
          {
            passed: verdicts('PASS'),
            skipped: verdicts('SKIP'),
            notPassed: verdicts('FAIL') + unfinished + buildFailed,
          },
          { passed: ours.passed, skipped: ours.skipped, notPassed: ours.failed + ours.errored },
        );
        // The sample's known outcome, so that a change in go's output shows up here too.
        assert.deepEqual(ours, { tests: 12, passed: 4, failed: 4, errored: 3, skipped: 1 });
        assert.equal(byName(report, 'TestPanics').status, 'errored');
        assert.equal(byName(report, 'TestSlowParallel').status, 'errored');
        assert.equal(byName(report, '[build failed]').message, 'undefined: undefinedThing');
        assert.equal(byName(report, 'TestFail').message, 'expected 3, got 2');
        assert.equal(byName(report, 'TestFatal').message, 'cannot continue');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

test('claims no other format\u2019s file of the corpus', NO_CORPUS, () => {
  assertClaimsNoOtherInput(goTestJsonParser, /^go-test-json/);
});
