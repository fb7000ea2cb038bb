import { randomBytes, randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordIdOf } from '../../../lambda/idempotency/record-id.js';
import {
  countingClient,
  createTables,
  deleteTables,
  gate,
  idempotentInstance,
  lambdaContext,
  LogCollector,
  ManualClock,
  readItem,
  type TestHandler,
  type TestRequest,
  freshKey,
  problemCode,
} from './support/idempotency-harness.js';
import { localIdentity } from '../../support/iam-caller.js';

const alice = localIdentity('alice');
const bob = localIdentity('bob');
const admin = countingClient();
let tables: { readonly idempotency: string; readonly effects: string };
let clock: ManualClock;
let logs: LogCollector;
let executions: number;

beforeAll(async () => {
  tables = await createTables(admin.client);
});

afterAll(async () => {
  await deleteTables(admin.client, tables);
});

beforeEach(() => {
  clock = new ManualClock();
  logs = new LogCollector();
  executions = 0;
});

/** A handler whose work is one PutItem of an effect item; it answers 201 with that item's id. */
const charge: TestHandler = async (event, _context, client) => {
  executions += 1;
  const effectId = randomUUID();
  await client.send(new PutItemCommand({ TableName: tables.effects, Item: { id: { S: effectId }, body: { S: event.body ?? '' } } }));
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json', 'x-effect': effectId },
    cookies: ['session=abc'],
    body: `{"effectId":"${effectId}",  "note":"spacing kept"}`,
  };
};

function instance(handler: TestHandler = charge, options: Parameters<typeof idempotentInstance>[2] = {}) {
  return idempotentInstance(tables.idempotency, handler, { clock: clock.read, logger: logs.logger, ...options });
}

async function record(caller: string, idempotencyKey: string) {
  return readItem(admin.client, tables.idempotency, recordIdOf(caller, idempotencyKey));
}

describe('keys', () => {
  it('refuses a request without a key with 400 idempotency_key_missing, before any DynamoDB call', async () => {
    const api = instance();
    const response = await api.invoke({});
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(problemCode(response)).toBe('idempotency_key_missing');
    expect(executions).toBe(0);
    expect(api.counting.calls).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['with a space', 'a b'],
    ['an unterminated quoted string', '"unterminated'],
    ['256 characters long', 'k'.repeat(256)],
    ['not ASCII', 'clé'],
  ])('refuses a key that is %s with 400 idempotency_key_invalid, storing nothing', async (_label, bad) => {
    const api = instance();
    const response = await api.invoke({ key: bad });
    expect(response.statusCode).toBe(400);
    expect(problemCode(response)).toBe('idempotency_key_invalid');
    expect(executions).toBe(0);
    expect(api.counting.calls).toEqual([]);
  });

  it('lets an unkeyed request through unprotected when keys are optional', async () => {
    const api = instance(charge, { required: false });
    const response = await api.invoke({});
    expect(response.statusCode).toBe(201);
    expect(executions).toBe(1);
    expect(api.counting.calls).toEqual(['PutItemCommand']);
    expect(logs.outcomes()).toEqual(['unprotected']);
  });

  it('treats a structured-field key and the same bare key as one key', async () => {
    const idempotencyKey = freshKey();
    const first = await instance().invoke({ key: `"${idempotencyKey}"` });
    const second = await instance().invoke({ key: idempotencyKey });
    expect(second.body).toBe(first.body);
    expect(second.headers?.['idempotent-replayed']).toBe('true');
    expect(executions).toBe(1);
  });

  it('claims nothing for a request without a caller: the scope throws the 401 unauthenticated problem', async () => {
    const api = instance();
    await expect(api.invoke({ key: freshKey(), caller: '' })).rejects.toMatchObject({ name: 'Problem', code: 'unauthenticated', status: 401 });
    expect(api.counting.calls).toEqual([]);
    expect(executions).toBe(0);
  });

  it('reads a header name configured in another case', async () => {
    const api = instance(charge, { headerName: 'IDEMPOTENCY-KEY' });
    expect((await api.invoke({ key: freshKey() })).statusCode).toBe(201);
  });
});

