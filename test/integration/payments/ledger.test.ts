import { describe, expect, it } from 'vitest';
import { usePaymentsHarness } from './support/payment-tables.js';
import { callerArn } from './support/payments-harness.js';

const suite = usePaymentsHarness();

interface Entry {
  entryId: string;
  type: string;
  amount: number;
  balanceAfter: number;
  orderId?: string;
  createdAt: string;
}

describe('GET /accounts/{accountId}/ledger', () => {
  it('lists entries newest first with signed amounts, paging with an opaque cursor', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    expect((await api.pay(alice, { orderId: 'order-a', accountId, amount: 300, currency: 'USD' })).status).toBe(201);
    expect((await api.refund(alice, 'order-a', { amount: 100 })).status).toBe(201);
    expect((await api.deposit(alice, accountId, { amount: 50, currency: 'USD' })).status).toBe(201);
    expect((await api.pay(alice, { orderId: 'order-b', accountId, amount: 25, currency: 'USD' })).status).toBe(201);

    const all = await api.ledger(alice, accountId);
    expect(all.status).toBe(200);
    const entries = all.body.entries as Entry[];
    expect(entries.map((entry) => [entry.type, entry.amount, entry.balanceAfter, entry.orderId])).toEqual([
      ['payment', -25, 825, 'order-b'],
      ['deposit', 50, 850, undefined],
      ['refund', 100, 800, 'order-a'],
      ['payment', -300, 700, 'order-a'],
      ['deposit', 1_000, 1_000, undefined],
    ]);
    expect(all.body.nextCursor).toBeUndefined();

    const pages: Entry[][] = [];
    let cursor: string | undefined;
    do {
      const page = await suite().instance().ledger(alice, accountId, { limit: '2', ...(cursor === undefined ? {} : { cursor }) });
      expect(page.status).toBe(200);
      pages.push(page.body.entries as Entry[]);
      cursor = page.body.nextCursor as string | undefined;
    } while (cursor !== undefined);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(entries);
  });

  it('omits nextCursor when the last page is exactly full', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD', 10);
    await api.deposit(alice, accountId, { amount: 10, currency: 'USD' });
    const page = await api.ledger(alice, accountId, { limit: '2' });
    expect((page.body.entries as Entry[]).length).toBe(2);
    expect(page.body.nextCursor).toBeUndefined();
    const empty = await api.ledger(alice, await api.openAccount(alice, 'USD'));
    expect(empty.body).toEqual({ entries: [] });
  });

  it('answers 400 validation_error for a bad limit, and for a forged, malformed or foreign cursor', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const bob = callerArn('bob');
    const accountId = await api.openAccount(alice, 'USD', 10);
    await api.deposit(alice, accountId, { amount: 10, currency: 'USD' });
    await api.deposit(alice, accountId, { amount: 10, currency: 'USD' });
    const first = await api.ledger(alice, accountId, { limit: '1' });
    const cursor = first.body.nextCursor as string;
    expect(typeof cursor).toBe('string');
    const bobAccount = await api.openAccount(bob, 'USD', 10);
    const [payload = '', mac = ''] = cursor.split('.');
    const forged = `${Buffer.from('{"before":99}').toString('base64url')}.${mac}`;
    for (const [query, path] of [
      [{ limit: '0' }, 'limit'],
      [{ limit: '101' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ limit: '2.5' }, 'limit'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ cursor: forged }, 'cursor'],
      [{ cursor: `${payload}.${'A'.repeat(43)}` }, 'cursor'],
      [{ cursor: '' }, 'cursor'],
    ] as const) {
      const refused = await api.ledger(alice, accountId, query);
      expect(refused.status, JSON.stringify(query)).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ path })]);
    }
    // Alice's cursor on Bob's listing of his own account, and on another account of hers.
    expect((await api.ledger(bob, bobAccount, { cursor })).status).toBe(400);
    expect((await api.ledger(alice, await api.openAccount(alice, 'USD', 10), { cursor })).status).toBe(400);
    expect((await api.ledger(alice, accountId, { cursor })).status).toBe(200);
  });

  it("answers 404 account_not_found for another caller's account", async () => {
    const api = suite().instance();
    const accountId = await api.openAccount(callerArn('alice'), 'USD', 10);
    const refused = await api.ledger(callerArn('mallory'), accountId);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('account_not_found');
    expect((await api.ledger(callerArn('mallory'), 'nope')).status).toBe(404);
  });
});
