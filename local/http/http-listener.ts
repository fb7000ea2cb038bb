import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where a listening server can be reached. */
export interface ListeningAddress {
  /** Base URL, e.g. `http://127.0.0.1:3000` (IPv6 hosts in brackets). */
  readonly url: string;
  readonly port: number;
}

/**
 * Starts `server` listening on `host:port` (0 picks a free port).
 *
 * @throws the server's error, e.g. EADDRINUSE when the port is taken.
 */
export async function listen(server: Server, port: number, host: string): Promise<ListeningAddress> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${shownHost}:${address.port}`, port: address.port };
}

/** Stops accepting connections and drops the open ones; resolves once the server is closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}
