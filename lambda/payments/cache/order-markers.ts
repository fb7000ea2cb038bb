import { createHash } from 'node:crypto';
import type { SharedCacheLookupOutcome, SharedCacheWriteOutcome } from '../../idempotency/idempotency-log.js';
import { parseJsonObject } from '../../shared/json-object.js';
import type { SharedCache } from '../../shared/shared-cache.js';

/** A paid order as its marker keeps it: enough to answer `409 order_already_paid` as DynamoDB would. */
export interface PaidOrder {
  readonly paymentId: string;
  /** The charged account and its currency: a request naming others is not answered by the marker. */
  readonly accountId: string;
  readonly currency: string;
  /** Record id of the idempotency key that paid: its retries are answered by its own record, not the marker. */
  readonly keyHash: string;
}

/** What a marker lookup found. */
export interface PaidOrderLookup {
  readonly paid?: PaidOrder;
  readonly outcome: SharedCacheLookupOutcome;
}

/** The name of the marker's check in the idempotency log entries (`routeCache.name`). */
export const orderMarkerCheck = 'order_marker';

const markerVersion = 1;

/**
 * Paid-order markers in the shared cache: (caller, orderId) → the payment, set once a payment
 * has committed in DynamoDB. DynamoDB stays the truth, and a payment record is never deleted, so
 * a marker only ever says what is and stays true. A lookup never fails: a fault or an entry it
 * cannot trust is reported, and the caller goes to DynamoDB as without a cache.
 */
export class OrderMarkers {
  readonly #cache: SharedCache;
  readonly #namespace: string;
  readonly #ttlMillis: number;

  /**
   * @param namespace keeps two deployments apart on one server (the payments table's name).
   * @param ttlSeconds how long a marker is kept; the idempotency retention is a good choice.
   */
  constructor(cache: SharedCache, namespace: string, ttlSeconds: number) {
    this.#cache = cache;
    this.#namespace = namespace;
    this.#ttlMillis = ttlSeconds * 1000;
  }

  /** The caller's paid order, when a trustworthy marker says it is paid. */
  async lookup(caller: string, orderId: string): Promise<PaidOrderLookup> {
    const id = markerIdOf(caller, orderId);
    const read = await this.#cache.read(this.#keyOf(id));
    if (read.kind === 'fault') return { outcome: read.fault };
    if (read.kind === 'miss') return { outcome: 'miss' };
    return decodeMarker(read.value, id);
  }

  /** Sets the marker of a payment that has committed (never call it before). */
  async mark(caller: string, orderId: string, paid: PaidOrder): Promise<SharedCacheWriteOutcome> {
    const id = markerIdOf(caller, orderId);
    const value = JSON.stringify({ v: markerVersion, id, ...paid });
    const written = await this.#cache.writeIfAbsent(this.#keyOf(id), value, this.#ttlMillis);
    return written.kind === 'fault' ? written.fault : written.kind;
  }

  #keyOf(id: string): string {
    return `paid-order:${this.#namespace}:${id}`;
  }
}

/** Hex SHA-256 of caller and order, unambiguously joined: the marker's id, in its key and in its value. */
function markerIdOf(caller: string, orderId: string): string {
  return createHash('sha256').update(JSON.stringify([caller, orderId])).digest('hex');
}

function decodeMarker(text: string, expectedId: string): PaidOrderLookup {
  const parsed = parseJsonObject(text);
  if (parsed === undefined) return { outcome: 'corrupt' };
  const { v, id, paymentId, accountId, currency, keyHash } = parsed;
  if (v !== markerVersion || typeof id !== 'string') return { outcome: 'corrupt' };
  if (typeof paymentId !== 'string' || !/^pay_[0-9a-f]{32}$/.test(paymentId)) return { outcome: 'corrupt' };
  if (typeof accountId !== 'string' || typeof currency !== 'string' || typeof keyHash !== 'string') return { outcome: 'corrupt' };
  // Another caller's (or another order's) marker under this key: never trusted.
  if (id !== expectedId) return { outcome: 'foreign' };
  return { paid: { paymentId, accountId, currency, keyHash }, outcome: 'hit' };
}
