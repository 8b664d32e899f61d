import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { readReportHead } from '../../src/collect/read-report-file.js';
import { mergeRetries } from '../../src/model/merge-retries.js';
import type { RunReport } from '../../src/model/run.js';
import { countTests } from '../../src/model/totals.js';
import { isFlaky, type TestCase, type TestReport } from '../../src/model/tests.js';
import { ctrfParser, parseCtrf } from '../../src/parsers/ctrf.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { ParseError } from '../../src/parsers/parser.js';
import { writeCtrfReport } from '../../src/publish/json-report.js';
import { ctrfTest, renderCtrf } from '../../src/render/ctrf.js';
import { CORPUS, corpusInputs, NO_CORPUS } from '../support/corpus.js';

const testsOf = (report: TestReport): TestCase[] => report.suites.flatMap((s) => s.tests);
const parse = (json: unknown) =>
  parseCtrf(typeof json === 'string' ? json : JSON.stringify(json, null, 2), {
    path: 'ctrf.json',
  });

function tally(tests: readonly TestCase[]) {
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

describe('ctrf parser', () => {
  test('reads statuses, suites, files, lines, messages, output and retries', () => {
    const report = parse({
      results: {
        tool: { name: 'playwright' },
        summary: {
          tests: 7,
          passed: 2,
          failed: 2,
          skipped: 1,
          pending: 1,
          other: 1,
          start: 1000,
          stop: 4500,
        },
        tests: [
          {
            name: 'logs in',
            status: 'passed',
            duration: 1200,
            suite: ['login.spec.ts', 'login'],
            filePath: 'tests/login.spec.ts',
            line: 12,
            stdout: ['line 1', 'line 2'],
            stderr: 'warned',
          },
          {
            name: 'shows title',
            status: 'failed',
            duration: 800,
            suite: 'login.spec.ts > profile',
            message:
              '\u001b[31mTimed out 5000ms waiting for\u001b[39m expect(locator).toHaveTitle()',
            trace: 'Error: Timed out\n    at login.spec.ts:45',
          },
          { name: 'crashes', status: 'failed', rawStatus: 'errored', message: 'ECONNREFUSED' },
          { name: 'later', status: 'skipped' },
          { name: 'todo', status: 'pending' },
          { name: 'interrupted', status: 'other', rawStatus: 'interrupted' },
          { name: 'retried', status: 'passed', flaky: true, retries: 2 },
        ],
      },
    });
    assert.equal(report.format, 'ctrf');
    assert.equal(report.durationMs, 3500);
    const tests = testsOf(report);
    assert.deepEqual(tally(tests), {
      tests: 7,
      passed: 2,
      failed: 1,
      errored: 1,
      skipped: 3,
      flaky: 1,
    });
    const [logsIn, title, crashes] = tests;
    assert.deepEqual(
      [logsIn!.suite, logsIn!.file, logsIn!.line, logsIn!.durationMs, logsIn!.output],
      ['login.spec.ts > login', 'tests/login.spec.ts', 12, 1200, 'line 1\nline 2\nwarned'],
    );
    assert.deepEqual(
      [title!.suite, title!.message, title!.details],
      [
        'login.spec.ts > profile',
        'Timed out 5000ms waiting for expect(locator).toHaveTitle()',
        'Error: Timed out\n    at login.spec.ts:45',
      ],
    );
    assert.equal(crashes!.status, 'errored');
    assert.deepEqual(tests[6]!.retries, [
      { status: 'failed', durationMs: 0 },
      { status: 'failed', durationMs: 0 },
    ]);
  });

  test('retryAttempts: with or without the final attempt, and flaky with no detail', () => {
    const report = parse({
      results: {
        tool: { name: 'x' },
        tests: [
          {
            // Includes the final attempt (as this action writes): `retries` says how many.
            name: 'with final',
            status: 'passed',
            retries: 1,
            retryAttempts: [
              { attempt: 2, status: 'passed', duration: 5 },
              { attempt: 1, status: 'failed', duration: 7, message: 'first', trace: 'at x' },
            ],
          },
          {
            // Earlier attempts only, no count: the last one is not the final status.
            name: 'earlier only',
            status: 'passed',
            retryAttempts: [{ attempt: 1, status: 'failed', message: 'boom' }],
          },
          // Flaky by the flag alone: one failed attempt stands for what the file does not say.
          { name: 'flag only', status: 'passed', flaky: true },
          { name: 'failed twice', status: 'failed', retries: 1 },
        ],
      },
    });
    const [withFinal, earlierOnly, flagOnly, failedTwice] = testsOf(report);
    assert.deepEqual(withFinal!.retries, [
      { status: 'failed', durationMs: 7, message: 'first', details: 'at x', output: undefined },
    ]);
    assert.deepEqual(
      earlierOnly!.retries.map((r) => [r.status, r.message]),
      [['failed', 'boom']],
    );
    assert.ok(isFlaky(flagOnly!));
    assert.ok(!isFlaky(failedTwice!));
    assert.equal(failedTwice!.retries.length, 1);
  });

  test('odd but valid input: no summary, odd tests, unknown statuses', () => {
    const report = parse({
      results: {
        tool: { name: 'x' },
        tests: [{}, null, { name: 'a', status: 'weird', duration: 'n/a' }],
      },
    });
    assert.deepEqual(
      testsOf(report).map((t) => [t.name, t.status, t.durationMs]),
      [
        ['', 'skipped', 0],
        ['a', 'skipped', 0],
      ],
    );
    assert.equal(report.durationMs, 0);
  });

  test('detects CTRF by reportFormat or results.tool, and nothing else', () => {
    const ours = JSON.stringify({
      reportFormat: 'CTRF',
      specVersion: '0.0.0',
      results: { tool: { name: 'x' } },
    });
    assert.equal(detectResultParser(ours), ctrfParser);
    assert.equal(
      detectResultParser('{\n  "results": {\n    "tool": {\n      "name": "jest"\n'),
      ctrfParser,
    );
    assert.equal(
      detectResultParser('{"results":{"summary":{"tests":1},"tool":{"name":"jest"},"tests":['),
      ctrfParser,
    );
    for (const head of [
      '{"stats":{"passes":1,"testsRegistered":1},"results":[{"tool":{"name":"x"}}]}',
      '{"numTotalTests":1,"numFailedTests":0,"testResults":[]}',
      '{"results": {"tests": []}}',
      '{"tool": {"name": "eslint"}, "messages": []}',
    ]) {
      assert.ok(!ctrfParser.detect(head), head);
    }
  });

  const bad: [string, string, RegExp][] = [
    ['empty', '', /the file is empty/],
    ['truncated', '{"results": {"tool": {"name": "x"}, "tests": [', /truncated/],
    ['without tests', '{"results": {"tool": {"name": "x"}}}', /no "results.tests" array/],
    ['an array', '[]', /the JSON is an array, not an object/],
  ];
  for (const [what, source, reason] of bad) {
    test(`${what} is a ParseError`, () => {
      assert.throws(
        () => parse(source),
        (error: unknown) =>
          error instanceof ParseError && error.file === 'ctrf.json' && reason.test(error.reason),
      );
    });
  }
});

describe('ctrf round trip: the action reads its own JSON report back exactly', () => {
  const tests: TestCase[] = [
    {
      name: 'passes',
      suite: 'api',
      file: 'tests/api.test.ts',
      line: 3,
      status: 'passed',
      durationMs: 12,
      retries: [],
    },
    {
      name: 'fails',
      suite: 'api › nested',
      file: 'tests/api.test.ts',
      line: 9,
      status: 'failed',
      durationMs: 30,
      message: 'expected 1 to be 2',
      details: 'AssertionError: expected 1 to be 2\n    at tests/api.test.ts:9:5',
      output: 'printed\nmore',
      retries: [],
    },
    {
      name: 'crashes',
      suite: 'db',
      status: 'errored',
      durationMs: 4,
      message: 'ECONNREFUSED',
      retries: [],
    },
    { name: 'later', suite: '', status: 'skipped', durationMs: 0, message: 'not yet', retries: [] },
    {
      name: 'flaky',
      suite: 'api',
      file: 'tests/api.test.ts',
      status: 'passed',
      durationMs: 50,
      retries: [
        { status: 'errored', durationMs: 20, message: 'socket hang up', details: 'at net' },
        { status: 'failed', durationMs: 10, message: 'timeout' },
      ],
    },
    {
      name: 'always fails',
      suite: 'api',
      status: 'failed',
      durationMs: 8,
      message: 'third',
      retries: [{ status: 'failed', durationMs: 7, message: 'first' }],
    },
  ];
  const totals = countTests(tests, 1234);
  const run: RunReport = {
    name: 'Integration tests',
    conclusion: 'failure',
    problems: ['2 tests failed.'],
    services: [],
    tests,
    totals,
    inputFiles: [{ path: 'reports/junit.xml', kind: 'results', status: 'parsed', format: 'junit' }],
    resultsRequired: true,
    startedAt: new Date('2026-01-01T00:00:00Z'),
    finishedAt: new Date('2026-01-01T00:00:02Z'),
    context: { serverUrl: 'https://github.com', repository: 'octo/app', runId: '7' },
  };
  const text = JSON.stringify(renderCtrf(run), null, 2);

  test('detected as CTRF and read to the same tests, statuses, counts, flaky and retries', () => {
    assert.equal(detectResultParser(text.slice(0, 4096)), ctrfParser);
    const report = ctrfParser.parse(text, { path: 'ctrf-report.json' });
    const back = testsOf(report);
    assert.deepEqual(tally(back), { ...tally(tests) });
    assert.deepEqual(countTests(mergeRetries(back), 1234), totals);
    const strip = (test: TestCase) => ({
      ...test,
      // CTRF durations are whole milliseconds.
      durationMs: Math.round(test.durationMs),
      retries: test.retries.map((attempt) => ({
        output: undefined,
        message: undefined,
        details: undefined,
        ...attempt,
      })),
    });
    const normal = (test: TestCase) =>
      JSON.parse(JSON.stringify(strip(test))) as Record<string, unknown>;
    assert.deepEqual(back.map(normal), tests.map(normal));
    assert.equal(report.durationMs, totals.durationMs);
  });

  test('the file the action writes (in batches) reads back the same as the rendered one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ctrf-roundtrip-'));
    try {
      const file = await writeCtrfReport(
        dir,
        renderCtrf(run, { withTests: false }),
        tests,
        ctrfTest,
      );
      const { head } = await readReportHead(file);
      assert.equal(detectResultParser(head), ctrfParser);
      const written = ctrfParser.parse(readFileSync(file, 'utf8'), { path: 'report.json' });
      const rendered = ctrfParser.parse(text, { path: 'report.json' });
      assert.deepEqual(written, rendered);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a report that was itself read from a CTRF file writes the same file again', () => {
    const again = ctrfParser.parse(text, { path: 'ctrf-report.json' });
    const rewritten = renderCtrf({ ...run, tests: testsOf(again) });
    const first = JSON.parse(text) as { results: { tests: unknown; summary: unknown } };
    assert.deepEqual(rewritten.results.tests, first.results.tests);
    assert.deepEqual(JSON.parse(JSON.stringify(rewritten.results.summary)), first.results.summary);
  });
});

