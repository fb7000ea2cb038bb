import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCacheServer, type CacheServer } from '../../local/cache/cache-server.js';
import { startLocalApi, type LocalApi } from '../../local/http/start-local-api.js';
import { cacheServerInstalled, cacheSuiteName } from '../support/cache-server.js';
import { testDynamoDBClient } from '../support/dynamodb.js';
import { expectFundedAccountOverHttp } from '../support/funded-account.js';
import { localIdentity } from '../support/iam-caller.js';
import { callApi, jsonOf, type ApiResponse } from '../support/local-api-client.js';
import { readMoneyState } from './support/money-state.js';
import { moneyViolations } from './support/money-violations.js';

// 30 orders; each sent 6 times with its own key and 3 times with a fresh key, all in flight at
// once across 4 simulated instances, while the cache server is killed part-way through.
const orders = 30;
const sameKeyCopies = 6;
const freshKeyCopies = 3;

describe.skipIf(!cacheServerInstalled)(cacheSuiteName('a storm of payments while the shared cache dies and comes back'), () => {
  let api: LocalApi;
  let cache: CacheServer;
  const client = testDynamoDBClient();
  const logs: string[] = [];

  beforeAll(async () => {
    cache = await startCacheServer();
    api = await startLocalApi({
      port: 0,
      instances: 4,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tableNamePrefix: `cache-storm-${randomUUID().slice(0, 8)}-`,
      cache: cache.url,
      cacheTimeoutMs: 50,
      onLog: (instance, line) => logs.push(`[${instance}] ${line}`),
      deleteTablesOnStop: true,
    });
  }, 60_000);

  afterAll(async () => {
    await api.stop();
    await cache.stop();
    client.destroy();
  });

  it('charges each order exactly once, answers no 5xx, and keeps balance = ledger', async () => {
    const caller = `cache-storm-${randomUUID().slice(0, 8)}`;
    const deposit = 10_000_000;
    const accountId = await expectFundedAccountOverHttp(api.url, caller, 'EUR', deposit);
    const requests = Array.from({ length: orders }, (_, order) => ({
      key: `cache-storm-key-${order}-${randomUUID()}`,
      body: { orderId: `cache-storm-order-${order}`, accountId, amount: 1_000 + order, currency: 'EUR' },
    }));
    const pay = (request: (typeof requests)[number], key: string): Promise<ApiResponse> =>
      callApi(api.url, { method: 'POST', path: '/payments', caller, key, body: request.body });

    // A first wave fills the cache with records and markers for a third of the orders.
    const warm = requests.slice(0, orders / 3);
    expect((await Promise.all(warm.map((request) => pay(request, request.key)))).map((response) => response.status)).toEqual(warm.map(() => 201));

    // The storm: every order, interleaved; the server is killed while it is in flight.
    const sends = [
      ...Array.from({ length: sameKeyCopies }, () => requests.map((request) => ({ request, key: request.key }))).flat(),
      ...Array.from({ length: freshKeyCopies }, () => requests.map((request) => ({ request, key: randomUUID() }))).flat(),
    ].sort(() => Math.random() - 0.5);
    let answered = 0;
    let killed: Promise<void> | undefined;
    const storm = Promise.all(
      sends.map(async ({ request, key }) => {
        const response = await pay(request, key);
        answered += 1;
        if (answered === Math.floor(sends.length / 4)) killed = cache.kill();
        return response;
      }),
    );
    const responses = await storm;
    await killed;
    expect(killed, 'the cache was killed mid-storm').toBeDefined();

    // The kill was felt: requests met a dropped or refused connection and carried on without the cache.
    expect(logs.some((line) => /"sharedCache(Write)?":"unavailable"/.test(line))).toBe(true);
    const serverErrors = responses.filter((response) => response.status >= 500);
    expect(serverErrors.map((response) => response.text), logs.slice(-20).join('\n')).toEqual([]);

    // Per order: one paymentId, whether a client learnt it from a 201 or from a 409 order_already_paid.
    // Per key: one settled answer (all but the 409s in progress), the one its replays must repeat.
    const paymentIds = new Map<string, Set<string>>();
    const settled = new Map<string, Set<string>>();
    responses.forEach((response, index) => {
      const send = sends[index];
      if (send === undefined) return;
      const body = jsonOf(response);
      if (body.code !== 'idempotency_request_in_progress') settled.set(send.key, (settled.get(send.key) ?? new Set()).add(response.text));
      const known = paymentIds.get(send.request.body.orderId) ?? new Set<string>();
      if (response.status === 201) known.add(String(body.paymentId));
      else {
        expect(response.status).toBe(409);
        expect(['idempotency_request_in_progress', 'order_already_paid']).toContain(body.code);
        if (body.code === 'order_already_paid') known.add(String(body.paymentId));
      }
      paymentIds.set(send.request.body.orderId, known);
    });
    for (const [orderId, ids] of paymentIds) expect(ids.size, `payment ids of ${orderId}`).toBeLessThanOrEqual(1);
    for (const [key, answers] of settled) expect(answers.size, `settled answers of ${key}`).toBe(1);

    // The state, read straight from the tables.
    const state = await readMoneyState(client, api.tableNames);
    const ownPayments = state.payments.filter((payment) => payment.ownerId === localIdentity(caller));
    expect(ownPayments).toHaveLength(orders);
    for (const payment of ownPayments) {
      const seen = paymentIds.get(String(payment.orderId));
      if (seen !== undefined && seen.size === 1) expect(seen.has(String(payment.paymentId)), String(payment.orderId)).toBe(true);
    }
    const charged = requests.reduce((sum, request) => sum + request.body.amount, 0);
    expect(state.accounts.find((item) => item.accountId === accountId)?.balance).toBe(deposit - charged);
    expect(state.ledger.filter((entry) => entry.accountId === accountId)).toHaveLength(orders + 1);
    expect(moneyViolations(state)).toEqual([]);

    // The server comes back empty: every key replays its settled answer and every fresh key is
    // refused 409, from DynamoDB and then from the cache it fills again.
    await cache.restart();
    for (let round = 0; round < 2; round += 1) {
      const replays = await Promise.all(requests.map((request) => pay(request, request.key)));
      expect(replays.map((replay) => [replay.text, replay.headers.get('idempotent-replayed')])).toEqual(
        requests.map((request) => [[...(settled.get(request.key) ?? [])][0], 'true']),
      );
      const fresh = await Promise.all(requests.map((request) => pay(request, randomUUID())));
      expect(fresh.map((response) => [response.status, jsonOf(response).code])).toEqual(requests.map(() => [409, 'order_already_paid']));
    }
    const after = await readMoneyState(client, api.tableNames);
    expect(after.accounts.find((item) => item.accountId === accountId)?.balance).toBe(deposit - charged);
    expect(moneyViolations(after)).toEqual([]);
  }, 180_000);
});
