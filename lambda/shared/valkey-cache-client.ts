import type { Cluster, Redis } from 'iovalkey';
import { SharedCacheUnavailableError, type SharedCacheClient } from './shared-cache.js';

/** How a {@link ValkeyCacheClient} connects. */
export interface ValkeyCacheClientOptions {
  /** Longest wait for one TCP (and TLS) connection attempt. @default 1_000 */
  readonly connectTimeoutMs?: number;
  /** Longest pause between two reconnection attempts while the server is away. @default 2_000 */
  readonly maxReconnectDelayMs?: number;
  /**
   * Speak the cluster protocol (learn the slot map with CLUSTER SLOTS, follow MOVED). ElastiCache
   * Serverless runs in cluster mode and serves every slot from its one endpoint; a plain
   * `redis-server` does not run in cluster mode, so the local runner leaves this off.
   * @default false
   */
  readonly cluster?: boolean;
}

/** One connection, or a cluster client over the nodes it learns: the same commands either way. */
type Connection = Redis | Cluster;

/**
 * A {@link SharedCacheClient} over one iovalkey connection to a Valkey or Redis server
 * (`redis://`, `rediss://` for TLS, `valkey://`, `valkeys://`). Nothing happens at construction:
 * the client library is imported and the connection opened on the first operation, then reused
 * by every later one (across Lambda invocations), so a function that never touches the cache
 * pays neither. While the server is away the connection reconnects in the background and
 * operations fail at once with {@link SharedCacheUnavailableError} instead of queueing.
 */
export class ValkeyCacheClient implements SharedCacheClient {
  readonly #url: string;
  readonly #connectTimeoutMs: number;
  readonly #maxReconnectDelayMs: number;
  readonly #cluster: boolean;
  #connection: Promise<Connection> | undefined;
  #connecting: Promise<void> | undefined;

  /** @throws TypeError unless `url` is a redis:, rediss:, valkey: or valkeys: URL. */
  constructor(url: string, options: ValkeyCacheClientOptions = {}) {
    if (!isCacheUrl(url)) throw new TypeError('the cache URL must be a redis://, rediss://, valkey:// or valkeys:// URL');
    this.#url = url;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 1_000;
    this.#maxReconnectDelayMs = options.maxReconnectDelayMs ?? 2_000;
    this.#cluster = options.cluster ?? false;
  }

  async get(key: string): Promise<string | undefined> {
    const client = await this.#ready();
    const value = await client.get(key);
    return value ?? undefined;
  }

  async setIfAbsent(key: string, value: string, ttlMillis: number): Promise<boolean> {
    const client = await this.#ready();
    return (await client.set(key, value, 'PX', ttlMillis, 'NX')) === 'OK';
  }

  /**
   * Loads the client library and opens the connection now rather than on the first operation.
   * @throws SharedCacheUnavailableError when the server cannot be reached.
   */
  async connect(): Promise<void> {
    await this.#ready();
  }

  /** Closes the connection (tests, the local runner's shutdown); a later operation opens a new one. */
  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#connecting = undefined;
    if (connection === undefined) return;
    const client = await connection.catch(() => undefined);
    client?.disconnect();
  }

  async #ready(): Promise<Connection> {
    this.#connection ??= this.#open();
    const client = await this.#connection;
    switch (client.status) {
      case 'ready':
        return client;
      case 'wait':
      case 'end':
        // Never connected yet, or closed: connect now, once for every request waiting.
        this.#connecting ??= client.connect().finally(() => {
          this.#connecting = undefined;
        });
        break;
      case 'connecting':
      case 'connect':
        this.#connecting ??= readyOrClosed(client).finally(() => {
          this.#connecting = undefined;
        });
        break;
      case 'reconnecting':
      case 'disconnecting':
      case 'close':
        // The server went away; the client retries on its own schedule.
        throw new SharedCacheUnavailableError(`cache connection is ${client.status}`);
    }
    try {
      await this.#connecting;
    } catch (error) {
      throw new SharedCacheUnavailableError('cannot connect to the cache', { cause: error });
    }
    return client;
  }

  async #open(): Promise<Connection> {
    // Imported on first use: the library costs nothing to a function that never reaches here.
    const { Cluster: ValkeyCluster, Redis: Valkey } = await import('iovalkey');
    const shared = {
      lazyConnect: true,
      // Fail at once while disconnected rather than queue requests behind a dead connection.
      enableOfflineQueue: false,
      // INFO before every (re)connection would be one more round trip for nothing: no dataset to load.
      enableReadyCheck: false,
    } as const;
    const perConnection = { maxRetriesPerRequest: 0, connectTimeout: this.#connectTimeoutMs } as const;
    const backoff = (attempt: number): number => Math.min(attempt * 100, this.#maxReconnectDelayMs);
    const client: Connection = this.#cluster
      ? new ValkeyCluster([nodeOf(this.#url)], {
          ...shared,
          // TLS names the endpoint's host: keep it instead of the address DNS resolves it to.
          dnsLookup: (hostname, callback) => {
            callback(null, hostname);
          },
          slotsRefreshTimeout: this.#connectTimeoutMs,
          clusterRetryStrategy: backoff,
          redisOptions: { ...perConnection, ...credentialsOf(this.#url) },
        })
      : new Valkey(this.#url, { ...shared, ...perConnection, retryStrategy: backoff });
    // Every failure also reaches the operation that met it; without a listener the library prints them.
    client.on('error', () => undefined);
    return client;
  }
}

/** The one node a cluster client starts from: the URL's host and port (6379 when absent). */
function nodeOf(url: string): { readonly host: string; readonly port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: parsed.port === '' ? 6379 : Number(parsed.port) };
}

/** TLS (for rediss:, valkeys:) and the URL's user and password, as each node connection takes them. */
function credentialsOf(url: string): { tls?: { servername: string }; username?: string; password?: string } {
  const parsed = new URL(url);
  return {
    ...(parsed.protocol === 'rediss:' || parsed.protocol === 'valkeys:' ? { tls: { servername: parsed.hostname } } : {}),
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
  };
}

/** True for a URL a {@link ValkeyCacheClient} accepts. */
export function isCacheUrl(url: string): boolean {
  try {
    return ['redis:', 'rediss:', 'valkey:', 'valkeys:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

function readyOrClosed(client: Connection): Promise<void> {
  return new Promise((resolve, reject) => {
    const onReady = (): void => {
      client.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      client.off('ready', onReady);
      reject(new SharedCacheUnavailableError('cache connection closed while connecting'));
    };
    client.once('ready', onReady);
    client.once('close', onClose);
  });
}
