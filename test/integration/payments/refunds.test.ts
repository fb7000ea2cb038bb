import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { usePaymentsHarness } from './support/payment-tables.js';
import { callerArn, type PaymentsInstance } from './support/payments-harness.js';

const suite = usePaymentsHarness();

async function paidOrder(api: PaymentsInstance, caller: string, amount: number): Promise<{ accountId: string; orderId: string }> {
  const accountId = await api.openAccount(caller, 'USD', 10_000);
  const orderId = `order-${randomUUID()}`;
  expect((await api.pay(caller, { orderId, accountId, amount, currency: 'USD' })).status).toBe(201);
  return { accountId, orderId };
}

describe('POST /payments/{orderId}/refunds', () => {
  it('refunds part of a payment, crediting the account and recording the refunded total', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const { accountId, orderId } = await paidOrder(api, alice, 1_000);
    const refund = await api.refund(alice, orderId, { amount: 300 });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ orderId, amount: 300, currency: 'USD', refundedAmount: 300, balanceAfter: 9_300 });
    expect(refund.body.refundId).toMatch(/^ref_/);
    expect((await api.getPayment(alice, orderId)).body.refundedAmount).toBe(300);
    const [, , entry] = await suite().ledgerOf(accountId, 3);
    expect(entry).toMatchObject({ type: 'refund', amount: 300, orderId, referenceId: refund.body.refundId });
  });

  it('refunds everything left when no amount is given, then refuses any more; an empty body lacks the reference', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const { accountId, orderId } = await paidOrder(api, alice, 1_000);
    expect((await api.refund(alice, orderId, { amount: 250 })).status).toBe(201);
    const empty = await api.refund(alice, orderId, '');
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ path: 'reference' })]);
    const rest = await suite().instance().refund(alice, orderId, {});
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ amount: 750, refundedAmount: 1_000, balanceAfter: 10_000 });
    const again = await api.refund(alice, orderId, {});
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('refund_exceeds_payment');
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 10_000, version: 4 });
  });

  it('refunds exactly up to the payment, and not one unit beyond', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const { orderId } = await paidOrder(api, alice, 500);
    expect((await api.refund(alice, orderId, { amount: 499 })).status).toBe(201);
    const over = await api.refund(alice, orderId, { amount: 2 });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'refund_exceeds_payment', refundableAmount: 1 });
    expect((await api.refund(alice, orderId, { amount: 1 })).status).toBe(201);
    expect((await api.getPayment(alice, orderId)).body.refundedAmount).toBe(500);
  });

  it('refuses with a stale cached total only after re-reading it', async () => {
    const alice = callerArn('alice');
    const first = suite().instance();
    const { orderId } = await paidOrder(first, alice, 1_000);
    expect((await first.refund(alice, orderId, { amount: 100 })).status).toBe(201);
    // Another instance refunds 800: `first` still believes 100 was refunded.
    expect((await suite().instance().refund(alice, orderId, { amount: 800 })).status).toBe(201);
    const tooMuch = await first.refund(alice, orderId, { amount: 200 });
    expect(tooMuch.status).toBe(422);
    const rest = await first.refund(alice, orderId, {});
    expect(rest.body).toMatchObject({ amount: 100, refundedAmount: 1_000 });
  });

  it('never refunds more than the payment under concurrent refunds from many instances', async () => {
    const alice = callerArn('alice');
    const { accountId, orderId } = await paidOrder(suite().instance(), alice, 1_000);
    const results = await Promise.all(Array.from({ length: 12 }, () => suite().instance().refund(alice, orderId, { amount: 100 })));
    const statuses = results.map((result) => result.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 422)).toHaveLength(2);
    expect((await suite().instance().getPayment(alice, orderId)).body.refundedAmount).toBe(1_000);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 10_000, version: 12 });
  });

  it("answers 404 payment_not_found for an unknown order and for another caller's order", async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const { accountId, orderId } = await paidOrder(api, alice, 100);
    const mallory = callerArn('mallory');
    await suite().instance().openAccount(mallory, 'USD');
    for (const [caller, target] of [
      [mallory, orderId],
      [alice, `order-${randomUUID()}`],
    ] as const) {
      const refused = await api.refund(caller, target, {});
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('payment_not_found');
    }
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 9_900, version: 2 });
  });

  it('answers 400 validation_error for a bad amount or orderId, before claiming the key', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    for (const [orderId, body, path] of [
      ['order-1', { amount: 0 }, 'amount'],
      ['order-1', { amount: 'all' }, 'amount'],
      ['order-1', { amount: 5, reason: 'x' }, 'reason'],
      ['bad order', {}, 'orderId'],
    ] as const) {
      const refused = await api.refund(alice, orderId, body, 'refund-key');
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ path })]);
    }
    expect(api.counter.calls).toEqual([]);
  });
});
