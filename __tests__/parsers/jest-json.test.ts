import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { readReportHead } from '../../src/collect/read-report-file.js';
import { isFlaky, type TestCase, type TestReport } from '../../src/model/tests.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { jestJsonParser, parseJestJson, vitestJsonParser } from '../../src/parsers/jest-json.js';
import { ParseError } from '../../src/parsers/parser.js';
import { findTool } from '../support/js-tools.js';
import { corpusInputs, NO_CORPUS } from '../support/corpus.js';

const parse = (json: unknown, format: 'jest-json' | 'vitest-json' = 'jest-json') =>
  parseJestJson(
    typeof json === 'string' ? json : JSON.stringify(json, null, 2),
    { path: 'r.json' },
    format,
  );
const testsOf = (report: TestReport): TestCase[] => report.suites.flatMap((s) => s.tests);

/** The counters both tools write first, as Jest 30 writes them. */
const JEST_HEADER = {
  numFailedTestSuites: 1,
  numFailedTests: 1,
  numPassedTestSuites: 0,
  numPassedTests: 1,
  numPendingTestSuites: 0,
  numPendingTests: 1,
  numRuntimeErrorTestSuites: 0,
  numTodoTests: 1,
  numTotalTestSuites: 1,
  numTotalTests: 4,
  openHandles: [],
  snapshot: { added: 0, failure: false, total: 0 },
  startTime: 1_700_000_000_000,
  success: false,
};
/** As Vitest 4 writes them: no runtime-error counter, no openHandles, no wasInterrupted. */
const VITEST_HEADER = {
  numTotalTestSuites: 2,
  numPassedTestSuites: 0,
  numFailedTestSuites: 2,
  numPendingTestSuites: 0,
  numTotalTests: 4,
  numPassedTests: 1,
  numFailedTests: 1,
  numPendingTests: 1,
  numTodoTests: 1,
  snapshot: { added: 0, failure: false, total: 0 },
  startTime: 1_700_000_000_000,
  success: false,
};

/** Trimmed from a real `jest --json --testLocationInResults` run (Jest 30.5). */
const JEST_SAMPLE = {
  ...JEST_HEADER,
  testResults: [
    {
      assertionResults: [
        {
          ancestorTitles: ['math'],
          duration: 2,
          failureDetails: [],
          failureMessages: [],
          fullName: 'math adds',
          invocations: 1,
          location: { column: 3, line: 2 },
          numPassingAsserts: 1,
          retryReasons: [],
          status: 'passed',
          title: 'adds',
        },
        {
          ancestorTitles: ['math', 'nested'],
          duration: 3,
          failureMessages: [
            '\u001b[31mError: expect(received).toBe(expected) // Object.is equality\u001b[39m\n\nExpected: 3\nReceived: 2\n    at Object.toBe (/ci/app/math.test.js:3:39)',
          ],
          fullName: 'math nested fails',
          invocations: 1,
          location: { column: 5, line: 3 },
          status: 'failed',
          title: 'fails',
        },
        {
          ancestorTitles: ['math'],
          duration: null,
          failureMessages: [],
          fullName: 'math skipped',
          status: 'pending',
          title: 'skipped',
        },
        {
          ancestorTitles: [],
          duration: null,
          failureMessages: [],
          fullName: 'todo later',
          status: 'todo',
          title: 'todo later',
        },
      ],
      endTime: 1_700_000_000_400,
      message: '  ● math › nested › fails\n\n    expect(received).toBe(expected)',
      name: '/ci/app/math.test.js',
      startTime: 1_700_000_000_100,
      status: 'failed',
      summary: '',
    },
  ],
  wasInterrupted: false,
};

