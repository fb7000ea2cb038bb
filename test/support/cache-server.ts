import { createServer, type Server, type Socket } from 'node:net';
import { cacheServerInstallHint, findCacheServerProgram } from '../../local/cache/cache-server.js';

/** True when valkey-server or redis-server is on PATH, so the cache tests can start one. */
export const cacheServerInstalled = findCacheServerProgram() !== undefined;

/**
 * The name of a suite that needs a cache server: as is when one is installed; otherwise marked
 * skipped with the install hint, so a machine without one reports it rather than passing silently.
 * Use with `describe.skipIf(!cacheServerInstalled)`.
 */
export function cacheSuiteName(name: string): string {
  return cacheServerInstalled ? name : `${name} (skipped: ${cacheServerInstallHint})`;
}

/** A TCP server that accepts connections and never answers: a hung cache server. */
export interface SilentServer {
  readonly url: string;
  /** Connections open right now. */
  connections(): Promise<number>;
  close(): Promise<void>;
}

/** Starts a {@link SilentServer} on a free loopback port. */
export function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({
        url: `redis://127.0.0.1:${port}`,
        connections: () =>
          new Promise((done, fail) => {
            server.getConnections((error, count) => {
              if (error === null) done(count);
              else fail(error);
            });
          }),
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => {
              done();
            });
          }),
      });
    });
  });
}

/** A loopback URL where nothing listens: connections are refused. */
export async function refusingUrl(): Promise<string> {
  const server = await startSilentServer();
  await server.close();
  return server.url;
}
