/**
 * Starts and stops the engine behind an HTTP server speaking DynamoDB's wire protocol: the
 * programmatic API used by tests (vitest globalSetup) and by the CLI.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from './engine.js';
import { createWireHandler } from './wire/create-wire-handler.js';

/** Options of {@link startDynamoDB}. */
export interface DynamoDBServerOptions {
  /**
   * TCP port; 0 picks a free one.
   * @default 8000
   */
  port?: number;
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /** Directory for durable storage (engine part two); in memory when absent. */
  dbPath?: string;
  /** Interval of the TTL sweeper in milliseconds (engine part two). */
  ttlSweepIntervalMs?: number;
}

/** A running engine. */
export interface DynamoDBServer {
  /** Base URL, e.g. `http://127.0.0.1:8000`. */
  readonly endpoint: string;
  /** The port actually listened on. */
  readonly port: number;
  /** In-process handle on the engine (never reachable over HTTP). */
  readonly engine: Engine;
  /** Stops listening, closes idle keep-alive connections, and resolves when closed. */
  stop(): Promise<void>;
}

const defaults = { port: 8000, host: '127.0.0.1' } as const;

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('The DynamoDB engine is not listening on a TCP port'));
        return;
      }
      resolve(address);
    });
  });
}

/**
 * Starts an engine listening on `host:port`.
 * @throws Error when the port cannot be bound (e.g. EADDRINUSE).
 */
export async function startDynamoDB(options: DynamoDBServerOptions = {}): Promise<DynamoDBServer> {
  const host = options.host ?? defaults.host;
  if (options.dbPath !== undefined) {
    throw new Error('Durable storage (dbPath / --db-path) is not implemented yet: the engine keeps its data in memory');
  }
  const engine = new Engine();
  const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, createWireHandler(engine));
  // The SDK keeps sockets open; requests may arrive at any time on them.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  const address = await listen(server, options.port ?? defaults.port, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://${urlHost}:${address.port}`,
    port: address.port,
    engine,
    stop(): Promise<void> {
      stopping ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
        // In-flight requests finish (they are synchronous); then nothing keeps a socket open.
        setImmediate(() => {
          server.closeAllConnections();
        });
      });
      return stopping;
    },
  };
}
