import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { usePaymentsHarness } from './support/payment-tables.js';
import { callerArn } from './support/payments-harness.js';

const suite = usePaymentsHarness();

const order = (): string => `order-${randomUUID()}`;

describe('POST /payments', () => {
  it('charges the account, records the payment and the ledger entry in one transaction', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD', 10_000);
    const orderId = order();
    const paid = await api.pay(alice, { orderId, accountId, amount: 2_500, currency: 'USD' });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ orderId, accountId, amount: 2_500, currency: 'USD', status: 'succeeded', balanceAfter: 7_500 });
    expect(paid.body.paymentId).toMatch(/^pay_/);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 7_500, version: 2 });
    const [, entry] = await suite().ledgerOf(accountId, 2);
    expect(entry).toMatchObject({ type: 'payment', amount: -2_500, balanceAfter: 7_500, orderId, referenceId: paid.body.paymentId });
  });

  it('costs 2 DynamoDB calls with a warm snapshot, 3 without (the read sent alongside the claim), 4 with a stale one', async () => {
    const alice = callerArn('alice');
    const api = suite().instance();
    const accountId = await api.openAccount(alice, 'USD', 10_000);

    api.counter.reset();
    expect((await api.pay(alice, { orderId: order(), accountId, amount: 100, currency: 'USD' })).status).toBe(201);
    expect(api.counter.calls).toEqual(['PutItemCommand', 'TransactWriteItemsCommand']);

    const cold = suite().instance();
    expect((await cold.pay(alice, { orderId: order(), accountId, amount: 100, currency: 'USD' })).status).toBe(201);
    // The account read goes out right behind the claim, not after its answer: 2 sequential round trips.
    expect(cold.counter.calls).toEqual(['PutItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);

    // `api`'s snapshot is now one version behind: the failed condition's ALL_OLD item refreshes it.
    api.counter.reset();
    expect((await api.pay(alice, { orderId: order(), accountId, amount: 100, currency: 'USD' })).status).toBe(201);
    expect(api.counter.calls).toEqual(['PutItemCommand', 'TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 9_700, version: 4 });
  });

  it('replays on a cold instance at the cost of one wasted read, never of a charge', async () => {
    const alice = callerArn('alice');
    const accountId = await suite().instance().openAccount(alice, 'USD', 1_000);
    const body = { orderId: order(), accountId, amount: 300, currency: 'USD' };
    const first = await suite().instance().pay(alice, body, 'cold-replay');
    const cold = suite().instance();
    const replay = await cold.pay(alice, body, 'cold-replay');
    expect(replay.raw).toBe(first.raw);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(cold.counter.calls).toEqual(['PutItemCommand', 'GetItemCommand']);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 700, version: 2 });
  });

  it('replays a completed payment without charging again (1 call)', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    const body = { orderId: order(), accountId, amount: 400, currency: 'USD' };
    const first = await api.pay(alice, body, 'pay-key');
    api.counter.reset();
    const replay = await api.pay(alice, body, 'pay-key');
    expect(replay.status).toBe(201);
    expect(replay.raw).toBe(first.raw);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(api.counter.calls).toEqual(['PutItemCommand']);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 600, version: 2 });
  });

  it('answers 409 order_already_paid with the original paymentId for a fresh key, charging nothing', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    const orderId = order();
    const first = await api.pay(alice, { orderId, accountId, amount: 300, currency: 'USD' });
    for (const instance of [api, suite().instance()]) {
      const again = await instance.pay(alice, { orderId, accountId, amount: 300, currency: 'USD' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'order_already_paid', paymentId: first.body.paymentId });
    }
    // Even when the balance no longer covers it: the order is paid, that is the answer.
    const drained = await api.pay(alice, { orderId, accountId, amount: 5_000, currency: 'USD' });
    expect(drained.status).toBe(409);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 700, version: 2 });
  });

  it('replays the stored 402, not re-evaluating it after a deposit', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD', 100);
    const body = { orderId: order(), accountId, amount: 500, currency: 'USD' };
    const refused = await api.pay(alice, body, 'pay-402');
    expect(refused.status).toBe(402);
    expect(refused.body.code).toBe('insufficient_funds');
    expect((await api.deposit(alice, accountId, { amount: 1_000, currency: 'USD' })).status).toBe(201);
    const replay = await suite().instance().pay(alice, body, 'pay-402');
    expect(replay.status).toBe(402);
    expect(replay.raw).toBe(refused.raw);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // A new key is a new request: now it is covered.
    expect((await api.pay(alice, body, 'pay-after-deposit')).status).toBe(201);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 600 });
  });

  it('refuses for lack of funds only on a fresh balance (a stale snapshot is re-read)', async () => {
    const alice = callerArn('alice');
    const payer = suite().instance();
    const accountId = await payer.openAccount(alice, 'USD', 100);
    expect((await payer.getAccount(alice, accountId)).status).toBe(200);
    // Another instance deposits; `payer`'s snapshot still says 100.
    expect((await suite().instance().deposit(alice, accountId, { amount: 900, currency: 'USD' })).status).toBe(201);
    const paid = await payer.pay(alice, { orderId: order(), accountId, amount: 800, currency: 'USD' });
    expect(paid.status).toBe(201);
    expect(paid.body.balanceAfter).toBe(200);
  });

  it('spends the balance down to exactly zero and never below', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'EUR', 1_000);
    expect((await api.pay(alice, { orderId: order(), accountId, amount: 1_000, currency: 'EUR' })).body.balanceAfter).toBe(0);
    const refused = await api.pay(alice, { orderId: order(), accountId, amount: 1, currency: 'EUR' });
    expect(refused.status).toBe(402);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 0, version: 2 });
  });

  it('answers 422 currency_mismatch, charging nothing', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'EUR', 1_000);
    for (const instance of [api, suite().instance()]) {
      const refused = await instance.pay(alice, { orderId: order(), accountId, amount: 10, currency: 'USD' });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('currency_mismatch');
    }
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 1_000, version: 1 });
  });

  it("answers 404 account_not_found for another caller's account, whatever the instance knows", async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const mallory = callerArn('mallory');
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    for (const instance of [api, suite().instance()]) {
      const refused = await instance.pay(mallory, { orderId: order(), accountId, amount: 10, currency: 'USD' });
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('account_not_found');
      expect(refused.raw).not.toContain(alice);
    }
    const missing = await api.pay(alice, { orderId: order(), accountId: 'acct_ffffffffffffffffffffffffffffffff', amount: 1, currency: 'USD' });
    expect(missing.status).toBe(404);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 1_000, version: 1 });
  });

  it('lets two callers pay the same order id independently', async () => {
    const alice = callerArn('alice');
    const bob = callerArn('bob');
    const api = suite().instance();
    const aliceAccount = await api.openAccount(alice, 'USD', 100);
    const bobAccount = await api.openAccount(bob, 'USD', 100);
    const orderId = order();
    expect((await api.pay(alice, { orderId, accountId: aliceAccount, amount: 10, currency: 'USD' }, 'shared-key')).status).toBe(201);
    const bobs = await api.pay(bob, { orderId, accountId: bobAccount, amount: 10, currency: 'USD' }, 'shared-key');
    expect(bobs.status).toBe(201);
    expect(bobs.headers['idempotent-replayed']).toBeUndefined();
  });

  it.each([
    ['an invalid orderId', { orderId: 'has space', accountId: 'acct_x', amount: 1, currency: 'USD' }, ['orderId']],
    ['a 129-character orderId', { orderId: 'o'.repeat(129), accountId: 'acct_x', amount: 1, currency: 'USD' }, ['orderId']],
    ['missing fields', { orderId: 'o-1' }, ['accountId', 'amount', 'currency']],
    ['an unknown field', { orderId: 'o-1', accountId: 'acct_x', amount: 1, currency: 'USD', tip: 5 }, ['tip']],
    ['a float amount', { orderId: 'o-1', accountId: 'acct_x', amount: 10.25, currency: 'USD' }, ['amount']],
  ])('answers 400 validation_error for %s, before any DynamoDB call', async (_label, body, paths) => {
    const api = suite().instance();
    const refused = await api.pay(callerArn('alice'), body);
    expect(refused.status).toBe(400);
    expect((refused.body.errors as { path: string }[]).map((error) => error.path).sort()).toEqual(paths);
    expect(api.counter.calls).toEqual([]);
  });
});

describe('GET /payments/{orderId}', () => {
  it("shows the caller's payment with its refunded total, and 404 to anyone else", async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    const orderId = order();
    const paid = await api.pay(alice, { orderId, accountId, amount: 250, currency: 'USD' });
    const shown = await suite().instance().getPayment(alice, orderId);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      paymentId: paid.body.paymentId,
      orderId,
      accountId,
      amount: 250,
      currency: 'USD',
      status: 'succeeded',
      refundedAmount: 0,
      createdAt: paid.body.createdAt,
    });
    const foreign = await api.getPayment(callerArn('mallory'), orderId);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('payment_not_found');
    expect((await api.getPayment(alice, order())).status).toBe(404);
  });

  it('answers 400 validation_error for an orderId outside the alphabet', async () => {
    const refused = await suite().instance().getPayment(callerArn('alice'), 'bad order');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'orderId' })]);
  });
});
