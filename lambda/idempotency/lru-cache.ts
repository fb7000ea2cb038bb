/**
 * A bounded least-recently-used map whose entries also expire. A Map keeps insertion order, so
 * re-inserting on every hit keeps the least recently used entry first, where eviction finds it.
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, { readonly value: V; readonly expiresAt: number }>();

  /** @throws RangeError unless maxEntries is a positive integer. */
  constructor(readonly maxEntries: number) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  /** Number of entries held, expired ones included until they are next looked up or evicted. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value, unless absent or expired at `now` (same unit as `expiresAt`); an expired entry is dropped. */
  get(key: K, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (now >= entry.expiresAt) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` until `expiresAt`, evicting the least recently used entry when full. */
  set(key: K, value: V, expiresAt: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt });
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }
}
