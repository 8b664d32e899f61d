import { request } from 'node:http';
import type { HealthCheck } from '../health.js';
import { formatDuration } from '../../model/run.js';
import type { CheckAttempt } from './check.js';
import type { ServiceProbe } from './probe.js';

type HttpCheck = Extract<HealthCheck, { kind: 'http' }>;

/** GET on the published port; ready on an expected status (default 200-399). */
export async function checkHttp(
  probe: ServiceProbe,
  check: HttpCheck,
  attemptTimeoutMs: number,
): Promise<CheckAttempt> {
  const hostPort = probe.hostPort(check.port);
  if (hostPort === undefined) {
    return { ready: false, detail: `port ${check.port} is not published`, final: true };
  }
  const url = healthUrl(probe.host, hostPort, check.path);
  const outcome = await get(url, attemptTimeoutMs);
  const what = `GET ${url.href}`;
  if (typeof outcome === 'number') {
    const ready = check.status ? check.status.includes(outcome) : outcome >= 200 && outcome < 400;
    return { ready, detail: `${what} answered ${outcome}` };
  }
  return { ready: false, detail: `${what} ${outcome}` };
}

/** Leading slashes collapse to one, so a path like `//host/x` stays on the service's origin. */
function healthUrl(host: string, port: number, path: string): URL {
  const origin = new URL(`http://${host.includes(':') ? `[${host}]` : host}`);
  origin.port = String(port);
  return new URL(path.replace(/^\/*/, '/'), origin);
}

/** The status, or why there was none. */
function get(url: URL, timeoutMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    // A fresh connection each time: a pooled one could outlive the service it reached.
    const req = request(url, { method: 'GET', agent: false });
    const timer = setTimeout(() => {
      resolve(`did not answer within ${formatDuration(timeoutMs)}`);
      req.destroy();
    }, timeoutMs);
    req.once('response', (res) => {
      clearTimeout(timer);
      resolve(res.statusCode ?? 0);
      // Only the status matters; the body could be large or never end.
      res.destroy();
    });
    req.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // "socket hang up" (the port accepted, then closed) says more than its code ECONNRESET.
      resolve(
        `failed: ${error.message === 'socket hang up' ? error.message : (error.code ?? error.message)}`,
      );
    });
    req.end();
  });
}
