/**
 * A key-value store shared by every instance of a function (Valkey or Redis), as the functions
 * use it: read a key, write a key once with an expiry. Implementations reject on any failure;
 * {@link SharedCache} turns those rejections into outcomes.
 */
export interface SharedCacheClient {
  /** The value at `key`, or undefined when there is none. */
  get(key: string): Promise<string | undefined>;
  /**
   * Sets `key` to `value` for `ttlMillis` milliseconds unless it already holds a value (`SET
   * key value PX ttl NX`). Resolves true when this call set it.
   */
  setIfAbsent(key: string, value: string, ttlMillis: number): Promise<boolean>;
  /** Opens the connection ahead of the first operation, for a client that connects lazily. */
  connect?(): Promise<void>;
}

/**
 * Why a cache operation gave no answer. Each kind is counted under its own metric, so none needs
 * a free-text reason.
 */
export type SharedCacheFault =
  /** The operation did not finish within the budget (a slow or silent server, a slow connect). */
  | 'timeout'
  /** The server could not be reached or dropped the connection (refused, restarting, offline). */
  | 'unavailable'
  /** The server answered with an error, or the client failed in another way. */
  | 'error';

/** What a read found. */
export type SharedCacheRead =
  | { readonly kind: 'hit'; readonly value: string }
  | { readonly kind: 'miss' }
  | { readonly kind: 'fault'; readonly fault: SharedCacheFault };

/** What a write did. */
export type SharedCacheWrite =
  /** The key held nothing and now holds the value. */
  | { readonly kind: 'written' }
  /** The key already held a value; it was left as it was. */
  | { readonly kind: 'present' }
  | { readonly kind: 'fault'; readonly fault: SharedCacheFault };

/** Raised by a client when the server cannot be reached; {@link SharedCache} reports it as `unavailable`. */
export class SharedCacheUnavailableError extends Error {
  override readonly name = 'SharedCacheUnavailableError';
  readonly code = 'shared_cache_unavailable';
}

/** @default 20 ms: about fifty in-region cache round trips, and less than one DynamoDB call saved. */
export const defaultSharedCacheTimeoutMs = 20;

/**
 * @default 250 ms: how long a cold start waits for the connection ({@link SharedCache.connect}).
 * Loading the client and a TLS connect take some tens of milliseconds; a server that does not
 * answer costs a cold start no more than this, once.
 */
export const defaultSharedCacheConnectBudgetMs = 250;

// Node's codes for a peer that cannot be reached or went away.
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

/**
 * A {@link SharedCacheClient} whose operations never reject and never take longer than the
 * budget: a failure or a late answer is an outcome the caller treats as "the cache does not
 * know". Safe to share by every request of an instance.
 */
export class SharedCache {
  readonly #client: SharedCacheClient;
  readonly #timeoutMs: number;

  /** @throws RangeError unless `timeoutMs` is a positive integer. */
  constructor(client: SharedCacheClient, timeoutMs: number = defaultSharedCacheTimeoutMs) {
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) throw new RangeError('timeoutMs must be a positive integer');
    this.#client = client;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Opens the client's connection, waiting at most `budgetMs`, so that the first request's
   * operations find it open instead of spending their budget on loading the client and
   * connecting (each would be a timeout). Never rejects: a connection not open in time goes on
   * opening in the background, and the operations report whatever it comes to.
   */
  async connect(budgetMs: number = defaultSharedCacheConnectBudgetMs): Promise<{ readonly kind: 'connected' } | { readonly kind: 'fault'; readonly fault: SharedCacheFault }> {
    const connect = this.#client.connect?.bind(this.#client);
    if (connect === undefined) return { kind: 'connected' };
    const result = await this.#bounded(connect, budgetMs);
    return result.ok ? { kind: 'connected' } : { kind: 'fault', fault: result.fault };
  }

  /** The value at `key`, a miss, or why there was no answer. */
  async read(key: string): Promise<SharedCacheRead> {
    const result = await this.#bounded(() => this.#client.get(key));
    if (!result.ok) return { kind: 'fault', fault: result.fault };
    return result.value === undefined ? { kind: 'miss' } : { kind: 'hit', value: result.value };
  }

  /**
   * Writes `value` under `key` for `ttlMillis` unless the key holds a value already. A TTL below
   * 1 ms writes nothing and reports the key as present (there is nothing left to keep).
   */
  async writeIfAbsent(key: string, value: string, ttlMillis: number): Promise<SharedCacheWrite> {
    const ttl = Math.floor(ttlMillis);
    if (!(ttl >= 1)) return { kind: 'present' };
    const result = await this.#bounded(() => this.#client.setIfAbsent(key, value, ttl));
    if (!result.ok) return { kind: 'fault', fault: result.fault };
    return result.value ? { kind: 'written' } : { kind: 'present' };
  }

  async #bounded<T>(
    operation: () => Promise<T>,
    budgetMs: number = this.#timeoutMs,
  ): Promise<{ readonly ok: true; readonly value: T } | { readonly ok: false; readonly fault: SharedCacheFault }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<{ readonly ok: false; readonly fault: SharedCacheFault }>((resolve) => {
      timer = setTimeout(() => {
        resolve({ ok: false, fault: 'timeout' });
      }, budgetMs);
      // A pending budget must not keep a process (or a frozen Lambda instance) alive.
      timer.unref();
    });
    let pending: Promise<T>;
    try {
      pending = operation();
    } catch (error) {
      clearTimeout(timer);
      return { ok: false, fault: faultOf(error) };
    }
    const settled = pending.then(
      (value) => ({ ok: true, value }) as const,
      (error: unknown) => ({ ok: false, fault: faultOf(error) }) as const,
    );
    try {
      return await Promise.race([settled, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function faultOf(error: unknown): SharedCacheFault {
  if (error instanceof SharedCacheUnavailableError) return 'unavailable';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && unreachableCodes.has(code) ? 'unavailable' : 'error';
}
