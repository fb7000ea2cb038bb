import { randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { Redis } from 'iovalkey';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordIdOf } from '../../../lambda/idempotency/record-id.js';
import { encodeSharedRecordEntry, sharedRecordKey } from '../../../lambda/idempotency/shared-record-entry.js';
import { SharedCache } from '../../../lambda/shared/shared-cache.js';
import { sharedRecordCache, type SharedRecordCache } from '../../../lambda/idempotency/shared-record-cache.js';
import { ValkeyCacheClient } from '../../../lambda/shared/valkey-cache-client.js';
import { startCacheServer, type CacheServer } from '../../../local/cache/cache-server.js';
import { cacheServerInstalled, cacheSuiteName, refusingUrl, startSilentServer } from '../../support/cache-server.js';
import { localIdentity } from '../../support/iam-caller.js';
import {
  countingClient,
  createTables,
  deleteTables,
  gate,
  idempotentInstance,
  LogCollector,
  ManualClock,
  readItem,
  type TestHandler,
  type TestInstance,
  freshKey,
  problemCode,
} from './support/idempotency-harness.js';

const alice = localIdentity('alice');
const bob = localIdentity('bob');
const retentionSeconds = 3_600;

describe.skipIf(!cacheServerInstalled)(cacheSuiteName('idempotency middleware with a shared cache'), () => {
  const admin = countingClient();
  const clients: ValkeyCacheClient[] = [];
  let server: CacheServer;
  let direct: Redis;
  let tables: { readonly idempotency: string; readonly effects: string };
  let clock: ManualClock;
  let logs: LogCollector;
  let executions: number;

  beforeAll(async () => {
    server = await startCacheServer();
    direct = new Redis(server.url, { lazyConnect: true });
    await direct.connect();
    tables = await createTables(admin.client);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    direct.disconnect();
    await server.stop();
    await deleteTables(admin.client, tables);
  });

  beforeEach(() => {
    clock = new ManualClock(Date.now());
    logs = new LogCollector();
    executions = 0;
  });

  /** A handler whose work is one PutItem of an effect item; it answers 201 with that item's id. */
  const charge: TestHandler = async (event, _context, client) => {
    executions += 1;
    const effectId = randomUUID();
    await client.send(new PutItemCommand({ TableName: tables.effects, Item: { id: { S: effectId }, body: { S: event.body ?? '' } } }));
    return { statusCode: 201, headers: { 'content-type': 'application/json' }, body: `{"effectId":"${effectId}"}` };
  };

  /** A cache client of its own, like a separate Lambda instance's connection. */
  function sharedCache(url: string = server.url, timeoutMs = 2_000): SharedRecordCache {
    const client = new ValkeyCacheClient(url);
    clients.push(client);
    return sharedRecordCache(new SharedCache(client, timeoutMs));
  }

  /** A simulated instance: its own DynamoDB client (counting calls) and its own cache connection. */
  function instance(cache: SharedRecordCache | null = sharedCache(), handler: TestHandler = charge): TestInstance {
    return idempotentInstance(tables.idempotency, handler, {
      clock: clock.read,
      logger: logs.logger,
      retentionSeconds,
      ...(cache === null ? {} : { sharedCache: cache }),
    });
  }

  function cacheKeyOf(caller: string, idempotencyKey: string): string {
    return sharedRecordKey(tables.idempotency, recordIdOf(caller, idempotencyKey));
  }

  async function recordStatus(caller: string, idempotencyKey: string): Promise<string | undefined> {
    return (await readItem(admin.client, tables.idempotency, recordIdOf(caller, idempotencyKey)))?.status?.S;
  }

  describe('answers', () => {
    it('replays a completed request on another instance from the shared cache, with no DynamoDB call', async () => {
      const idempotencyKey = freshKey();
      const first = await instance().invoke({ key: idempotencyKey });
      expect(first.statusCode).toBe(201);

      const other = instance();
      const replay = await other.invoke({ key: idempotencyKey });
      expect(other.counting.calls).toEqual([]);
      expect(replay.statusCode).toBe(201);
      expect(replay.body).toBe(first.body);
      expect(replay.headers).toEqual({ ...first.headers, 'idempotent-replayed': 'true' });
      expect(executions).toBe(1);
      expect(await recordStatus(alice, idempotencyKey)).toBe('COMPLETED');
      expect(logs.entries.map(({ outcome, sharedCache: lookup, sharedCacheWrite, fromSharedCache }) => ({ outcome, lookup, sharedCacheWrite, fromSharedCache }))).toEqual([
        { outcome: 'claimed', lookup: 'miss', sharedCacheWrite: undefined, fromSharedCache: undefined },
        { outcome: 'completed', lookup: undefined, sharedCacheWrite: 'written', fromSharedCache: undefined },
        { outcome: 'replayed', lookup: 'hit', sharedCacheWrite: undefined, fromSharedCache: true },
      ]);
    });

    it('answers 422 idempotency_key_reused from the shared cache for the key with another body, with no DynamoDB call', async () => {
      const idempotencyKey = freshKey();
      await instance().invoke({ key: idempotencyKey });
      const other = instance();
      const response = await other.invoke({ key: idempotencyKey, body: '{"orderId":"o-1","amount":101}' });
      expect(response.statusCode).toBe(422);
      expect(problemCode(response)).toBe('idempotency_key_reused');
      expect(other.counting.calls).toEqual([]);
      expect(executions).toBe(1);
    });

    it('keeps the entry as long as the record is replayed: its TTL is the remaining retention', async () => {
      const idempotencyKey = freshKey();
      await instance().invoke({ key: idempotencyKey });
      const ttl = await direct.pttl(cacheKeyOf(alice, idempotencyKey));
      expect(ttl).toBeGreaterThan((retentionSeconds - 60) * 1000);
      expect(ttl).toBeLessThanOrEqual(retentionSeconds * 1000);
    });

    it('fills the shared cache from a replay DynamoDB answered, so the next instance needs no call', async () => {
      const idempotencyKey = freshKey();
      await instance(null).invoke({ key: idempotencyKey });
      expect(await direct.exists(cacheKeyOf(alice, idempotencyKey))).toBe(0);
      const second = instance();
      expect((await second.invoke({ key: idempotencyKey })).headers?.['idempotent-replayed']).toBe('true');
      expect(second.counting.calls).toEqual(['PutItemCommand']);
      const third = instance();
      expect((await third.invoke({ key: idempotencyKey })).headers?.['idempotent-replayed']).toBe('true');
      expect(third.counting.calls).toEqual([]);
      expect(executions).toBe(1);
    });
  });

  describe('never ahead of DynamoDB', () => {
    it('writes nothing while the operation runs, and the entry once the completion committed', async () => {
      const held = gate();
      const entered = gate();
      const slow: TestHandler = async (event, context, client) => {
        entered.open();
        await held.promise;
        return charge(event, context, client);
      };
      const idempotencyKey = freshKey();
      const first = instance(sharedCache(), slow).invoke({ key: idempotencyKey });
      await entered.promise;
      expect(await recordStatus(alice, idempotencyKey)).toBe('IN_PROGRESS');
      expect(await direct.exists(cacheKeyOf(alice, idempotencyKey))).toBe(0);
      const duplicate = await instance().invoke({ key: idempotencyKey });
      expect(duplicate.statusCode).toBe(409);
      held.open();
      expect((await first).statusCode).toBe(201);
      expect(await recordStatus(alice, idempotencyKey)).toBe('COMPLETED');
      expect(await direct.exists(cacheKeyOf(alice, idempotencyKey))).toBe(1);
    });

    it.each<[string, TestHandler]>([
      ['throws', () => Promise.reject(new Error('boom'))],
      ['answers 503', () => Promise.resolve({ statusCode: 503, body: '{}' })],
    ])('writes nothing for an operation that %s (the key is released)', async (_label, failing) => {
      const idempotencyKey = freshKey();
      await instance(sharedCache(), failing)
        .invoke({ key: idempotencyKey })
        .catch(() => undefined);
      expect(await recordStatus(alice, idempotencyKey)).toBeUndefined();
      expect(await direct.exists(cacheKeyOf(alice, idempotencyKey))).toBe(0);
    });
  });

  describe('caller isolation', () => {
    it('keeps two callers apart on one key: each runs once and replays its own answer', async () => {
      const idempotencyKey = freshKey();
      const forAlice = await instance().invoke({ key: idempotencyKey, caller: alice });
      const forBob = await instance().invoke({ key: idempotencyKey, caller: bob });
      expect(executions).toBe(2);
      expect(forBob.body).not.toBe(forAlice.body);
      expect((await instance().invoke({ key: idempotencyKey, caller: alice })).body).toBe(forAlice.body);
      expect((await instance().invoke({ key: idempotencyKey, caller: bob })).body).toBe(forBob.body);
      expect(executions).toBe(2);
    });

    it("ignores another caller's entry found under a caller's key, and answers from DynamoDB", async () => {
      const idempotencyKey = freshKey();
      const forAlice = await instance().invoke({ key: idempotencyKey, caller: alice });
      await instance().invoke({ key: idempotencyKey, caller: bob });
      const bobsEntry = await direct.get(cacheKeyOf(bob, idempotencyKey));
      expect(bobsEntry).not.toBeNull();
      await direct.set(cacheKeyOf(alice, idempotencyKey), bobsEntry ?? '');

      const api = instance();
      const replay = await api.invoke({ key: idempotencyKey, caller: alice });
      expect(replay.body).toBe(forAlice.body);
      expect(api.counting.calls).toEqual(['PutItemCommand']);
      expect(logs.entries.at(-1)).toMatchObject({ outcome: 'replayed', sharedCache: 'foreign', fromCache: false });
    });
  });

  describe('faults behave as without a cache, counted and logged', () => {
    /** Runs a first request and its replay through instances built by `make`, and reports what a test compares. */
    async function story(make: () => TestInstance) {
      const idempotencyKey = freshKey();
      const firstApi = make();
      const first = await firstApi.invoke({ key: idempotencyKey });
      const replayApi = make();
      const replay = await replayApi.invoke({ key: idempotencyKey });
      const reusedApi = make();
      const reused = await reusedApi.invoke({ key: idempotencyKey, body: '{"orderId":"o-2","amount":1}' });
      return {
        statuses: [first.statusCode, replay.statusCode, reused.statusCode],
        replayedSame: replay.body === first.body && replay.headers?.['idempotent-replayed'] === 'true',
        calls: [firstApi.counting.calls, replayApi.counting.calls, reusedApi.counting.calls],
        record: await recordStatus(alice, idempotencyKey),
      };
    }

    async function withoutCache() {
      executions = 0;
      const result = await story(() => instance(null));
      return { ...result, executions };
    }

    it.each<[string, () => Promise<{ readonly url: string; readonly close: () => Promise<void> }>, string]>([
      ['connection refused', async () => ({ url: await refusingUrl(), close: () => Promise.resolve() }), 'unavailable'],
      ['a server that never answers', () => startSilentServer(), 'timeout'],
    ])('%s: same answers, same DynamoDB calls, one execution', async (_label, start, fault) => {
      const target = await start();
      try {
        const expected = await withoutCache();
        executions = 0;
        logs = new LogCollector();
        const cache = sharedCache(target.url, 30);
        const actual = await story(() => instance(cache));
        expect({ ...actual, executions }).toEqual(expected);
        expect(logs.entries.map((entry) => entry.sharedCache ?? entry.sharedCacheWrite)).toEqual([fault, fault, fault, fault]);
        expect(logs.outcomes()).toEqual(['claimed', 'completed', 'replayed', 'reused']);
      } finally {
        await target.close();
      }
    });

    it.each<[string, (id: string, fingerprint: string) => string]>([
      ['not JSON', () => '{"v":1,'],
      ['JSON of another shape', () => '[1,2,3]'],
      ['a fingerprint of the wrong shape', (id) => encodeSharedRecordEntry({ id, fingerprint: 'not-a-sha-256', expiresAt: 4_000_000_000, response: { statusCode: 200 } })],
      ['a response of the wrong shape', (id, fingerprint) => JSON.stringify({ v: 1, status: 'COMPLETED', id, fingerprint, expiresAt: 4_000_000_000, response: { statusCode: '200' } })],
      ['another version', (id, fingerprint) => JSON.stringify({ v: 2, status: 'COMPLETED', id, fingerprint, expiresAt: 4_000_000_000, response: { statusCode: 200 } })],
    ])('an entry that is %s is ignored: DynamoDB answers, nothing runs twice', async (_label, corrupt) => {
      const idempotencyKey = freshKey();
      const first = await instance().invoke({ key: idempotencyKey });
      const cacheKey = cacheKeyOf(alice, idempotencyKey);
      const written = JSON.parse((await direct.get(cacheKey)) ?? '{}') as { fingerprint: string };
      await direct.set(cacheKey, corrupt(recordIdOf(alice, idempotencyKey), written.fingerprint));

      const api = instance();
      const replay = await api.invoke({ key: idempotencyKey });
      expect(replay.body).toBe(first.body);
      expect(replay.headers?.['idempotent-replayed']).toBe('true');
      expect(api.counting.calls).toEqual(['PutItemCommand']);
      expect(executions).toBe(1);
      expect(logs.entries.at(-1)).toMatchObject({ outcome: 'replayed', sharedCache: 'corrupt', sharedCacheWrite: 'present' });
    });

    it('a server restart loses the entries: DynamoDB answers until the cache is filled again', async () => {
      const idempotencyKey = freshKey();
      const cache = sharedCache();
      const first = await instance(cache).invoke({ key: idempotencyKey });
      await server.restart();
      await direct.connect().catch(() => undefined);

      // The first request after the restart may meet the dropped connection: either way DynamoDB answers.
      const afterRestart = instance(cache);
      const replay = await afterRestart.invoke({ key: idempotencyKey });
      expect(replay.body).toBe(first.body);
      expect(afterRestart.counting.calls).toEqual(['PutItemCommand']);
      expect(['miss', 'unavailable']).toContain(logs.entries.at(-1)?.sharedCache);

      await expect.poll(async () => (await instance(cache).invoke({ key: idempotencyKey })).headers?.['idempotent-replayed'], { timeout: 10_000 }).toBe('true');
      await expect.poll(async () => instance(cache).invoke({ key: idempotencyKey }).then(() => logs.entries.at(-1)?.sharedCache), { timeout: 10_000 }).toBe('hit');
      expect(executions).toBe(1);
    });
  });
});
