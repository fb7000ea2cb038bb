import { LruCache } from '../../shared/lru-cache.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { PaymentRecord } from '../domain/payment.js';

/**
 * An instance-local LRU that never replaces an entry with an older one (`isNewer` decides).
 * Lambda runs one request per instance at a time, but the local runner and tests may share an
 * instance between concurrent requests, whose results can arrive out of order.
 */
class NewestValueCache<V> {
  readonly #entries: LruCache<string, V>;
  readonly #isNewer: (candidate: V, current: V) => boolean;

  /** @throws RangeError when `maxEntries` is not a non-negative safe integer (0 keeps nothing). */
  constructor(maxEntries: number, isNewer: (candidate: V, current: V) => boolean) {
    this.#entries = new LruCache(maxEntries);
    this.#isNewer = isNewer;
  }

  /** The entry for `key`, marking it recently used; undefined on a miss. */
  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /** Stores `value` under `key` unless the entry already there is newer. */
  remember(key: string, value: V): void {
    const current = this.#entries.peek(key);
    if (current !== undefined && !this.#isNewer(value, current)) return;
    this.#entries.set(key, value);
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size;
  }
}

/**
 * Snapshots of accounts by id, fed by reads and committed transactions. A snapshot may be stale:
 * every movement is conditioned on its version, and a failed condition returns the fresh item.
 * @default 10_000 entries
 */
export class AccountSnapshotCache extends NewestValueCache<AccountSnapshot> {
  constructor(maxEntries = 10_000) {
    super(maxEntries, (candidate, current) => candidate.version >= current.version);
  }
}

/**
 * Payments by owner and order (`PaymentCache.keyOf`). Everything but `refundedAmount` is
 * immutable and `refundedAmount` only grows, so a stale copy can only under-state it: the refund's
 * condition on the refunded total catches that. @default 10_000 entries
 */
export class PaymentCache extends NewestValueCache<PaymentRecord> {
  constructor(maxEntries = 10_000) {
    super(maxEntries, (candidate, current) => candidate.refundedAmount >= current.refundedAmount);
  }

  /** The cache key of an owner's order. */
  static keyOf(ownerId: string, orderId: string): string {
    return `${ownerId}\n${orderId}`;
  }
}
