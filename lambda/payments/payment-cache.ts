import type { PaymentRecord } from './domain/payment-record.js';
import { BoundedCache } from './bounded-cache.js';

/**
 * Instance-local copies of payments for refunds, keyed by owner and order. Everything but
 * `refundedAmount` is immutable, and `refundedAmount` only grows, so a stale copy can only
 * under-state it: the refund's condition on the refunded total catches that. @default 10_000 entries
 */
export class PaymentCache extends BoundedCache<PaymentRecord> {
  constructor(maxEntries = 10_000) {
    super(maxEntries, (candidate, current) => candidate.refundedAmount >= current.refundedAmount);
  }

  /** The cache key of an owner's order. */
  static keyOf(ownerId: string, orderId: string): string {
    return `${ownerId}\n${orderId}`;
  }
}
