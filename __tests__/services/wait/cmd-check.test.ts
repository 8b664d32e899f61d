import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCmd, formatCommand } from '../../../src/services/wait/cmd-check.js';
import { waitUntilHealthy } from '../../../src/services/wait/wait-until-healthy.js';
import { testProbe } from './test-probe.js';

const PG_ISREADY = { kind: 'cmd', command: ['pg_isready', '-h', '127.0.0.1'] } as const;
const NO_RESPONSE = { exitCode: 2, output: '127.0.0.1:5432 - no response\n' };

describe('checkCmd', () => {
  test('ready on exit 0; otherwise the command, its exit code and its output', async () => {
    const calls: [readonly string[], number][] = [];
    let result = NO_RESPONSE;
    const probe = testProbe({
      exec: async (command, timeoutMs) => {
        calls.push([command, timeoutMs]);
        return result;
      },
    });
    assert.deepEqual(await checkCmd(probe, PG_ISREADY, 1234), {
      ready: false,
      detail: 'pg_isready -h 127.0.0.1 exited 2: "127.0.0.1:5432 - no response"',
    });
    result = { exitCode: 0, output: '127.0.0.1:5432 - accepting connections\n' };
    assert.equal((await checkCmd(probe, PG_ISREADY, 1234)).ready, true);
    assert.deepEqual(calls, [
      [PG_ISREADY.command, 1234],
      [PG_ISREADY.command, 1234],
    ]);
  });

  test('only the last 200 characters of a long output, on one line', async () => {
    const output = `${'x'.repeat(500)}\nFATAL:  the database system is starting up\n`;
    const probe = testProbe({ exec: async () => ({ exitCode: 1, output }) });
    const { detail } = await checkCmd(probe, PG_ISREADY, 1000);
    const quoted = detail.slice(detail.indexOf('"'));
    const tail = JSON.parse(quoted) as string;
    assert.equal(tail.length, 200);
    assert.ok(tail.startsWith('…x'));
    assert.ok(tail.endsWith('x FATAL: the database system is starting up'));
    assert.equal(
      (
        await checkCmd(
          testProbe({ exec: async () => ({ exitCode: 1, output: ' \n' }) }),
          PG_ISREADY,
          1000,
        )
      ).detail,
      'pg_isready -h 127.0.0.1 exited 1',
    );
  });

  test('an exec that fails to run, or that is stopped at the attempt timeout, says so', async () => {
    const broken = testProbe({
      exec: async () => {
        throw new Error('docker exec: container is restarting');
      },
    });
    assert.deepEqual(await checkCmd(broken, PG_ISREADY, 1000), {
      ready: false,
      detail: 'pg_isready -h 127.0.0.1 could not run: docker exec: container is restarting',
    });
    const slow = testProbe({
      exec: (_command, timeoutMs) =>
        new Promise((resolve) =>
          setTimeout(() => resolve({ exitCode: 137, output: '' }), timeoutMs),
        ),
    });
    assert.deepEqual(await checkCmd(slow, PG_ISREADY, 150), {
      ready: false,
      detail: 'pg_isready -h 127.0.0.1 exited 137 (stopped after 150ms)',
    });
  });

  test('formatCommand quotes what a shell would split, and shortens', () => {
    assert.equal(
      formatCommand(['sh', '-c', 'redis-cli -h 127.0.0.1 ping | grep -q PONG']),
      'sh -c "redis-cli -h 127.0.0.1 ping | grep -q PONG"',
    );
    assert.equal(
      formatCommand(['mysqladmin', 'ping', '--user=root']),
      'mysqladmin ping --user=root',
    );
    const long = formatCommand(['echo', 'a'.repeat(200)]);
    assert.equal(long.length, 80);
    assert.ok(long.endsWith('…'));
  });
});

