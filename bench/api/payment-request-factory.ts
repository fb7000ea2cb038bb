import { randomUUID } from 'node:crypto';
import type { LoadRequest } from './load-test.js';

/** Options of {@link paymentRequestFactory}. */
export interface PaymentRequestFactoryOptions {
  readonly callerId: string;
  /** Funded accounts of that caller; requests go round-robin over them. */
  readonly accountIds: readonly string[];
  readonly currency: string;
  /** Amount of every payment, in minor units. */
  readonly amount: number;
}

/**
 * Builds the n-th POST /payments of a load test: a fresh idempotency key and a fresh order
 * every time (nothing is a replay), and the accounts taken in turn, so concurrent requests
 * land on different accounts as long as there are more accounts than connections.
 */
export function paymentRequestFactory(options: PaymentRequestFactoryOptions): (n: number) => LoadRequest {
  const run = randomUUID().slice(0, 8);
  return (n) => {
    const accountId = options.accountIds[n % options.accountIds.length];
    if (accountId === undefined) throw new Error('paymentRequestFactory needs at least one account');
    return {
      path: '/payments',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `bench-${run}-${n}`,
        'x-caller-id': options.callerId,
      },
      body: JSON.stringify({ orderId: `order-${run}-${n}`, accountId, amount: options.amount, currency: options.currency }),
    };
  };
}