describe('generic completion and replay', () => {
  it('runs the operation once: claim + the handler call + the completion, then replays with one call', async () => {
    const idempotencyKey = freshKey();
    const first = instance();
    const response = await first.invoke({ key: idempotencyKey });
    expect(response.statusCode).toBe(201);
    expect(first.counting.calls).toEqual(['PutItemCommand', 'PutItemCommand', 'UpdateItemCommand']);

    const stored = await record(alice, idempotencyKey);
    expect(stored?.status?.S).toBe('COMPLETED');
    expect(stored?.leaseToken).toBeUndefined();
    expect(stored?.leaseExpiresAt).toBeUndefined();
    expect(Number(stored?.expiresAt?.N)).toBe(Math.floor(clock.now / 1000) + 86_400);

    const second = instance();
    const replay = await second.invoke({ key: idempotencyKey, body: '{ "amount": 100, "orderId": "o-1" }' });
    expect(second.counting.calls).toEqual(['PutItemCommand']);
    expect(executions).toBe(1);
    expect(replay.statusCode).toBe(201);
    expect(replay.body).toBe(response.body);
    expect(replay.cookies).toEqual(['session=abc']);
    expect(replay.headers).toEqual({ ...response.headers, 'idempotent-replayed': 'true' });
    expect(response.headers?.['idempotent-replayed']).toBeUndefined();
    expect(logs.outcomes()).toEqual(['claimed', 'completed', 'replayed']);
  });

  it('stores and replays a 4xx business error without running the operation again', async () => {
    const declined: TestHandler = () => {
      executions += 1;
      return Promise.resolve({
        statusCode: 402,
        headers: { 'content-type': 'application/problem+json' },
        body: '{"code":"insufficient_funds"}',
      });
    };
    const idempotencyKey = freshKey();
    await instance(declined).invoke({ key: idempotencyKey });
    const replay = await instance(declined).invoke({ key: idempotencyKey });
    expect(executions).toBe(1);
    expect(replay.statusCode).toBe(402);
    expect(replay.body).toBe('{"code":"insufficient_funds"}');
    expect(replay.headers?.['idempotent-replayed']).toBe('true');
  });

  it.each<[string, TestRequest]>([
    ['body', { body: '{"orderId":"o-1","amount":101}' }],
    ['path', { path: '/payments/o-1/refunds' }],
    ['method', { method: 'PUT' }],
  ])('answers 422 idempotency_key_reused for another %s, executing nothing', async (_label, other) => {
    const idempotencyKey = freshKey();
    await instance().invoke({ key: idempotencyKey });
    const api = instance();
    const response = await api.invoke({ key: idempotencyKey, ...other });
    expect(response.statusCode).toBe(422);
    expect(problemCode(response)).toBe('idempotency_key_reused');
    expect(api.counting.calls).toEqual(['PutItemCommand']);
    expect(executions).toBe(1);
    expect((await record(alice, idempotencyKey))?.status?.S).toBe('COMPLETED');
  });

  it('scopes keys by caller: the same key from two callers runs twice and never crosses', async () => {
    const idempotencyKey = freshKey();
    const forAlice = await instance().invoke({ key: idempotencyKey, caller: alice });
    const forBob = await instance().invoke({ key: idempotencyKey, caller: bob });
    expect(executions).toBe(2);
    expect(forBob.body).not.toBe(forAlice.body);
    expect(forBob.headers?.['idempotent-replayed']).toBeUndefined();
    expect((await record(alice, idempotencyKey))?.status?.S).toBe('COMPLETED');
    expect((await record(bob, idempotencyKey))?.status?.S).toBe('COMPLETED');
  });

  it('fingerprints the event before the handler runs, so a handler that mutates it changes nothing', async () => {
    const mutating: TestHandler = (event, context, client) => {
      event.body = '{"tampered":true}';
      return charge(event, context, client);
    };
    const idempotencyKey = freshKey();
    await instance(mutating).invoke({ key: idempotencyKey });
    const replay = await instance().invoke({ key: idempotencyKey });
    expect(replay.headers?.['idempotent-replayed']).toBe('true');
  });
});

