import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { LoadRequest } from '../../../../bench/api/load-test.js';
import { paymentRequestFactory } from '../../../../bench/api/payment-request-factory.js';
import { parseIdempotencyKey } from '../../../../lambda/idempotency/idempotency-key.js';
import { createPaymentBody } from '../../../../lambda/payments/domain/request-schemas.js';

const options = { callerId: 'caller-bench', accountIds: ['acct_a', 'acct_b', 'acct_c'], currency: 'EUR', amount: 250 };

interface PaymentBody {
  readonly orderId: string;
  readonly accountId: string;
  readonly amount: number;
  readonly currency: string;
}

function bodyOf(request: LoadRequest): PaymentBody {
  return JSON.parse(request.body) as PaymentBody;
}

describe('paymentRequestFactory', () => {
  it('builds a JSON POST /payments for the caller, with an idempotency key', () => {
    const request = paymentRequestFactory(options)(0);
    expect(request.path).toBe('/payments');
    expect(request.headers).toEqual({
      'content-type': 'application/json',
      'idempotency-key': expect.stringMatching(/^bench-[0-9a-f]{8}-0$/) as unknown,
      'x-caller-id': 'caller-bench',
    });
    expect(bodyOf(request)).toEqual({ orderId: expect.stringMatching(/^order-[0-9a-f]{8}-0$/) as unknown, accountId: 'acct_a', amount: 250, currency: 'EUR' });
  });

  // A request the API refuses would make the load measure 400s instead of payments.
  it.each([0, 1, 99_999])('builds request %i as one the payment API accepts', (n) => {
    const request = paymentRequestFactory(options)(n);
    expect(v.safeParse(createPaymentBody, bodyOf(request)).success).toBe(true);
    expect(parseIdempotencyKey(request.headers['idempotency-key'] ?? '').ok).toBe(true);
  });

  it.each([
    { n: 0, accountId: 'acct_a' },
    { n: 1, accountId: 'acct_b' },
    { n: 2, accountId: 'acct_c' },
    { n: 3, accountId: 'acct_a' },
    { n: 7, accountId: 'acct_b' },
    { n: 300, accountId: 'acct_a' },
  ])('sends request $n to $accountId, taking the accounts in turn', ({ n, accountId }) => {
    expect(bodyOf(paymentRequestFactory(options)(n)).accountId).toBe(accountId);
  });

  it('gives every request a key and an order of its own, so none is a replay', () => {
    const next = paymentRequestFactory(options);
    const requests = Array.from({ length: 500 }, (_, n) => next(n));
    expect(new Set(requests.map((request) => request.headers['idempotency-key'])).size).toBe(500);
    expect(new Set(requests.map((request) => bodyOf(request).orderId)).size).toBe(500);
  });

  it('uses keys no earlier run used, so a second run against the same tables is not replayed', () => {
    const first = paymentRequestFactory(options)(0);
    const second = paymentRequestFactory(options)(0);
    expect(second.headers['idempotency-key']).not.toBe(first.headers['idempotency-key']);
    expect(bodyOf(second).orderId).not.toBe(bodyOf(first).orderId);
  });

  it('refuses to build a request without an account', () => {
    const next = paymentRequestFactory({ ...options, accountIds: [] });
    expect(() => next(0)).toThrow('paymentRequestFactory needs at least one account');
  });
});
