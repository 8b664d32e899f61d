import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkTcp } from '../../../src/services/wait/tcp-check.js';
import { waitUntilHealthy } from '../../../src/services/wait/wait-until-healthy.js';
import { closedPort, tcpServer, testProbe } from './test-probe.js';

const TCP = { kind: 'tcp' } as const;

describe('checkTcp', () => {
  test('nothing listening: connection refused', async () => {
    const port = await closedPort();
    const attempt = await checkTcp(testProbe({ ports: { 6379: port } }), TCP, 1000);
    assert.deepEqual(attempt, {
      ready: false,
      detail: `nothing accepted connections on port 6379 (host port ${port})`,
      final: false,
    });
  });

  test('accepted and closed at once, as docker-proxy does with nothing inside: not ready', async (t) => {
    const { port, connections } = await tcpServer(t, (socket) => socket.destroy());
    const attempt = await checkTcp(testProbe({ ports: { 6379: port } }), TCP, 1000);
    assert.equal(connections(), 1);
    assert.equal(attempt.ready, false);
    assert.equal(
      attempt.detail,
      `connection on port 6379 (host port ${port}) closed at once: nothing listening yet`,
    );
  });

  test('accepted and reset, or closed a little later: not ready either', async (t) => {
    const reset = await tcpServer(t, (socket) => socket.resetAndDestroy());
    const late = await tcpServer(t, (socket) => setTimeout(() => socket.end(), 50));
    for (const { port } of [reset, late]) {
      const attempt = await checkTcp(testProbe({ ports: { 5432: port } }), TCP, 1000);
      assert.equal(attempt.ready, false, `host port ${port}`);
      assert.match(attempt.detail, /closed at once: nothing listening yet$/);
    }
  });

  test('a connection kept open is ready', async (t) => {
    const { port } = await tcpServer(t, () => {});
    const attempt = await checkTcp(testProbe({ ports: { 6379: port } }), TCP, 1000);
    assert.equal(attempt.ready, true);
    assert.equal(attempt.detail, `port 6379 (host port ${port}) kept the connection open`);
  });

  test('a server that speaks first is ready without waiting out the hold', async (t) => {
    const { port } = await tcpServer(t, (socket) => socket.write('220 mail ready\r\n'));
    const attempt = await checkTcp(testProbe({ ports: { 25: port } }), TCP, 1000);
    assert.equal(attempt.ready, true);
    assert.equal(attempt.detail, `port 25 (host port ${port}) sent data`);
    // Answered on the data: a connection merely kept open would say so instead.
  });

  test('every port must be ready; the detail names the ones that are not', async (t) => {
    const open = await tcpServer(t, () => {});
    const refused = await closedPort();
    const probe = testProbe({ ports: { 8080: open.port, 8081: refused } });
    const attempt = await checkTcp(probe, TCP, 1000);
    assert.equal(attempt.ready, false);
    assert.equal(
      attempt.detail,
      `nothing accepted connections on port 8081 (host port ${refused})`,
    );

    const onlyOpen = await checkTcp(probe, { kind: 'tcp', ports: [8080] }, 1000);
    assert.equal(onlyOpen.ready, true);
  });

  test('a port that was not published cannot become ready', async (t) => {
    const { port } = await tcpServer(t, () => {});
    const probe = testProbe({ ports: { 6379: port } });
    const attempt = await checkTcp(probe, { kind: 'tcp', ports: [6379, 5432] }, 1000);
    assert.deepEqual(attempt, {
      ready: false,
      detail: 'port 5432 is not published',
      final: true,
    });
    const none = await checkTcp(testProbe(), TCP, 1000);
    assert.equal(none.ready, false);
    assert.equal(none.final, true);
  });
});

describe('waitUntilHealthy with tcp', () => {
  test('waits past docker-proxy closing connections until the service listens', async (t) => {
    let listening = false;
    const { port } = await tcpServer(t, (socket) => {
      if (!listening) socket.destroy();
    });
    setTimeout(() => (listening = true), 300);
    const result = await waitUntilHealthy(testProbe({ ports: { 6379: port } }), {
      check: TCP,
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    assert.equal(result.healthy, true);
    assert.ok(result.healthy && result.checks >= 2, `checks: ${JSON.stringify(result)}`);
  });

  test('times out naming the port and what the last connection saw', async (t) => {
    const { port } = await tcpServer(t, (socket) => socket.destroy());
    const result = await waitUntilHealthy(testProbe({ ports: { 6379: port } }), {
      check: TCP,
      timeoutMs: 500,
      intervalMs: 50,
    });
    assert.equal(result.healthy, false);
    assert.equal(
      !result.healthy && result.reason,
      `not healthy after 500ms: connection on port 6379 (host port ${port}) closed at once: nothing listening yet`,
    );

    const refused = await closedPort();
    const never = await waitUntilHealthy(testProbe({ ports: { 6379: refused } }), {
      check: TCP,
      timeoutMs: 300,
      intervalMs: 50,
    });
    assert.equal(
      !never.healthy && never.reason,
      `not healthy after 300ms: nothing accepted connections on port 6379 (host port ${refused})`,
    );
  });
});