describe('in-flight duplicates', () => {
  it('answers 409 with Retry-After from the holder lease capped to 2 s, in one call, while the first runs', async () => {
    const held = gate();
    const entered = gate();
    const slow: TestHandler = async (event, context, client) => {
      entered.open();
      await held.promise;
      return charge(event, context, client);
    };
    const idempotencyKey = freshKey();
    const first = instance(slow).invoke({ key: idempotencyKey }, lambdaContext(10_000));
    await entered.promise;
    const stored = await record(alice, idempotencyKey);
    expect(stored?.status?.S).toBe('IN_PROGRESS');
    expect(Number(stored?.leaseExpiresAt?.N)).toBe(clock.now + 10_000);

    clock.advance(2_500);
    const duplicate = instance();
    const response = await duplicate.invoke({ key: idempotencyKey });
    expect(response.statusCode).toBe(409);
    expect(problemCode(response)).toBe('idempotency_request_in_progress');
    // 7.5 s of lease remain: the hint is capped, since most holders finish in milliseconds.
    expect(response.headers?.['retry-after']).toBe('2');
    expect(duplicate.counting.calls).toEqual(['PutItemCommand']);
    clock.advance(6_800);
    expect((await instance().invoke({ key: idempotencyKey })).headers?.['retry-after']).toBe('1');

    held.open();
    expect((await first).statusCode).toBe(201);
    expect(executions).toBe(1);
  });

  it('caps the lease with leaseCapMillis and never answers Retry-After below 1', async () => {
    const held = gate();
    const entered = gate();
    const slow: TestHandler = async (event, context, client) => {
      entered.open();
      await held.promise;
      return charge(event, context, client);
    };
    const idempotencyKey = freshKey();
    const first = instance(slow, { leaseCapMillis: 3_000 }).invoke({ key: idempotencyKey }, lambdaContext(60_000));
    await entered.promise;
    expect(Number((await record(alice, idempotencyKey))?.leaseExpiresAt?.N)).toBe(clock.now + 3_000);
    clock.advance(2_999);
    const response = await instance().invoke({ key: idempotencyKey });
    expect(response.headers?.['retry-after']).toBe('1');
    held.open();
    await first;
  });

  it('answers 422, not 409, to another request with a key that is in progress', async () => {
    const held = gate();
    const entered = gate();
    const slow: TestHandler = async (event, context, client) => {
      entered.open();
      await held.promise;
      return charge(event, context, client);
    };
    const idempotencyKey = freshKey();
    const first = instance(slow).invoke({ key: idempotencyKey });
    await entered.promise;
    const response = await instance().invoke({ key: idempotencyKey, body: '{"other":1}' });
    expect(response.statusCode).toBe(422);
    held.open();
    await first;
  });
});

describe('failures release the key', () => {
  it('deletes the claim when the handler throws, lets the error through, and the retry runs', async () => {
    let fail = true;
    const flaky: TestHandler = (event, context, client) => {
      if (fail) {
        executions += 1;
        return Promise.reject(new Error('downstream exploded'));
      }
      return charge(event, context, client);
    };
    const idempotencyKey = freshKey();
    const api = instance(flaky);
    await expect(api.invoke({ key: idempotencyKey })).rejects.toThrow('downstream exploded');
    expect(api.counting.calls).toEqual(['PutItemCommand', 'DeleteItemCommand']);
    expect(await record(alice, idempotencyKey)).toBeUndefined();
    fail = false;
    expect((await instance(flaky).invoke({ key: idempotencyKey })).statusCode).toBe(201);
    expect(executions).toBe(2);
    expect(logs.outcomes()).toEqual(['claimed', 'released', 'claimed', 'completed']);
  });

  it('deletes the claim after a 5xx response, stores nothing, and sends the 5xx', async () => {
    const unavailable: TestHandler = () => {
      executions += 1;
      return Promise.resolve({ statusCode: 503, body: '{"code":"internal_error"}' });
    };
    const idempotencyKey = freshKey();
    const api = instance(unavailable);
    expect((await api.invoke({ key: idempotencyKey })).statusCode).toBe(503);
    expect(api.counting.calls).toEqual(['PutItemCommand', 'DeleteItemCommand']);
    expect(await record(alice, idempotencyKey)).toBeUndefined();
    expect((await instance(unavailable).invoke({ key: idempotencyKey })).statusCode).toBe(503);
    expect(executions).toBe(2);
  });

  it('logs a failed release and still reports the original error', async () => {
    const failing: TestHandler = (_event, _context, client) => {
      // Break the instance's own client before the release: the release call now fails.
      client.middlewareStack.add(() => () => Promise.reject(new Error('network down')), { step: 'initialize', name: 'breakAll' });
      return Promise.reject(new Error('original failure'));
    };
    const api = instance(failing);
    await expect(api.invoke({ key: freshKey() })).rejects.toThrow('original failure');
    expect(logs.outcomes()).toEqual(['claimed', 'release_failed']);
  });
});