describe('jest-json and vitest-json detection', () => {
  const jestPretty = JSON.stringify(JEST_SAMPLE, null, 2);
  const vitestMinified = JSON.stringify({ ...VITEST_HEADER, testResults: [] });

  test('Jest files are jest-json, Vitest files vitest-json, pretty or minified, cut anywhere', () => {
    for (const head of [jestPretty, JSON.stringify(JEST_SAMPLE), jestPretty.slice(0, 330)]) {
      assert.equal(detectResultParser(head), jestJsonParser);
    }
    for (const head of [vitestMinified, JSON.stringify({ ...VITEST_HEADER }, null, 2)]) {
      assert.equal(detectResultParser(head), vitestJsonParser);
    }
    // Keys sorted another way (a re-serialised file) still tell the tools apart.
    const sorted = Object.fromEntries(Object.entries(JEST_SAMPLE).reverse());
    assert.ok(jestJsonParser.detect(JSON.stringify(sorted).slice(0, 4096)));
  });

  test('other JSON is neither', () => {
    const others = [
      '{"stats":{"suites":1,"tests":1,"passes":1,"pending":0,"failures":0},"tests":[]}',
      '{"results":{"tool":{"name":"jest"},"summary":{"tests":1}}}',
      '{"version":"3.13.0","examples":[]}',
      '{"config":{},"suites":[],"stats":{"expected":1,"unexpected":0}}',
      '{"numTotalTests": 3}',
      '[{"numTotalTests": 3, "numFailedTests": 1}]',
      '<testsuites><testsuite name="numTotalTests numFailedTests"/></testsuites>',
    ];
    for (const head of others) {
      assert.ok(!jestJsonParser.detect(head), head);
      assert.ok(!vitestJsonParser.detect(head), head);
    }
  });

  test(
    'no corpus input of another format is taken for Jest or Vitest JSON',
    NO_CORPUS,
    async () => {
      for (const row of corpusInputs()) {
        const { head } = await readReportHead(row.file);
        assert.ok(!jestJsonParser.detect(head) && !vitestJsonParser.detect(head), row.file);
      }
    },
  );
});