describe('waitUntilHealthy with cmd', () => {
  test('fails twice, then succeeds: healthy after three checks', async () => {
    let calls = 0;
    const probe = testProbe({
      exec: async () => (++calls < 3 ? NO_RESPONSE : { exitCode: 0, output: '' }),
    });
    const result = await waitUntilHealthy(probe, {
      check: PG_ISREADY,
      timeoutMs: 10_000,
      intervalMs: 30,
    });
    assert.equal(result.healthy, true);
    assert.equal(result.healthy && result.checks, 3);
    assert.ok(result.afterMs >= 2 * 30 - 5, `afterMs ${result.afterMs}: it slept between checks`);
  });

  test('times out with the command, its exit code and what it printed', async () => {
    const probe = testProbe({ exec: async () => NO_RESPONSE });
    const result = await waitUntilHealthy(probe, {
      check: PG_ISREADY,
      timeoutMs: 300,
      intervalMs: 20,
    });
    assert.deepEqual(
      !result.healthy && result.reason,
      'not healthy after 300ms: pg_isready -h 127.0.0.1 exited 2: "127.0.0.1:5432 - no response"',
    );
    assert.ok(result.afterMs >= 300 - 5, `afterMs ${result.afterMs}: it waited the whole timeout`);
  });

  test('each exec gets min(time left, 5s)', async () => {
    const timeouts: number[] = [];
    const long = await waitUntilHealthy(
      testProbe({
        exec: async (_command, timeoutMs) => {
          timeouts.push(timeoutMs);
          return NO_RESPONSE;
        },
      }),
      { check: PG_ISREADY, timeoutMs: 60_000, intervalMs: 10 },
      { signal: AbortSignal.timeout(100) },
    );
    assert.equal(!long.healthy && long.reason, 'cancelled');
    assert.ok(timeouts.length >= 2);
    assert.ok(
      timeouts.every((timeout) => timeout === 5000),
      timeouts.join(),
    );

    // A clock that only moves when the exec runs: budgets shrink to what is left.
    let clock = 0;
    const budgets: number[] = [];
    const short = await waitUntilHealthy(
      testProbe({
        exec: async (_command, timeoutMs) => {
          budgets.push(timeoutMs);
          clock += 1000;
          return NO_RESPONSE;
        },
      }),
      { check: PG_ISREADY, timeoutMs: 2500, intervalMs: 1 },
      { now: () => clock },
    );
    assert.deepEqual(budgets, [2500, 1500, 500]);
    assert.equal(short.afterMs, 3000);
    assert.match(!short.healthy ? short.reason : '', /^not healthy after 2.5s: pg_isready/);
  });

  test(
    'an exec that ignores its timeout and hangs does not hold the wait past a bounded margin',
    { timeout: 10_000 },
    async () => {
      let calls = 0;
      const probe = testProbe({
        exec: () => {
          calls++;
          return new Promise(() => {});
        },
      });
      const started = performance.now();
      const result = await waitUntilHealthy(probe, {
        check: PG_ISREADY,
        timeoutMs: 400,
        intervalMs: 20,
      });
      const took = performance.now() - started;
      assert.equal(
        !result.healthy && result.reason,
        'not healthy after 400ms: pg_isready -h 127.0.0.1 did not finish within 400ms',
      );
      assert.equal(calls, 1);
      assert.ok(took < 400 + 1500, `took ${Math.round(took)}ms`);
    },
  );

  test('a last attempt cut short by the deadline does not hide what the one before saw', async () => {
    // Answers at once while it has time; given less than 300 ms, uses it all and is killed.
    const probe = testProbe({
      exec: (_command, timeoutMs) =>
        timeoutMs >= 300
          ? Promise.resolve(NO_RESPONSE)
          : new Promise((resolve) =>
              setTimeout(() => resolve({ exitCode: 137, output: '' }), timeoutMs),
            ),
    });
    const result = await waitUntilHealthy(probe, {
      check: PG_ISREADY,
      timeoutMs: 500,
      intervalMs: 100,
    });
    assert.equal(
      !result.healthy && result.reason,
      'not healthy after 500ms: pg_isready -h 127.0.0.1 exited 2: "127.0.0.1:5432 - no response"',
    );
  });
});
