import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HealthCheck } from '../../../src/services/health.js';
import { runCheck } from '../../../src/services/wait/check.js';
import type { ContainerState } from '../../../src/services/wait/probe.js';
import { waitUntilHealthy } from '../../../src/services/wait/wait-until-healthy.js';
import { RUNNING, testProbe } from './test-probe.js';

const FAILING_CMD = { kind: 'cmd', command: ['false'] } as const;
const failing = { exitCode: 1, output: '' };

describe('waitUntilHealthy', () => {
  test('a container that has stopped fails at once with its exit code, without a check', async () => {
    let execs = 0;
    const probe = testProbe({
      state: async () => ({ running: false, exitCode: 1 }),
      exec: async () => (execs++, failing),
    });
    const result = await waitUntilHealthy(probe, {
      check: FAILING_CMD,
      timeoutMs: 60_000,
      intervalMs: 10,
    });
    assert.deepEqual(result, {
      healthy: false,
      reason: 'exited with code 1',
      afterMs: result.afterMs,
    });
    assert.equal(execs, 0);
  });

  test("a container that stops while being waited for: its exit code and Docker's error, long before the timeout", async () => {
    let states = 0;
    let execs = 0;
    const probe = testProbe({
      state: async (): Promise<ContainerState> =>
        ++states <= 3 ? RUNNING : { running: false, exitCode: 137, error: 'OOMKilled' },
      exec: async () => (execs++, failing),
    });
    const result = await waitUntilHealthy(probe, {
      check: FAILING_CMD,
      timeoutMs: 30_000,
      intervalMs: 20,
    });
    assert.equal(!result.healthy && result.reason, 'exited with code 137: OOMKilled');
    assert.equal(execs, 3, 'no check after the container stopped');
    assert.equal(states, 4, 'no polling after the container stopped');
    assert.ok(result.afterMs < 10_000, `afterMs ${result.afterMs}`);
  });

  test('a container not running and without an exit code', async () => {
    const result = await waitUntilHealthy(testProbe({ state: async () => ({ running: false }) }), {
      check: { kind: 'none' },
      timeoutMs: 1000,
      intervalMs: 10,
    });
    assert.equal(!result.healthy && result.reason, 'is not running');
  });

  test('`none` is healthy at once, after one look at the container', async () => {
    const result = await waitUntilHealthy(testProbe(), {
      check: { kind: 'none' },
      timeoutMs: 1000,
      intervalMs: 10,
    });
    assert.deepEqual(result, { healthy: true, afterMs: result.afterMs, checks: 1 });
  });

  test('polls at intervalMs: many checks in a second at 50 ms, not one per second nor a busy loop', async () => {
    let execs = 0;
    const probe = testProbe({ exec: async () => (execs++, failing) });
    const result = await waitUntilHealthy(probe, {
      check: FAILING_CMD,
      timeoutMs: 1000,
      intervalMs: 50,
    });
    assert.equal(result.healthy, false);
    // 20 at the ideal pace; generous either way.
    assert.ok(execs >= 8 && execs <= 22, `${execs} checks in 1s`);
  });

  test('when the state cannot be read, it keeps trying and says why at the timeout', async () => {
    let execs = 0;
    const probe = testProbe({
      state: async () => {
        throw new Error('Cannot connect to the Docker daemon');
      },
      exec: async () => (execs++, failing),
    });
    const result = await waitUntilHealthy(probe, {
      check: FAILING_CMD,
      timeoutMs: 200,
      intervalMs: 20,
    });
    assert.equal(
      !result.healthy && result.reason,
      "not healthy after 200ms: could not read the container's state: Cannot connect to the Docker daemon",
    );
    assert.equal(execs, 0);
  });

  test('a check that throws is a failed attempt, named', async () => {
    const result = await waitUntilHealthy(
      testProbe({ readLog: () => Promise.reject(new Error('no such container')) }),
      { check: { kind: 'log', pattern: 'ready' }, timeoutMs: 200, intervalMs: 20 },
    );
    assert.equal(
      !result.healthy && result.reason,
      'not healthy after 200ms: the log check failed: no such container',
    );
  });

  describe('cancellation', () => {
    test(
      'an aborted signal stops the wait during the pause between checks',
      { timeout: 10_000 },
      async () => {
        const controller = new AbortController();
        let execs = 0;
        const probe = testProbe({ exec: async () => (execs++, failing) });
        setTimeout(() => controller.abort(), 100);
        const result = await waitUntilHealthy(
          probe,
          { check: FAILING_CMD, timeoutMs: 60_000, intervalMs: 30_000 },
          { signal: controller.signal },
        );
        assert.equal(!result.healthy && result.reason, 'cancelled');
        assert.equal(execs, 1);
        assert.ok(result.afterMs < 10_000, `afterMs ${result.afterMs}`);
      },
    );

    test(
      'an aborted signal stops the wait during a check that hangs',
      { timeout: 10_000 },
      async () => {
        const probe = testProbe({ exec: () => new Promise(() => {}) });
        const result = await waitUntilHealthy(
          probe,
          { check: FAILING_CMD, timeoutMs: 60_000, intervalMs: 10 },
          { signal: AbortSignal.timeout(100) },
        );
        assert.equal(!result.healthy && result.reason, 'cancelled');
        assert.ok(result.afterMs < 3000, `afterMs ${result.afterMs}`);
      },
    );

    test('a signal aborted before the start: no check at all', async () => {
      let calls = 0;
      const probe = testProbe({
        state: async () => (calls++, RUNNING),
        exec: async () => (calls++, failing),
      });
      const result = await waitUntilHealthy(
        probe,
        { check: FAILING_CMD, timeoutMs: 60_000, intervalMs: 10 },
        { signal: AbortSignal.abort() },
      );
      assert.equal(!result.healthy && result.reason, 'cancelled');
      assert.equal(calls, 0);
    });
  });
});

describe('runCheck', () => {
  test('every kind reaches its own strategy', async () => {
    const probe = testProbe({
      exec: async () => ({ exitCode: 0, output: '' }),
      readLog: async () => 'ready',
      state: async () => ({ running: true, health: 'healthy' }),
    });
    const checks: Record<HealthCheck['kind'], HealthCheck> = {
      cmd: { kind: 'cmd', command: ['true'] },
      http: { kind: 'http', port: 80, path: '/' },
      tcp: { kind: 'tcp', ports: [80] },
      log: { kind: 'log', pattern: 'ready' },
      image: { kind: 'image' },
      none: { kind: 'none' },
    };
    const details = await Promise.all(
      Object.values(checks).map(async (check) => (await runCheck(probe, check, 1000)).detail),
    );
    assert.deepEqual(details, [
      'true exited 0',
      'port 80 is not published',
      'port 80 is not published',
      '"ready" seen 1 of 1 times in the log',
      "Docker reports the image's HEALTHCHECK healthy",
      'no check asked for',
    ]);
  });
});