describe('jest-json parser', () => {
  test('reads statuses, titles, describe path, file, line, durations and messages', () => {
    const report = parse(JEST_SAMPLE);
    assert.equal(report.format, 'jest-json');
    assert.equal(report.durationMs, 400);
    assert.deepEqual(
      report.suites.map((s) => s.name),
      ['/ci/app/math.test.js'],
    );
    const [adds, fails, skipped, todo] = testsOf(report);
    assert.deepEqual(
      [adds!.name, adds!.suite, adds!.file, adds!.line, adds!.status, adds!.durationMs],
      ['adds', 'math', '/ci/app/math.test.js', 2, 'passed', 2],
    );
    assert.equal(fails!.suite, 'math › nested');
    assert.equal(fails!.status, 'failed');
    // Colour codes go; the first line is the message, the whole text the details.
    assert.equal(fails!.message, 'Error: expect(received).toBe(expected) // Object.is equality');
    assert.ok(fails!.details!.includes('Expected: 3\nReceived: 2\n    at Object.toBe'));
    assert.ok(!fails!.details!.includes('\u001b'));
    assert.equal(skipped!.status, 'skipped');
    assert.equal(skipped!.durationMs, 0);
    assert.equal(skipped!.message, undefined);
    assert.deepEqual([todo!.status, todo!.message, todo!.suite], ['skipped', 'todo', '']);
    assert.equal(testsOf(report).length, 4);
  });

  test('every skipped-like status is skipped; unknown ones fail only with a failure message', () => {
    const statuses = ['pending', 'skipped', 'todo', 'disabled', 'focused', 'whatever'];
    const report = parse({
      ...JEST_HEADER,
      testResults: [
        {
          name: 'a.test.js',
          status: 'passed',
          message: '',
          assertionResults: [
            ...statuses.map((status) => ({ title: status, status, failureMessages: [] })),
            { title: 'odd failure', status: 'broken', failureMessages: ['Error: x'] },
          ],
        },
      ],
    });
    assert.deepEqual(
      testsOf(report).map((t) => t.status),
      ['skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'failed'],
    );
  });

  test('a test file that could not run is an errored test named after the file', () => {
    // Real Jest 30 output for a file with a syntax error: no assertionResults, status failed.
    const report = parse({
      ...JEST_HEADER,
      numRuntimeErrorTestSuites: 1,
      testResults: [
        {
          assertionResults: [],
          coverage: {},
          endTime: 1_700_000_000_500,
          message:
            '  \u001b[1m● \u001b[22mTest suite failed to run\n\n    Jest encountered an unexpected token\n\n    Details:\n\n    SyntaxError: /ci/app/broken.test.js: Unexpected token (2:0)\n',
          name: '/ci/app/broken.test.js',
          startTime: 1_700_000_000_500,
          status: 'failed',
          summary: '',
        },
      ],
    });
    const [broken] = testsOf(report);
    assert.deepEqual(
      [broken!.name, broken!.file, broken!.status, broken!.message],
      [
        '/ci/app/broken.test.js',
        '/ci/app/broken.test.js',
        'errored',
        'Jest encountered an unexpected token',
      ],
    );
    assert.ok(broken!.details!.startsWith('Jest encountered an unexpected token\n\nDetails:'));
    assert.ok(broken!.details!.includes('SyntaxError: /ci/app/broken.test.js'));
  });

  test('a failing afterAll counts besides the tests; a file of only failed tests adds nothing', () => {
    const report = parse({
      ...JEST_HEADER,
      testResults: [
        {
          // Real Jest output: one failed test and a failing afterAll in one file.
          name: '/ci/both.test.js',
          status: 'failed',
          message:
            "  ● bad\n\n    expect(received).toBe(expected)\n\n\n  ● Test suite failed to run\n\n    cleanup failed\n\n    > 1 | afterAll(() => { throw new Error('cleanup failed'); });\n",
          assertionResults: [{ title: 'bad', status: 'failed', failureMessages: ['Error: x'] }],
        },
        {
          name: '/ci/after.test.js',
          status: 'failed',
          message: '\n\n  ● Test suite failed to run\n\n    cleanup failed\n',
          assertionResults: [{ title: 'ok', status: 'passed', failureMessages: [] }],
        },
        {
          name: '/ci/plain.test.js',
          status: 'failed',
          message: '  ● fails\n\n    expect(1).toBe(2)\n',
          assertionResults: [{ title: 'fails', status: 'failed', failureMessages: ['Error: y'] }],
        },
        { name: '/ci/empty.test.js', status: 'failed', message: '', assertionResults: [] },
      ],
    });
    assert.deepEqual(
      report.suites.map((s) => s.tests.map((t) => `${t.name}:${t.status}:${t.message ?? ''}`)),
      [
        ['bad:failed:Error: x', '/ci/both.test.js:errored:cleanup failed'],
        ['ok:passed:', '/ci/after.test.js:errored:cleanup failed'],
        ['fails:failed:Error: y'],
        [
          '/ci/empty.test.js:errored:the test file failed outside its tests, and the report gives no message',
        ],
      ],
    );
  });

  test('retried tests: invocations and retryReasons make earlier failed attempts', () => {
    const report = parse({
      ...JEST_HEADER,
      testResults: [
        {
          name: 'r.test.js',
          status: 'failed',
          message: '',
          assertionResults: [
            {
              title: 'flaky',
              status: 'passed',
              invocations: 3,
              retryReasons: ['Error: try 1\n    at x', 'Error: try 2\n    at x'],
              failureMessages: [],
            },
            {
              title: 'always',
              status: 'failed',
              invocations: 3,
              retryReasons: ['Error: a1', 'Error: a2'],
              failureMessages: ['Error: a3'],
            },
            // logErrorsBeforeRetry off: Jest counts the runs but keeps no reasons.
            {
              title: 'quiet',
              status: 'passed',
              invocations: 2,
              retryReasons: [],
              failureMessages: [],
            },
            { title: 'once', status: 'passed', invocations: 1, failureMessages: [] },
          ],
        },
      ],
    });
    const [flaky, always, quiet, once] = testsOf(report);
    assert.ok(isFlaky(flaky!));
    assert.deepEqual(
      flaky!.retries.map((r) => [r.status, r.message]),
      [
        ['failed', 'Error: try 1'],
        ['failed', 'Error: try 2'],
      ],
    );
    assert.ok(!isFlaky(always!));
    assert.deepEqual(
      always!.retries.map((r) => r.message),
      ['Error: a1', 'Error: a2'],
    );
    assert.equal(always!.message, 'Error: a3');
    assert.ok(isFlaky(quiet!));
    assert.deepEqual(quiet!.retries, [
      { status: 'failed', durationMs: 0, message: undefined, details: undefined },
    ]);
    assert.deepEqual(once!.retries, []);
  });

  test('odd but valid input: missing fields, nulls, empty results, huge messages', () => {
    const huge = `Error: ${'x'.repeat(2_000_000)}`;
    const report = parse({
      numTotalTests: 2,
      numFailedTests: 1,
      testResults: [
        { assertionResults: [{}, { status: 'failed', failureMessages: [huge, 42], title: 't' }] },
        null,
        { name: 'no-results.test.js' },
      ],
    });
    const tests = testsOf(report);
    assert.equal(tests.length, 2);
    assert.deepEqual(
      [tests[0]!.name, tests[0]!.status, tests[0]!.file],
      ['', 'skipped', undefined],
    );
    assert.equal(tests[1]!.details!.length, huge.length);
    assert.equal(report.suites.length, 2);
    assert.equal(parse({ ...JEST_HEADER, testResults: [] }).suites.length, 0);
    // A crafted retry count is cut, not turned into a billion attempts.
    const crafted = parse({
      ...JEST_HEADER,
      testResults: [{ assertionResults: [{ title: 'x', status: 'passed', invocations: 1e9 }] }],
    });
    assert.equal(testsOf(crafted)[0]!.retries.length, 1000);
  });

  const bad: [string, string, RegExp, number?][] = [
    ['empty', '  \n', /the file is empty/],
    ['not JSON', 'Test Suites: 1 failed', /not JSON: it starts with "Test Suites: 1 faile"/, 1],
    ['truncated', '{\n  "numTotalTests": 1,\n  "testResults": [\n    {"name": "a', /truncated/, 4],
    [
      'malformed',
      '{\n  "numTotalTests": 1,\n  "testResults": [,]\n}',
      /malformed JSON: Unexpected token/,
    ],
    ['no testResults', '{"numTotalTests": 1, "numFailedTests": 0}', /no "testResults" array/],
    ['an array', '[{"numTotalTests": 1}]', /the JSON is an array, not an object/],
  ];
  for (const [what, source, reason, line] of bad) {
    test(`${what} is a ParseError naming the file`, () => {
      assert.throws(
        () => parse(source),
        (error: unknown) =>
          error instanceof ParseError &&
          error.file === 'r.json' &&
          reason.test(error.reason) &&
          (line === undefined || error.line === line),
      );
    });
  }
});

describe('vitest-json parser', () => {
  /** Trimmed from a real `vitest run --reporter=json --includeTaskLocation` (Vitest 4.1). */
  const sample = {
    ...VITEST_HEADER,
    testResults: [
      {
        assertionResults: [
          {
            ancestorTitles: [],
            fullName: 'ok',
            status: 'passed',
            title: 'ok',
            duration: 1.5,
            failureMessages: [],
            location: { line: 3, column: 1 },
            meta: {},
            tags: [],
          },
        ],
        startTime: 1_700_000_000_004,
        endTime: 1_700_000_000_005.5,
        status: 'failed',
        message: 'cleanup failed',
        name: '/ci/after.test.js',
      },
      {
        assertionResults: [],
        startTime: 1_700_000_000_000,
        endTime: 1_700_000_000_000,
        status: 'failed',
        message:
          'Failed to parse source for import analysis because the content contains invalid JS syntax.',
        name: '/ci/broken.test.js',
      },
      {
        assertionResults: [
          {
            ancestorTitles: ['math'],
            fullName: 'math fails',
            status: 'failed',
            title: 'fails',
            duration: 4.2,
            failureMessages: [
              'AssertionError: expected 2 to be 3 // Object.is equality\n    at /ci/math.test.js:4:39',
            ],
            meta: {},
          },
          {
            ancestorTitles: ['math'],
            title: 'skipped',
            status: 'skipped',
            failureMessages: [],
            meta: {},
          },
          {
            ancestorTitles: ['math'],
            title: 'todo later',
            status: 'todo',
            failureMessages: [],
            meta: {},
          },
          {
            ancestorTitles: [],
            title: 'flaky',
            status: 'passed',
            duration: 0.5,
            failureMessages: ['Error: first try fails\n    at /ci/math.test.js:12:59'],
            meta: {},
          },
        ],
        startTime: 1_700_000_000_000,
        endTime: 1_700_000_000_100,
        status: 'failed',
        message: '',
        name: '/ci/math.test.js',
      },
    ],
  };

  test('reads tests, file errors as errored tests, and retried passes as flaky', () => {
    const report = parse(sample, 'vitest-json');
    assert.equal(report.format, 'vitest-json');
    assert.equal(report.durationMs, 100);
    const byName = new Map(testsOf(report).map((t) => [t.name, t]));
    assert.deepEqual(
      testsOf(report).map((t) => `${t.name}:${t.status}`),
      [
        'ok:passed',
        '/ci/after.test.js:errored',
        '/ci/broken.test.js:errored',
        'fails:failed',
        'skipped:skipped',
        'todo later:skipped',
        'flaky:passed',
      ],
    );
    assert.equal(byName.get('ok')!.line, 3);
    assert.equal(byName.get('/ci/after.test.js')!.message, 'cleanup failed');
    assert.equal(
      byName.get('fails')!.message,
      'AssertionError: expected 2 to be 3 // Object.is equality',
    );
    const flaky = byName.get('flaky')!;
    assert.ok(isFlaky(flaky));
    assert.equal(flaky.message, undefined);
    assert.deepEqual(
      flaky.retries.map((r) => r.message),
      ['Error: first try fails'],
    );
  });

  test('a failed Vitest test keeps all its errors (soft assertions) as one final attempt', () => {
    const report = parse(
      {
        ...VITEST_HEADER,
        testResults: [
          {
            name: 'soft.test.js',
            status: 'failed',
            message: '',
            assertionResults: [
              { title: 'soft', status: 'failed', failureMessages: ['Error: one', 'Error: two'] },
            ],
          },
        ],
      },
      'vitest-json',
    );
    const [soft] = testsOf(report);
    assert.deepEqual(soft!.retries, []);
    assert.equal(soft!.details, 'Error: one\n\nError: two');
  });

  test('known limit: an error in a describe block hook is not in Vitest JSON, only a failed file', () => {
    // Real Vitest 4 output: beforeAll in describe('db') threw; its tests show as skipped and no
    // message says why. Alone in its file, the file's failed status is the only sign, and it
    // becomes one errored test; next to a failing test it cannot be told from that failure.
    const alone = parse(
      {
        ...VITEST_HEADER,
        testResults: [
          {
            name: '/ci/hooks.test.js',
            status: 'failed',
            message: '',
            assertionResults: [
              { ancestorTitles: ['db'], title: 'a', status: 'skipped', failureMessages: [] },
              { ancestorTitles: ['db'], title: 'b', status: 'skipped', failureMessages: [] },
            ],
          },
        ],
      },
      'vitest-json',
    );
    assert.deepEqual(
      testsOf(alone).map((t) => t.status),
      ['skipped', 'skipped', 'errored'],
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Real tools: run Jest and Vitest on a tiny suite and compare with their own summary lines.

function run(bin: string, args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { output: `${result.stdout}\n${result.stderr}`, status: result.status };
}

/** "2 failed, 1 skipped, 3 passed" or "2 failed | 4 passed" -> {failed: 2, ...}. */
function counts(text: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const match of text.matchAll(/(\d+) (\w+)/g)) found[match[2]!] = Number(match[1]);
  return found;
}

function tally(report: TestReport) {
  const tests = testsOf(report);
  const count = (status: string) => tests.filter((t) => t.status === status).length;
  return {
    tests: tests.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('errored'),
    skipped: count('skipped'),
    flaky: tests.filter(isFlaky).length,
  };
}

const SUITE = {
  'math.test.js': `describe('math', () => {
  test('adds', () => { expect(1 + 1).toBe(2); });
  test('fails', () => { expect(1 + 1).toBe(3); });
  test.skip('skipped', () => {});
  test.todo('todo later');
  describe('nested', () => {
    test('throws', () => { throw new TypeError('boom'); });
  });
});
test('top level', () => {});
`,
  'broken.test.js': "test('never runs', () => {\n",
  'after.test.js': `afterAll(() => { throw new Error('cleanup failed'); });
test('ok', () => {});
`,
};

const JEST = findTool('jest');
test(
  'real Jest: our counts match its summary',
  {
    skip: JEST ? false : 'jest not found (node_modules, $JS_TEST_TOOLS or PATH)',
  },
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jest-json-'));
    try {
      writeFileSync(path.join(dir, 'package.json'), '{}');
      for (const [name, text] of Object.entries(SUITE)) writeFileSync(path.join(dir, name), text);
      writeFileSync(
        path.join(dir, 'retry.test.js'),
        "jest.retryTimes(2, { logErrorsBeforeRetry: true });\nlet n = 0;\ntest('flaky', () => { n++; if (n < 2) throw new Error('first try fails'); });\n",
      );
      const out = path.join(dir, 'out.json');
      const { output } = run(
        JEST!,
        ['--ci', '--json', '--testLocationInResults', `--outputFile=${out}`, '--rootDir', dir],
        dir,
      );
      const summary = /^Tests:\s+(.*)$/m.exec(output);
      assert.ok(summary, `no "Tests:" line in Jest's output:\n${output}`);
      const tool = counts(summary[1]!);
      const suiteErrors = output.split('● Test suite failed to run').length - 1;
      const text = readFileSync(out, 'utf8');
      assert.equal(detectResultParser(text.slice(0, 4096)), jestJsonParser);
      const ours = tally(jestJsonParser.parse(text, { path: 'out.json' }));
      assert.deepEqual(ours, {
        tests: tool.total! + suiteErrors,
        passed: tool.passed ?? 0,
        failed: tool.failed ?? 0,
        errored: suiteErrors,
        skipped: (tool.skipped ?? 0) + (tool.todo ?? 0),
        flaky: 1,
      });
      assert.equal(suiteErrors, 2, 'broken.test.js and after.test.js fail to run');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

const VITEST = findTool('vitest');
test(
  'real Vitest: our counts match its summary',
  {
    skip: VITEST ? false : 'vitest not found (node_modules, $JS_TEST_TOOLS or PATH)',
  },
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vitest-json-'));
    try {
      writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
      for (const [name, text] of Object.entries(SUITE)) writeFileSync(path.join(dir, name), text);
      writeFileSync(
        path.join(dir, 'retry.test.js'),
        "let n = 0;\ntest('flaky', { retry: 2 }, () => { n++; if (n < 2) throw new Error('first try fails'); });\n",
      );
      // A describe-level hook error, alone in its file (see the known limit above).
      writeFileSync(
        path.join(dir, 'hooks.test.js'),
        "describe('db', () => {\n  beforeAll(() => { throw new Error('no db'); });\n  test('a', () => {});\n});\n",
      );
      const out = path.join(dir, 'out.json');
      const { output } = run(
        VITEST!,
        [
          'run',
          '--globals',
          '--root',
          dir,
          '--reporter=json',
          '--reporter=default',
          `--outputFile=${out}`,
        ],
        dir,
      );
      const summary = /^\s*Tests\s+(.*)\((\d+)\)\s*$/m.exec(output);
      assert.ok(summary, `no "Tests" line in Vitest's output:\n${output}`);
      const tool = counts(summary[1]!);
      const suiteErrors = Number(/Failed Suites (\d+)/.exec(output)?.[1] ?? 0);
      const text = readFileSync(out, 'utf8');
      assert.equal(detectResultParser(text.slice(0, 4096)), vitestJsonParser);
      const ours = tally(vitestJsonParser.parse(text, { path: 'out.json' }));
      assert.deepEqual(ours, {
        tests: Number(summary[2]) + suiteErrors,
        passed: tool.passed ?? 0,
        failed: tool.failed ?? 0,
        errored: suiteErrors,
        skipped: (tool.skipped ?? 0) + (tool.todo ?? 0),
        flaky: 1,
      });
      assert.equal(suiteErrors, 3, 'broken, after and hooks fail outside their tests');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
