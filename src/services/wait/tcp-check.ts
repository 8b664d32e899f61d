import { connect } from 'node:net';
import type { HealthCheck } from '../health.js';
import { formatDuration } from '../../model/run.js';
import type { CheckAttempt } from './check.js';
import type { ServiceProbe } from './probe.js';

/** How long a connection must stay open to count: docker-proxy drops its own in a few ms. */
export const TCP_HOLD_MS = 150;
const CONNECT_TIMEOUT_MS = 1000;

/**
 * A connection to every port (default: every published one); all must be ready. Docker's
 * userland proxy accepts on the host port even when nothing listens inside the container, then
 * closes at once, so a connection only counts if the peer speaks first or keeps it open.
 */
export async function checkTcp(
  probe: ServiceProbe,
  check: Extract<HealthCheck, { kind: 'tcp' }>,
  attemptTimeoutMs: number,
): Promise<CheckAttempt> {
  const ports = check.ports ?? probe.containerPorts;
  if (ports.length === 0) {
    return {
      ready: false,
      detail: 'no port to connect to: the service publishes none',
      final: true,
    };
  }
  const timeoutMs = Math.min(attemptTimeoutMs, CONNECT_TIMEOUT_MS);
  const attempts = await Promise.all(
    ports.map((port) => checkPort(probe.host, port, probe.hostPort(port), timeoutMs)),
  );
  const failed = attempts.filter((attempt) => !attempt.ready);
  const shown = failed.length > 0 ? failed : attempts;
  return {
    ready: failed.length === 0,
    detail: shown.map((attempt) => attempt.detail).join('; '),
    final: failed.some((attempt) => attempt.final),
  };
}

function checkPort(
  host: string,
  port: number,
  hostPort: number | undefined,
  timeoutMs: number,
): Promise<CheckAttempt> {
  if (hostPort === undefined) {
    return Promise.resolve({ ready: false, detail: `port ${port} is not published`, final: true });
  }
  const where = `port ${port} (host port ${hostPort})`;
  return new Promise((resolve) => {
    const socket = connect({ host, port: hostPort });
    let connected = false;
    let done = false;
    const finish = (attempt: CheckAttempt): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(attempt);
    };
    let timer = setTimeout(
      () =>
        finish({
          ready: false,
          detail: `${where} did not accept a connection within ${formatDuration(timeoutMs)}`,
        }),
      timeoutMs,
    );
    const closedAtOnce = (): void =>
      finish({
        ready: false,
        detail: `connection on ${where} closed at once: nothing listening yet`,
      });
    socket.once('connect', () => {
      connected = true;
      clearTimeout(timer);
      timer = setTimeout(
        () => finish({ ready: true, detail: `${where} kept the connection open` }),
        TCP_HOLD_MS,
      );
    });
    // Server-speaks-first protocols (MySQL, SMTP, AMQP banners): data proves a real listener.
    socket.once('data', () => finish({ ready: true, detail: `${where} sent data` }));
    socket.once('end', closedAtOnce);
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // A reset can be reported before the connection itself: it was accepted all the same.
      if (connected || error.code === 'ECONNRESET') return closedAtOnce();
      finish({
        ready: false,
        detail:
          error.code === 'ECONNREFUSED'
            ? `nothing accepted connections on ${where}`
            : `connecting to ${where} failed: ${error.code ?? error.message}`,
      });
    });
    socket.once('close', closedAtOnce);
  });
}
