/**
 * An instance-local, bounded map that forgets its least recently used entry when full and
 * never replaces an entry with an older one (`isNewer` decides). Lambda runs one request per
 * instance at a time, but the local runner and tests may share an instance between concurrent
 * requests, whose results can arrive out of order.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();

  /**
   * @param maxEntries how many entries to keep; 0 disables the cache.
   * @param isNewer whether `candidate` may replace `current`.
   * @throws RangeError when `maxEntries` is not a non-negative safe integer.
   */
  constructor(
    private readonly maxEntries: number,
    private readonly isNewer: (candidate: V, current: V) => boolean,
  ) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 0) throw new RangeError('maxEntries must be a non-negative integer');
  }

  /** The entry for `key`, marking it recently used; undefined on a miss. */
  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Stores `value` under `key` unless the entry already there is newer. */
  remember(key: string, value: V): void {
    if (this.maxEntries === 0) return;
    const current = this.#entries.get(key);
    if (current !== undefined && !this.isNewer(value, current)) return;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size;
  }
}
