import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkHttp } from '../../../src/services/wait/http-check.js';
import { waitUntilHealthy } from '../../../src/services/wait/wait-until-healthy.js';
import { closedPort, httpServer, tcpServer, testProbe } from './test-probe.js';

const check = (path = '/health', status?: number[]) =>
  ({ kind: 'http', port: 8080, path, ...(status ? { status } : {}) }) as const;

describe('checkHttp', () => {
  test('503, then 200: not ready, then ready; the status is in the detail', async (t) => {
    const seen: string[] = [];
    let requests = 0;
    const port = await httpServer(t, (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.connection}`);
      res.writeHead(++requests === 1 ? 503 : 200).end('ok');
    });
    const probe = testProbe({ ports: { 8080: port } });
    const url = `http://127.0.0.1:${port}/__admin/health`;
    assert.deepEqual(await checkHttp(probe, check('/__admin/health'), 1000), {
      ready: false,
      detail: `GET ${url} answered 503`,
    });
    assert.deepEqual(await checkHttp(probe, check('/__admin/health'), 1000), {
      ready: true,
      detail: `GET ${url} answered 200`,
    });
    // A fresh connection each time, closed after the answer.
    assert.deepEqual(seen, ['GET /__admin/health close', 'GET /__admin/health close']);
  });

  test('default ready statuses are 200-399; `status` replaces them', async (t) => {
    let status = 302;
    const port = await httpServer(t, (_req, res) => res.writeHead(status).end());
    const probe = testProbe({ ports: { 8080: port } });
    assert.equal((await checkHttp(probe, check(), 1000)).ready, true);
    status = 400;
    assert.equal((await checkHttp(probe, check(), 1000)).ready, false);
    assert.equal((await checkHttp(probe, check('/health', [400, 401]), 1000)).ready, true);
    status = 200;
    assert.equal((await checkHttp(probe, check('/health', [204]), 1000)).ready, false);
  });

  test('the path keeps its query and stays on the service, even with leading slashes', async (t) => {
    const urls: string[] = [];
    const port = await httpServer(t, (req, res) => {
      urls.push(`${req.headers.host} ${req.url}`);
      res.end();
    });
    const probe = testProbe({ ports: { 9200: port } });
    const cluster = {
      kind: 'http',
      port: 9200,
      path: '/_cluster/health?wait_for_status=yellow',
    } as const;
    assert.equal((await checkHttp(probe, cluster, 1000)).ready, true);
    assert.equal((await checkHttp(probe, { ...cluster, path: '//evil.test/x' }, 1000)).ready, true);
    assert.equal((await checkHttp(probe, { ...cluster, path: 'readyz' }, 1000)).ready, true);
    assert.deepEqual(urls, [
      `127.0.0.1:${port} /_cluster/health?wait_for_status=yellow`,
      `127.0.0.1:${port} /evil.test/x`,
      `127.0.0.1:${port} /readyz`,
    ]);
  });

  test('connection refused, and accepted then dropped, name what happened', async (t) => {
    const refused = await closedPort();
    const proxy = await tcpServer(t, (socket) => socket.destroy());
    const refusedAttempt = await checkHttp(testProbe({ ports: { 8080: refused } }), check(), 1000);
    assert.deepEqual(refusedAttempt, {
      ready: false,
      detail: `GET http://127.0.0.1:${refused}/health failed: ECONNREFUSED`,
    });
    const dropped = await checkHttp(testProbe({ ports: { 8080: proxy.port } }), check(), 1000);
    assert.deepEqual(dropped, {
      ready: false,
      detail: `GET http://127.0.0.1:${proxy.port}/health failed: socket hang up`,
    });
  });

  test(
    'a server that never answers is given up on after the attempt timeout',
    { timeout: 10_000 },
    async (t) => {
      const { port } = await tcpServer(t, () => {});
      const started = performance.now();
      const attempt = await checkHttp(testProbe({ ports: { 8080: port } }), check(), 200);
      assert.deepEqual(attempt, {
        ready: false,
        detail: `GET http://127.0.0.1:${port}/health did not answer within 200ms`,
      });
      assert.ok(performance.now() - started < 2000);
    },
  );

  test('a port that was not published cannot become ready', async () => {
    assert.deepEqual(await checkHttp(testProbe(), check(), 1000), {
      ready: false,
      detail: 'port 8080 is not published',
      final: true,
    });
  });
});

describe('waitUntilHealthy with http', () => {
  test('polls through 503s until 200', async (t) => {
    let requests = 0;
    const port = await httpServer(t, (_req, res) =>
      res.writeHead(++requests <= 3 ? 503 : 200).end(),
    );
    const result = await waitUntilHealthy(testProbe({ ports: { 8080: port } }), {
      check: check(),
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    assert.equal(result.healthy, true);
    assert.equal(result.healthy && result.checks, 4);
    assert.equal(requests, 4);
  });

  test('times out with the last status', async (t) => {
    const port = await httpServer(t, (_req, res) => res.writeHead(503).end());
    const result = await waitUntilHealthy(testProbe({ ports: { 8080: port } }), {
      check: check('/__admin/health'),
      timeoutMs: 300,
      intervalMs: 20,
    });
    assert.equal(
      !result.healthy && result.reason,
      `not healthy after 300ms: GET http://127.0.0.1:${port}/__admin/health answered 503`,
    );
  });

  test(
    'a hanging server does not push the wait far past its timeout',
    { timeout: 10_000 },
    async (t) => {
      const { port } = await tcpServer(t, () => {});
      const started = performance.now();
      const result = await waitUntilHealthy(testProbe({ ports: { 8080: port } }), {
        check: check(),
        timeoutMs: 400,
        intervalMs: 20,
      });
      const took = performance.now() - started;
      assert.equal(result.healthy, false);
      assert.match(
        !result.healthy ? result.reason : '',
        /^not healthy after 400ms: GET .* did not answer within \d+ms$/,
      );
      assert.ok(took < 400 + 1500, `took ${Math.round(took)}ms`);
    },
  );
});
