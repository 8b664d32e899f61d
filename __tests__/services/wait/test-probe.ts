import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { ContainerState, ServiceProbe } from '../../../src/services/wait/probe.js';

/**
 * A probe over plain values and local servers: the strategies' input, standing in for one
 * running container. `ports` maps container port -> host port.
 */
export function testProbe(
  parts: Partial<Omit<ServiceProbe, 'hostPort' | 'containerPorts'>> & {
    ports?: Record<number, number>;
  } = {},
): ServiceProbe {
  const { ports = {}, ...rest } = parts;
  return {
    name: 'svc',
    host: '127.0.0.1',
    containerPorts: Object.keys(ports).map(Number),
    hostPort: (port) => ports[port],
    exec: async () => {
      throw new Error('exec not expected');
    },
    readLog: async () => '',
    state: async () => RUNNING,
    ...rest,
  };
}

export const RUNNING: ContainerState = { running: true };

/** A TCP server on 127.0.0.1; `close` also ends the connections it still holds. */
export async function tcpServer(
  t: { after(fn: () => Promise<void>): void },
  onConnection: (socket: Socket) => void,
): Promise<{ port: number; connections: () => number }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  const port = await listen(server);
  t.after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port, connections: () => connections };
}

export async function httpServer(
  t: { after(fn: () => Promise<void>): void },
  handler: RequestListener,
): Promise<number> {
  const server = createHttpServer(handler);
  const port = await listen(server);
  t.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return port;
}

/** A port nothing listens on: taken, then given back. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}
