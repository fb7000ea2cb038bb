import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useLocalApi } from '../support/local-api.js';
import { callApi, type ApiRequest } from '../support/local-api-client.js';
import { expectFundedAccountOverHttp } from '../support/funded-account.js';

// The payment API end to end: HTTP -> the local runner -> worker-thread Lambda instances -> the
// real handlers -> DynamoDB. Concurrency is real: many requests in flight across 4 instances.

const api = useLocalApi('e2e', { instances: 4 });

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

async function send(
  method: ApiRequest['method'],
  path: string,
  options: { caller: string; key?: string; body?: unknown; rawBody?: string } = { caller: 'nobody' },
): Promise<Reply> {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await callApi(api().url, {
    method,
    path,
    caller: options.caller,
    ...(options.key === undefined ? {} : { key: options.key }),
    ...(body === undefined ? {} : { body }),
  });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(response.text) as Record<string, unknown>;
  } catch {
    // not JSON: the tests that care look at `text`
  }
  return { ...response, json };
}

/** A fresh caller with an account holding `balance` cents; expects both requests to answer 201 Created. */
async function expectFundedAccountCreated(balance: number): Promise<{ caller: string; accountId: string }> {
  const caller = `e2e-${randomUUID()}`;
  return { caller, accountId: await expectFundedAccountOverHttp(api().url, caller, 'USD', balance) };
}

/** The account's balance; expects 200 OK. */
async function expectBalanceReadOk(caller: string, accountId: string): Promise<number> {
  const account = await send('GET', `/accounts/${accountId}`, { caller });
  expect(account.status).toBe(200);
  return account.json.balance as number;
}

interface Entry {
  type: string;
  amount: number;
  balanceAfter: number;
  orderId?: string;
}

/** Every ledger entry, page by page; expects 200 OK for each page. */
async function expectLedgerReadOk(caller: string, accountId: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  let cursor: string | undefined;
  do {
    const query = cursor === undefined ? 'limit=7' : `limit=7&cursor=${encodeURIComponent(cursor)}`;
    const page = await send('GET', `/accounts/${accountId}/ledger?${query}`, { caller });
    expect(page.status).toBe(200);
    entries.push(...(page.json.entries as Entry[]));
    cursor = page.json.nextCursor as string | undefined;
  } while (cursor !== undefined);
  return entries;
}

/** Balance equals the sum of the ledger, and each entry's balanceAfter chains from the previous. */
async function expectConsistent(caller: string, accountId: string): Promise<{ balance: number; entries: Entry[] }> {
  const balance = await expectBalanceReadOk(caller, accountId);
  const entries = await expectLedgerReadOk(caller, accountId);
  expect(entries.reduce((sum, e) => sum + e.amount, 0)).toBe(balance);
  const oldestFirst = [...entries].reverse();
  let running = 0;
  for (const entry of oldestFirst) {
    running += entry.amount;
    expect(entry.balanceAfter).toBe(running);
    expect(entry.balanceAfter).toBeGreaterThanOrEqual(0);
  }
  return { balance, entries };
}

describe('idempotent payments under real concurrency', () => {
  it('charges once for 50 concurrent identical requests with one key, across instances', async () => {
    const { caller, accountId } = await expectFundedAccountCreated(10_000);
    const key = randomUUID();
    const body = { orderId: `order-${randomUUID()}`, accountId, amount: 1_234, currency: 'USD' };
    const replies = await Promise.all(Array.from({ length: 50 }, () => send('POST', '/payments', { caller, key, body })));

    const executed = replies.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') !== 'true');
    expect(executed).toHaveLength(1);
    const original = executed[0]?.text;
    for (const reply of replies) {
      if (reply.status === 201) {
        expect(reply.text).toBe(original);
      } else {
        expect(reply.status).toBe(409);
        expect(reply.json.code).toBe('idempotency_request_in_progress');
        // The holder's remaining lease in whole seconds, rounded up, never 0 and capped to 2.
        expect(reply.headers.get('retry-after')).toMatch(/^[12]$/);
      }
    }
    expect(new Set(replies.map((r) => r.headers.get('x-local-instance'))).size).toBeGreaterThan(1);

    const { balance, entries } = await expectConsistent(caller, accountId);
    expect(balance).toBe(10_000 - 1_234);
    expect(entries.filter((e) => e.type === 'payment')).toEqual([expect.objectContaining({ amount: -1_234, orderId: body.orderId })]);

    const replay = await send('POST', '/payments', { caller, key, body });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(original);
  });

  it('pays an order once when many keys race for it', async () => {
    const { caller, accountId } = await expectFundedAccountCreated(10_000);
    const body = { orderId: `order-${randomUUID()}`, accountId, amount: 700, currency: 'USD' };
    const replies = await Promise.all(Array.from({ length: 12 }, () => send('POST', '/payments', { caller, key: randomUUID(), body })));
    const paid = replies.filter((r) => r.status === 201);
    expect(paid).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 201)) {
      expect(reply.status).toBe(409);
      expect(reply.json).toMatchObject({ code: 'order_already_paid', paymentId: paid[0]?.json.paymentId });
    }
    const { balance } = await expectConsistent(caller, accountId);
    expect(balance).toBe(10_000 - 700);
  });

  it('never overdraws when concurrent payments compete for the balance', async () => {
    const { caller, accountId } = await expectFundedAccountCreated(1_000);
    const replies = await Promise.all(
      Array.from({ length: 16 }, () =>
        send('POST', '/payments', { caller, key: randomUUID(), body: { orderId: `order-${randomUUID()}`, accountId, amount: 100, currency: 'USD' } }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 402)).toHaveLength(6);
    for (const reply of replies.filter((r) => r.status === 402)) expect(reply.json.code).toBe('insufficient_funds');
    const { balance, entries } = await expectConsistent(caller, accountId);
    expect(balance).toBe(0);
    expect(entries.filter((e) => e.type === 'payment')).toHaveLength(10);
  });

  it('replays a stored 402 without charging when the money arrives later', async () => {
    const { caller, accountId } = await expectFundedAccountCreated(100);
    const key = randomUUID();
    const body = { orderId: `order-${randomUUID()}`, accountId, amount: 500, currency: 'USD' };
    const refused = await send('POST', '/payments', { caller, key, body });
    expect(refused.status).toBe(402);
    await send('POST', `/accounts/${accountId}/deposits`, { caller, key: randomUUID(), body: { amount: 1_000, currency: 'USD', reference: 'late-wire' } });
    const replay = await send('POST', '/payments', { caller, key, body });
    expect(replay.status).toBe(402);
    expect(replay.text).toBe(refused.text);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const { balance } = await expectConsistent(caller, accountId);
    expect(balance).toBe(1_100);
  });
});

