/**
 * A bounded least-recently-used map, the one instance-local cache of the functions. A Map keeps
 * insertion order, so re-inserting on every hit keeps the least recently used entry first, where
 * eviction finds it. Entries may carry an expiry; `get` drops an entry once it has passed.
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, { readonly value: V; readonly expiresAt: number }>();
  readonly #maxEntries: number;

  /** @throws RangeError unless maxEntries is a non-negative integer (0 keeps nothing). */
  constructor(maxEntries: number) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 0) throw new RangeError('maxEntries must be a non-negative integer');
    this.#maxEntries = maxEntries;
  }

  /** Number of entries held, expired ones included until they are next looked up or evicted. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The value, marking it recently used; undefined when absent or expired at `now` (the unit of
   * `expiresAt`). An expired entry is dropped.
   */
  get(key: K, now = Number.NEGATIVE_INFINITY): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (now >= entry.expiresAt) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` until `expiresAt` (never, by default), evicting the least recently used entry when full. */
  set(key: K, value: V, expiresAt = Number.POSITIVE_INFINITY): void {
    if (this.#maxEntries === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  /** The value without marking it used or checking expiry (for compare-and-set callers). */
  peek(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }
}
