/**
 * Starts and stops the engine behind an HTTP server speaking DynamoDB's wire protocol: the
 * programmatic API used by tests (vitest globalSetup) and by the CLI.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBindAddress, hostCheck } from '../host-allowlist.js';
import { Engine } from './engine.js';
import type { LatencyProfile } from './latency/latency-profile.js';
import { EngineJournal } from './persistence/engine-journal.js';
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
  /**
   * Listening on an address other than a loopback one must be asked for: the engine checks no
   * signatures, so anyone who can reach it can read and change everything. A warning is printed.
   * @default false
   */
  allowNonLoopback?: boolean;
  /**
   * Host names (with or without a port; IPv6 in brackets) answered besides the loopback names
   * (`localhost`, 127.x.y.z, `[::1]`); a request with any other `Host` header gets a 400
   * AccessDeniedException, which defends against DNS rebinding.
   * @default []
   */
  allowedHosts?: readonly string[];
  /**
   * Directory for durable storage: a journal fsynced before each write is acknowledged, and
   * snapshots. In memory when absent.
   */
  dbPath?: string;
  /**
   * How often the TTL sweeper deletes expired items, in milliseconds; 0 turns it off (tests
   * can still call `engine.sweepExpiredItems()`).
   * @default 10000
   */
  ttlSweepIntervalMs?: number;
  /**
   * How long UpdateTable's transitional statuses (UPDATING, CREATING, DELETING) are reported,
   * in milliseconds; the change itself is applied at once.
   * @default 500
   */
  statusTransitionMs?: number;
  /**
   * The engine's clock, in milliseconds since the epoch: tests move it to expire TTLs, shard
   * iterators and stream records without waiting.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Milliseconds added to each operation's answer, e.g. `latencyProfiles['in-region']`
   * (latency/latency-profile.ts); while set, transactions hold their items until answered, and
   * a write touching a held item is refused with TransactionConflict. None by default.
   */
  latency?: LatencyProfile;
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

const defaults = { port: 8000, host: '127.0.0.1', ttlSweepIntervalMs: 10_000 } as const;

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
  const sweepInterval = options.ttlSweepIntervalMs ?? defaults.ttlSweepIntervalMs;
  if (!Number.isFinite(sweepInterval) || sweepInterval < 0) throw new Error(`Invalid ttlSweepIntervalMs: ${sweepInterval}`);
  const isAllowedHost = hostCheck(options.allowedHosts);
  checkBindAddress(host, options.allowNonLoopback, 'The DynamoDB engine');
  const engine = new Engine({
    ...(options.statusTransitionMs === undefined ? {} : { statusTransitionMs: options.statusTransitionMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.latency === undefined ? {} : { latency: options.latency }),
  });
  if (options.dbPath !== undefined) {
    engine.attachJournal(await EngineJournal.open(options.dbPath, engine.tables, { streams: engine.streams }));
  }
  const sweeper =
    sweepInterval === 0
      ? undefined
      : setInterval(() => {
          engine.sweepExpiredItems();
        }, sweepInterval);
  // The sweeper never keeps the process alive on its own.
  sweeper?.unref();
  const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, createWireHandler(engine, isAllowedHost));
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
      clearInterval(sweeper);
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
      return stopping.then(() => engine.journal?.close());
    },
  };
}
