import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeRetries } from '../../src/model/merge-retries.js';
import { concludeRun } from '../../src/model/run.js';
import { countTests } from '../../src/model/totals.js';
import type { TestCase, TestStatus } from '../../src/model/tests.js';

const make = (name: string, status: TestStatus, extra: Partial<TestCase> = {}): TestCase => ({
  name,
  suite: 'S',
  status,
  durationMs: 10,
  retries: [],
  ...extra,
});

test('a test reported once per attempt is counted once: flaky when it passed in the end', () => {
  const merged = mergeRetries([
    make('a', 'failed', { message: 'first try' }),
    make('b', 'passed'),
    make('a', 'passed'),
    make('c', 'failed'),
    make('c', 'errored', { message: 'last' }),
  ]);
  assert.deepEqual(
    merged.map((t) => [t.name, t.status, t.retries.length]),
    [
      ['a', 'passed', 1],
      ['b', 'passed', 0],
      ['c', 'errored', 1],
    ],
  );
  assert.equal(merged[0]!.durationMs, 20);
  assert.equal(merged[0]!.retries[0]!.message, 'first try');
  assert.deepEqual(countTests(merged, 0), {
    tests: 3,
    passed: 2,
    failed: 0,
    errored: 1,
    skipped: 0,
    flaky: 1,
    durationMs: 0,
  });
});

test('the same name in another suite or file is another test', () => {
  const merged = mergeRetries([
    make('a', 'passed'),
    make('a', 'failed', { suite: 'T' }),
    make('a', 'failed', { file: 'x.py' }),
  ]);
  assert.equal(merged.length, 3);
});

test('conclusions follow fail-on: failures', () => {
  const totals = countTests([make('a', 'passed')], 0);
  const none = { totals, inputFiles: [], resultsRequired: false };
  assert.equal(concludeRun(none).conclusion, 'success');
  const command = { command: 'x', exitCode: 0, timedOut: false, cancelled: false, durationMs: 5 };
  assert.deepEqual(concludeRun({ ...none, command: { ...command, exitCode: 2 } }), {
    conclusion: 'failure',
    problems: ['The command exited with code 2.'],
  });
  assert.equal(
    concludeRun({
      ...none,
      command: { ...command, exitCode: 143, timedOut: true, timeoutMs: 2000 },
    }).conclusion,
    'timed_out',
  );
  assert.equal(
    concludeRun({ ...none, command: { ...command, exitCode: 130, cancelled: true } }).conclusion,
    'cancelled',
  );
  assert.deepEqual(concludeRun({ ...none, resultsRequired: true }).problems, [
    'No result file matched the `results` globs.',
  ]);
  const unreadable = {
    path: 'x.xml',
    kind: 'results' as const,
    status: 'error' as const,
    reason: 'bad',
  };
  assert.equal(
    concludeRun({ ...none, resultsRequired: true, inputFiles: [unreadable] }).conclusion,
    'success',
    'an unreadable file is a warning, and it was found',
  );
  assert.deepEqual(
    concludeRun({
      ...none,
      totals: countTests([make('a', 'failed'), make('b', 'errored'), make('c', 'failed')], 0),
    }).problems,
    ['2 tests failed.', '1 test errored.'],
  );
});