describe('expiry', () => {
  it('takes over a lease that ran out, and the stale holder can neither complete nor release', async () => {
    const held = gate();
    const entered = gate();
    let throwAfterWaking = false;
    const stale: TestHandler = async (event, context, client) => {
      entered.open();
      await held.promise;
      if (throwAfterWaking) throw new Error('stale holder failed late');
      return charge(event, context, client);
    };
    const idempotencyKey = freshKey();
    const first = instance(stale).invoke({ key: idempotencyKey }, lambdaContext(5_000));
    await entered.promise;

    clock.advance(5_000);
    const secondHeld = gate();
    const secondEntered = gate();
    const successor = instance(async (event, context, client) => {
      secondEntered.open();
      await secondHeld.promise;
      return charge(event, context, client);
    });
    const second = successor.invoke({ key: idempotencyKey }, lambdaContext(5_000));
    await secondEntered.promise;
    expect(logs.entries.at(-1)).toMatchObject({ outcome: 'claimed', replaced: 'expired_lease' });
    const successorToken = (await record(alice, idempotencyKey))?.leaseToken?.S;

    // The stale holder fails now: its release must not delete the successor's claim.
    throwAfterWaking = true;
    held.open();
    await expect(first).rejects.toThrow('stale holder failed late');
    expect(logs.outcomes()).toContain('release_skipped');
    const stillHeld = await record(alice, idempotencyKey);
    expect(stillHeld?.status?.S).toBe('IN_PROGRESS');
    expect(stillHeld?.leaseToken?.S).toBe(successorToken);

    secondHeld.open();
    expect((await second).statusCode).toBe(201);
    expect((await record(alice, idempotencyKey))?.status?.S).toBe('COMPLETED');
  });

  it('refuses the generic completion of a holder whose lease was taken over, and answers what replays will', async () => {
    const held = gate();
    const entered = gate();
    const slow: TestHandler = async (event, context, client) => {
      entered.open();
      await held.promise;
      return charge(event, context, client);
    };
    const idempotencyKey = freshKey();
    const first = instance(slow).invoke({ key: idempotencyKey }, lambdaContext(1_000));
    await entered.promise;
    clock.advance(1_000);
    const successor = await instance().invoke({ key: idempotencyKey });
    expect(successor.statusCode).toBe(201);

    held.open();
    const late = await first;
    expect(logs.outcomes()).toContain('lease_lost');
    expect(late.body).toBe(successor.body);
    expect(late.headers?.['idempotent-replayed']).toBe('true');
    const replay = await instance().invoke({ key: idempotencyKey });
    expect(replay.body).toBe(successor.body);
  });

  it('treats a completed record past its retention as absent, before TTL deletes it', async () => {
    const idempotencyKey = freshKey();
    await instance(charge, { retentionSeconds: 60 }).invoke({ key: idempotencyKey });
    clock.advance(59_000);
    expect((await instance(charge, { retentionSeconds: 60 }).invoke({ key: idempotencyKey, body: '{"new":true}' })).statusCode).toBe(422);

    clock.advance(1_000);
    expect(await record(alice, idempotencyKey)).toBeDefined();
    const reused = instance(charge, { retentionSeconds: 60 });
    const response = await reused.invoke({ key: idempotencyKey, body: '{"new":true}' });
    expect(response.statusCode).toBe(201);
    expect(response.headers?.['idempotent-replayed']).toBeUndefined();
    expect(executions).toBe(2);
    expect(logs.entries.find((entry) => entry.replaced === 'expired_record')).toBeDefined();
  });
});