describe('the contract at the edges', () => {
  it('answers an unknown route with 404 route_not_found as problem+json', async () => {
    const reply = await send('GET', '/refunds', { caller: 'a' });
    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.json).toMatchObject({ type: '/docs/problems#route_not_found', status: 404, code: 'route_not_found' });
  });

  it('answers a known path with another method with 405 method_not_allowed', async () => {
    const reply = await send('DELETE', '/payments', { caller: 'a' });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
    expect(reply.json).toMatchObject({ status: 405, code: 'method_not_allowed' });
    const get = await send('GET', '/accounts', { caller: 'a' });
    expect(get.status).toBe(405);
  });

  it('answers a body over API Gateway’s 10 MB with 413 before any function runs', async () => {
    const { caller, accountId } = await expectFundedAccountCreated(1_000);
    const big = JSON.stringify({ orderId: 'o', accountId, amount: 1, currency: 'USD', pad: 'x'.repeat(10 * 1024 * 1024) });
    const reply = await send('POST', '/payments', { caller, key: randomUUID(), rawBody: big });
    expect(reply.status).toBe(413);
    expect(reply.headers.get('x-local-instance')).toBeNull();
    expect(reply.json).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(await expectBalanceReadOk(caller, accountId)).toBe(1_000);
  });

  it('keeps callers apart: accounts, payments and idempotency keys', async () => {
    const alice = await expectFundedAccountCreated(5_000);
    const bob = await expectFundedAccountCreated(5_000);
    expect((await send('GET', `/accounts/${alice.accountId}`, { caller: bob.caller })).json.code).toBe('account_not_found');
    const steal = await send('POST', '/payments', {
      caller: bob.caller,
      key: randomUUID(),
      body: { orderId: `order-${randomUUID()}`, accountId: alice.accountId, amount: 100, currency: 'USD' },
    });
    expect(steal.status).toBe(404);
    expect(steal.json.code).toBe('account_not_found');

    // The same key and order id, each on their own account: two executions, no replay across callers.
    const key = randomUUID();
    const orderId = `order-${randomUUID()}`;
    const a = await send('POST', '/payments', { caller: alice.caller, key, body: { orderId, accountId: alice.accountId, amount: 300, currency: 'USD' } });
    const b = await send('POST', '/payments', { caller: bob.caller, key, body: { orderId, accountId: bob.accountId, amount: 300, currency: 'USD' } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.json.paymentId).not.toBe(a.json.paymentId);
    expect((await send('GET', `/payments/${orderId}`, { caller: bob.caller })).json.paymentId).toBe(b.json.paymentId);
    expect((await expectConsistent(alice.caller, alice.accountId)).balance).toBe(4_700);
    expect((await expectConsistent(bob.caller, bob.accountId)).balance).toBe(4_700);
  });

  it('refunds through the API and keeps the ledger consistent', async () => {
    const { caller, accountId } = await expectFundedAccountCreated(2_000);
    const orderId = `order-${randomUUID()}`;
    expect((await send('POST', '/payments', { caller, key: randomUUID(), body: { orderId, accountId, amount: 1_500, currency: 'USD' } })).status).toBe(201);
    const partial = await send('POST', `/payments/${orderId}/refunds`, { caller, key: randomUUID(), body: { amount: 500, reference: 'r-partial' } });
    expect(partial.status).toBe(201);
    const rest = await send('POST', `/payments/${orderId}/refunds`, { caller, key: randomUUID(), body: { reference: 'r-rest' } });
    expect(rest.status).toBe(201);
    expect(rest.json.amount).toBe(1_000);
    const over = await send('POST', `/payments/${orderId}/refunds`, { caller, key: randomUUID(), body: { amount: 1, reference: 'r-over' } });
    expect(over.status).toBe(422);
    expect(over.json.code).toBe('refund_exceeds_payment');
    const { balance } = await expectConsistent(caller, accountId);
    expect(balance).toBe(2_000);
  });
});
