import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'iovalkey';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IdempotencyLogEntry } from '../../../lambda/idempotency/idempotency-log.js';
import { SharedCache } from '../../../lambda/shared/shared-cache.js';
import { ValkeyCacheClient } from '../../../lambda/shared/valkey-cache-client.js';
import { startCacheServer, type CacheServer } from '../../../local/cache/cache-server.js';
import { cacheServerInstalled, cacheSuiteName, refusingUrl } from '../../support/cache-server.js';
import { captureOutput, emfBlobs } from '../../support/captured-output.js';
import { usePaymentsHarness } from './support/payment-tables.js';
import { callerArn, type PaymentsInstance } from './support/payments-harness.js';

const order = (): string => `order-${randomUUID()}`;

describe.skipIf(!cacheServerInstalled)(cacheSuiteName('payments with a shared cache'), () => {
  const suite = usePaymentsHarness();
  const clients: ValkeyCacheClient[] = [];
  let server: CacheServer;
  let direct: Redis;

  beforeAll(async () => {
    server = await startCacheServer();
    direct = new Redis(server.url, { lazyConnect: true });
    await direct.connect();
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    direct.disconnect();
    await server.stop();
  });

  /** A simulated instance with a cache connection of its own; `log` collects its idempotency entries. */
  function instance(url: string = server.url, log: IdempotencyLogEntry[] = []): PaymentsInstance {
    const client = new ValkeyCacheClient(url);
    clients.push(client);
    return suite().instance({
      sharedCache: new SharedCache(client, 2_000),
      idempotency: {
        logger: (entry) => {
          log.push(entry);
        },
      },
    });
  }

  function markerKey(caller: string, orderId: string): string {
    const id = createHash('sha256').update(JSON.stringify([caller, orderId])).digest('hex');
    return `paid-order:${suite().tables.payments}:${id}`;
  }

  /** Alice and Bob, an account each on one instance, and one order id both may use. */
  async function twoCallers() {
    const alice = callerArn('alice');
    const bob = callerArn('bob');
    const api = instance();
    return { alice, bob, api, alices: await api.openAccount(alice, 'USD', 1_000), bobs: await api.openAccount(bob, 'USD', 1_000), orderId: order() };
  }

  it('replays a payment on an instance that never saw it, with no DynamoDB call, charging once', async () => {
    const alice = callerArn('alice');
    const accountId = await instance().openAccount(alice, 'USD', 1_000);
    const body = { orderId: order(), accountId, amount: 300, currency: 'USD' };
    const key = randomUUID();
    const payer = instance();
    const first = await payer.pay(alice, body, key);
    expect(first.status).toBe(201);
    // The cache adds no DynamoDB call to a first charge: read-ahead, claim, transaction, as without it.
    expect(payer.counter.calls).toEqual(['PutItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);

    const cold = instance();
    const replay = await cold.pay(alice, body, key);
    expect(cold.counter.calls).toEqual([]);
    expect(replay.raw).toBe(first.raw);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 700, version: 2 });
  });

  it('answers a fresh key for a paid order 409 order_already_paid with the original paymentId from the marker, with no DynamoDB call', async () => {
    const alice = callerArn('alice');
    const accountId = await instance().openAccount(alice, 'USD', 1_000);
    const body = { orderId: order(), accountId, amount: 300, currency: 'USD' };
    const paid = await instance().pay(alice, body);

    // What DynamoDB answers for the same case, on an instance without a cache.
    const withoutCache = await suite().instance().pay(alice, body);
    expect(withoutCache.status).toBe(409);

    const log: IdempotencyLogEntry[] = [];
    // The functions' metrics are on for this instance (the suite turns them off), and captured.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const output = captureOutput();
    let refused: Awaited<ReturnType<PaymentsInstance['pay']>>;
    const cold = instance(server.url, log);
    try {
      refused = await cold.pay(alice, body);
    } finally {
      output.restore();
      vi.unstubAllEnvs();
    }
    // Counted as the same money outcome as DynamoDB's refusal (this instance's own idempotency
    // logger leaves the cache metrics out).
    expect(emfBlobs(output.json()).map((blob) => blob.metrics)).toEqual([{ OrderAlreadyPaid: 1 }]);
    expect(cold.counter.calls).toEqual([]);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'order_already_paid', paymentId: paid.body.paymentId });
    expect(refused.raw).toBe(withoutCache.raw);
    expect(refused.headers).toEqual(withoutCache.headers);
    expect(log).toMatchObject([{ outcome: 'answered_before_claim', statusCode: 409, sharedCache: 'miss', routeCache: { name: 'order_marker', outcome: 'hit' } }]);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 700, version: 2 });
  });

  it('leaves a request on other terms to DynamoDB: another account of the caller is refused there, as without a cache', async () => {
    const alice = callerArn('alice');
    const api = instance();
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    const otherAccount = await api.openAccount(alice, 'USD', 1_000);
    const orderId = order();
    const paid = await api.pay(alice, { orderId, accountId, amount: 300, currency: 'USD' });
    const cold = instance();
    const refused = await cold.pay(alice, { orderId, accountId: otherAccount, amount: 300, currency: 'USD' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'order_already_paid', paymentId: paid.body.paymentId });
    expect(cold.counter.calls).toContain('TransactWriteItemsCommand');
    expect(await suite().accountRow(otherAccount)).toMatchObject({ balance: 1_000, version: 1 });
  });

  it("never refuses another caller's order of the same id: markers are per caller", async () => {
    const { alice, bob, api, alices, bobs, orderId } = await twoCallers();
    expect((await api.pay(alice, { orderId, accountId: alices, amount: 100, currency: 'USD' })).status).toBe(201);
    const forBob = await instance().pay(bob, { orderId, accountId: bobs, amount: 100, currency: 'USD' });
    expect(forBob.status).toBe(201);
    expect(await suite().accountRow(bobs)).toMatchObject({ balance: 900, version: 2 });
  });

  it.each<[string, (marker: string) => string]>([
    ['not JSON', () => 'paid'],
    ['a marker of another shape', (marker) => JSON.stringify({ ...(JSON.parse(marker) as object), paymentId: 'pay_x' })],
  ])('ignores a marker that is %s: DynamoDB answers, as without a cache', async (_label, corrupt) => {
    const alice = callerArn('alice');
    const accountId = await instance().openAccount(alice, 'USD', 1_000);
    const body = { orderId: order(), accountId, amount: 300, currency: 'USD' };
    const paid = await instance().pay(alice, body);
    const key = markerKey(alice, body.orderId);
    await direct.set(key, corrupt((await direct.get(key)) ?? '{}'));

    const log: IdempotencyLogEntry[] = [];
    const cold = instance(server.url, log);
    const refused = await cold.pay(alice, body);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'order_already_paid', paymentId: paid.body.paymentId });
    expect(cold.counter.calls).toContain('TransactWriteItemsCommand');
    expect(log[0]).toMatchObject({ outcome: 'claimed', routeCache: { name: 'order_marker', outcome: 'corrupt' } });
  });

  it("ignores another caller's marker found under a caller's key", async () => {
    const { alice, bob, api, alices, bobs, orderId } = await twoCallers();
    expect((await api.pay(bob, { orderId, accountId: bobs, amount: 100, currency: 'USD' })).status).toBe(201);
    const bobsMarker = JSON.parse((await direct.get(markerKey(bob, orderId))) ?? '{}') as Record<string, unknown>;
    // Bob's marker, under Alice's key and naming Alice's account: still not Alice's.
    await direct.set(markerKey(alice, orderId), JSON.stringify({ ...bobsMarker, accountId: alices }));

    const log: IdempotencyLogEntry[] = [];
    const paid = await instance(server.url, log).pay(alice, { orderId, accountId: alices, amount: 100, currency: 'USD' });
    expect(paid.status).toBe(201);
    expect(log[0]).toMatchObject({ outcome: 'claimed', routeCache: { name: 'order_marker', outcome: 'foreign' } });
    expect(await suite().accountRow(alices)).toMatchObject({ balance: 900, version: 2 });
  });

  it('pays, replays and refuses as without a cache when the cache refuses connections', async () => {
    const alice = callerArn('alice');
    const url = await refusingUrl();
    const accountId = await instance(url).openAccount(alice, 'USD', 1_000);
    const body = { orderId: order(), accountId, amount: 300, currency: 'USD' };
    const key = randomUUID();
    const log: IdempotencyLogEntry[] = [];
    const api = instance(url, log);
    expect((await api.pay(alice, body, key)).status).toBe(201);
    expect((await api.pay(alice, body, key)).headers['idempotent-replayed']).toBe('true');
    expect((await api.pay(alice, body)).status).toBe(409);
    expect(log.map((entry) => entry.sharedCache ?? entry.sharedCacheWrite)).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable', 'unavailable']);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 700, version: 2 });
  });
});