describe('corpus: CTRF files', NO_CORPUS, () => {
  const ROOT = 'ctrf-io__github-test-reporter';

  test("only the manifest's CTRF files are detected as CTRF", async () => {
    const rows = corpusInputs();
    const ctrf = rows
      .filter((input) => input.format === 'ctrf-json')
      .map((input) => input.name)
      .sort();
    assert.deepEqual(ctrf, ['ctrf-reports/ctrf-report.json', 'test.json']);
    for (const { file, format } of rows) {
      const { head } = await readReportHead(file);
      assert.equal(ctrfParser.detect(head), format === 'ctrf-json', file);
    }
  });

  // No upstream test asserts these (ctrf-io's self-test workflow only reads them): each file's
  // own summary is the expectation, pending and other counted as skipped.
  for (const [name, expected] of [
    [
      'ctrf-reports/ctrf-report.json',
      { tests: 10, passed: 5, failed: 2, errored: 0, skipped: 3, flaky: 3 },
    ],
    ['test.json', { tests: 65, passed: 65, failed: 0, errored: 0, skipped: 0, flaky: 0 }],
  ] as const) {
    test(name, async () => {
      const file = path.join(CORPUS, ROOT, name);
      const { head } = await readReportHead(file);
      assert.equal(detectResultParser(head), ctrfParser);
      const text = readFileSync(file, 'utf8');
      const ours = tally(testsOf(ctrfParser.parse(text, { path: name })));
      assert.deepEqual(ours, expected);
      const { summary, tests } = (
        JSON.parse(text) as {
          results: {
            summary: Record<string, number>;
            tests: { flaky?: boolean; status: string }[];
          };
        }
      ).results;
      assert.deepEqual(
        {
          tests: summary.tests,
          passed: summary.passed,
          failed: summary.failed,
          skipped: summary.skipped! + summary.pending! + summary.other!,
        },
        {
          tests: ours.tests,
          passed: ours.passed,
          failed: ours.failed + ours.errored,
          skipped: ours.skipped,
        },
      );
      // The flaky flag is on passed tests only here, so each is a flaky test of ours.
      assert.equal(
        tests.filter((t) => t.flaky === true && t.status === 'passed').length,
        ours.flaky,
      );
    });
  }
});