describe('local cache', () => {
  it('replays from the cache with zero DynamoDB calls, and refuses a reused key from it too', async () => {
    const api = instance(charge, { cacheSize: 10 });
    const idempotencyKey = freshKey();
    const first = await api.invoke({ key: idempotencyKey });
    api.counting.reset();

    const replay = await api.invoke({ key: idempotencyKey });
    expect(replay.body).toBe(first.body);
    expect(replay.headers?.['idempotent-replayed']).toBe('true');
    const reused = await api.invoke({ key: idempotencyKey, body: '{"other":true}' });
    expect(reused.statusCode).toBe(422);
    expect(api.counting.calls).toEqual([]);
    expect(logs.entries.filter((entry) => entry.fromCache === true).map((entry) => entry.outcome)).toEqual(['replayed', 'reused']);
  });

  it('fills the cache from a replay read from DynamoDB', async () => {
    const idempotencyKey = freshKey();
    await instance().invoke({ key: idempotencyKey });
    const api = instance(charge, { cacheSize: 10 });
    await api.invoke({ key: idempotencyKey });
    expect(api.counting.calls).toEqual(['PutItemCommand']);
    api.counting.reset();
    await api.invoke({ key: idempotencyKey });
    expect(api.counting.calls).toEqual([]);
  });

  it('honours the record expiry: past retention the cache answers nothing and the key is claimed again', async () => {
    const api = instance(charge, { cacheSize: 10, retentionSeconds: 30 });
    const idempotencyKey = freshKey();
    await api.invoke({ key: idempotencyKey });
    clock.advance(30_000);
    api.counting.reset();
    const response = await api.invoke({ key: idempotencyKey });
    expect(response.headers?.['idempotent-replayed']).toBeUndefined();
    expect(executions).toBe(2);
    expect(api.counting.calls[0]).toBe('PutItemCommand');
  });

  it('never caches an in-progress record', async () => {
    const held = gate();
    const entered = gate();
    const slow: TestHandler = async (event, context, client) => {
      entered.open();
      await held.promise;
      return charge(event, context, client);
    };
    const api = instance(charge, { cacheSize: 10 });
    const idempotencyKey = freshKey();
    const first = instance(slow).invoke({ key: idempotencyKey });
    await entered.promise;
    expect((await api.invoke({ key: idempotencyKey })).statusCode).toBe(409);
    held.open();
    await first;
    api.counting.reset();
    expect((await api.invoke({ key: idempotencyKey })).headers?.['idempotent-replayed']).toBe('true');
    expect(api.counting.calls).toEqual(['PutItemCommand']);
  });
});

describe('large responses', () => {
  it('stores a large response gzip-compressed and replays it byte for byte', async () => {
    const body = JSON.stringify({ rows: Array.from({ length: 5_000 }, (_, index) => ({ index, label: `row ${index}` })) });
    const big: TestHandler = () => {
      executions += 1;
      return Promise.resolve({ statusCode: 200, headers: { 'content-type': 'application/json' }, body });
    };
    const idempotencyKey = freshKey();
    await instance(big).invoke({ key: idempotencyKey });
    expect((await record(alice, idempotencyKey))?.response?.B).toBeDefined();
    const replay = await instance(big).invoke({ key: idempotencyKey });
    expect(replay.body).toBe(body);
    expect(executions).toBe(1);
  });

  it('gives the first client its response but stores a fixed 409 when even compressed it does not fit', async () => {
    const body = randomBytes(30_000).toString('base64');
    const huge: TestHandler = () => {
      executions += 1;
      return Promise.resolve({ statusCode: 200, body });
    };
    const idempotencyKey = freshKey();
    const options = { maxStoredResponseBytes: 10_000, compressThresholdBytes: 1_000 };
    const first = await instance(huge, options).invoke({ key: idempotencyKey });
    expect(first.body).toBe(body);
    expect(logs.outcomes()).toContain('response_too_large');
    expect((await record(alice, idempotencyKey))?.status?.S).toBe('COMPLETED');

    const replay = await instance(huge, options).invoke({ key: idempotencyKey });
    expect(replay.statusCode).toBe(409);
    expect(problemCode(replay)).toBe('idempotency_response_unavailable');
    expect(replay.headers?.['idempotent-replayed']).toBe('true');
    expect(executions).toBe(1);
  });
});

describe('logs', () => {
  it('writes one entry per outcome with the key hash, never the raw key or body', async () => {
    const idempotencyKey = `secret-${randomUUID()}`;
    const body = '{"orderId":"very-private-order","amount":100}';
    await instance().invoke({ key: idempotencyKey, body });
    await instance().invoke({ key: idempotencyKey, body });
    await instance().invoke({ key: idempotencyKey, body: '{"orderId":"other-private-order"}' });
    expect(logs.outcomes()).toEqual(['claimed', 'completed', 'replayed', 'reused']);
    const text = JSON.stringify(logs.entries);
    expect(text).not.toContain(idempotencyKey);
    expect(text).not.toContain('private-order');
    for (const entry of logs.entries) expect(entry.keyHash).toBe(recordIdOf(alice, idempotencyKey));
  });

  it('writes one JSON line per outcome to stdout by default', async () => {
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: unknown) => {
      lines.push(String(line));
    };
    try {
      await idempotentInstance(tables.idempotency, charge, { clock: clock.read }).invoke({ key: freshKey() });
    } finally {
      console.log = original;
    }
    expect(lines.map((line) => (JSON.parse(line) as { outcome: string }).outcome)).toEqual(['claimed', 'completed']);
  });
});
