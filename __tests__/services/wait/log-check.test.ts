import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkLog, validateLogPattern } from '../../../src/services/wait/log-check.js';
import { waitUntilHealthy } from '../../../src/services/wait/wait-until-healthy.js';
import { testProbe } from './test-probe.js';

const READY = 'ready to accept connections';
const POSTGRES = { kind: 'log', pattern: READY, times: 2 } as const;

describe('validateLogPattern', () => {
  test('accepts JavaScript regular expressions, rejects invalid ones and empty matches', () => {
    assert.equal(validateLogPattern(READY), undefined);
    assert.equal(validateLogPattern(String.raw`^Started \w+ in \d+(\.\d+)? seconds`), undefined);
    assert.match(
      validateLogPattern('(ready') ?? '',
      /Invalid regular expression.*Unterminated group/,
    );
    assert.equal(validateLogPattern('x*'), '/x*/ matches an empty string');
  });
});

describe('checkLog', () => {
  test('counts occurrences against times', async () => {
    let log = `init\n${READY}\n`;
    const probe = testProbe({ readLog: async () => log });
    assert.deepEqual(await checkLog(probe, POSTGRES, 1000), {
      ready: false,
      detail: `"${READY}" seen 1 of 2 times in the log`,
    });
    log += `shutting down\n${READY}\n`;
    assert.deepEqual(await checkLog(probe, POSTGRES, 1000), {
      ready: true,
      detail: `"${READY}" seen 2 of 2 times in the log`,
    });
    assert.deepEqual(await checkLog(testProbe(), { kind: 'log', pattern: READY }, 1000), {
      ready: false,
      detail: `"${READY}" not seen in the log yet`,
    });
  });

  test('the pattern is a regular expression; ^ and $ match at each line', async () => {
    const probe = testProbe({
      readLog: async () => 'Starting\nStarted Application in 3.2 seconds\n',
    });
    const started = { kind: 'log', pattern: String.raw`^Started \w+ in [\d.]+ seconds$` } as const;
    assert.equal((await checkLog(probe, started, 1000)).ready, true);
    const literal = { kind: 'log', pattern: 'in 3x2 seconds' } as const;
    assert.equal((await checkLog(probe, literal, 1000)).ready, false);
  });

  test('an invalid pattern is never ready, and says why at once', async () => {
    const attempt = await checkLog(testProbe(), { kind: 'log', pattern: '(ready' }, 1000);
    assert.equal(attempt.ready, false);
    assert.equal(attempt.final, true);
    assert.match(attempt.detail, /^invalid pattern: Invalid regular expression/);
  });
});

describe('waitUntilHealthy with log', () => {
  test('waits for the second "ready" of postgres, not the init-time one', async () => {
    const lines = ['init', READY, 'init done, restarting', READY];
    let reads = 0;
    // The log grows by a line on each read.
    const probe = testProbe({ readLog: async () => lines.slice(0, ++reads).join('\n') });
    const result = await waitUntilHealthy(probe, {
      check: POSTGRES,
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    assert.equal(result.healthy, true);
    assert.equal(result.healthy && result.checks, 4);
  });

  test('times out with how many times the pattern was seen', async () => {
    const probe = testProbe({ readLog: async () => `init\n${READY}\n` });
    const result = await waitUntilHealthy(probe, {
      check: POSTGRES,
      timeoutMs: 250,
      intervalMs: 20,
    });
    assert.equal(
      !result.healthy && result.reason,
      `not healthy after 250ms: "${READY}" seen 1 of 2 times in the log`,
    );
  });

  test('an invalid pattern fails at once instead of waiting out the timeout', async () => {
    const result = await waitUntilHealthy(testProbe(), {
      check: { kind: 'log', pattern: '[ready' },
      timeoutMs: 60_000,
      intervalMs: 10,
    });
    assert.match(!result.healthy ? result.reason : '', /^not healthy: invalid pattern: /);
    assert.ok(result.afterMs < 5000);
  });
});
