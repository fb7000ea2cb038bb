import { randomBytes, randomUUID } from 'node:crypto';
import { TransactionCanceledException, TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { idempotencyClaimOf, IdempotencyLeaseLostError } from '../../../lambda/idempotency/claim.js';
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
} from './support/idempotency-harness.js';
import { localIdentity } from '../../support/iam-caller.js';

const alice = localIdentity('alice');
const admin = countingClient();
let tables: { readonly idempotency: string; readonly effects: string };
let clock: ManualClock;
let logs: LogCollector;
let executions: number;
let effects: string[];

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
  effects = [];
});

/** Hooks a test can set to hold or break the transactional handler at chosen points. */
interface Hooks {
  beforeCommit?: () => Promise<void>;
  /** Sends the transaction this many times with one token, as an SDK retry after a lost response would. */
  sends?: number;
  afterCommit?: () => void;
  body?: string;
}

/**
 * A handler whose work is a real TransactWriteItems: Put an effect item, plus the idempotency
 * completion, under the claim's ClientRequestToken, the way the payment handlers do it.
 */
function transactional(hooks: Hooks = {}): TestHandler {
  return async (_event, context: Context, client: DynamoDBClient) => {
    executions += 1;
    const claim = idempotencyClaimOf(context);
    const effectId = randomUUID();
    effects.push(effectId);
    const response: APIGatewayProxyStructuredResultV2 = {
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: hooks.body ?? `{"effectId":"${effectId}"}`,
    };
    const completion = claim.completionAction(response);
    await hooks.beforeCommit?.();
    const command = new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: tables.effects, Item: { id: { S: effectId } }, ConditionExpression: 'attribute_not_exists(id)' } },
        completion,
      ],
      ClientRequestToken: claim.clientRequestToken(1),
    });
    try {
      for (let send = 0; send < (hooks.sends ?? 1); send += 1) await client.send(command);
    } catch (error) {
      // The completion is the second action: its condition failing means the lease is lost.
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed') {
        throw new IdempotencyLeaseLostError({ cause: error });
      }
      throw error;
    }
    hooks.afterCommit?.();
    claim.markCompleted(response);
    return response;
  };
}

function instance(handler: TestHandler, options: Parameters<typeof idempotentInstance>[2] = {}) {
  return idempotentInstance(tables.idempotency, handler, { clock: clock.read, logger: logs.logger, ...options });
}

async function record(idempotencyKey: string) {
  return readItem(admin.client, tables.idempotency, recordIdOf(alice, idempotencyKey));
}

async function effectExists(effectId: string | undefined): Promise<boolean> {
  if (effectId === undefined) throw new Error('no effect was attempted');
  return (await readItem(admin.client, tables.effects, effectId)) !== undefined;
}

describe('transactional completion', () => {
  it('costs 2 calls (claim + the handler transaction) and commits the effect with the record', async () => {
    const idempotencyKey = randomUUID();
    const api = instance(transactional());
    const response = await api.invoke({ key: idempotencyKey });
    expect(response.statusCode).toBe(201);
    expect(api.counting.calls).toEqual(['PutItemCommand', 'TransactWriteItemsCommand']);
    const stored = await record(idempotencyKey);
    expect(stored?.status?.S).toBe('COMPLETED');
    expect(stored?.leaseToken).toBeUndefined();
    expect(await effectExists(effects[0])).toBe(true);
    expect(logs.entries.at(-1)).toMatchObject({ outcome: 'completed', transactional: true });

    const replayer = instance(transactional());
    const replay = await replayer.invoke({ key: idempotencyKey });
    expect(replayer.counting.calls).toEqual(['PutItemCommand']);
    expect(replay.body).toBe(response.body);
    expect(replay.headers?.['idempotent-replayed']).toBe('true');
    expect(executions).toBe(1);
  });

  it('answers 409 to a stale invocation whose transaction is cancelled on the completion, applying nothing', async () => {
    const idempotencyKey = randomUUID();
    const held = gate();
    const entered = gate();
    const stale = instance(
      transactional({
        beforeCommit: async () => {
          entered.open();
          await held.promise;
        },
      }),
    );
    const first = stale.invoke({ key: idempotencyKey }, lambdaContext(1_000));
    await entered.promise;

    clock.advance(1_000);
    const successor = await instance(transactional()).invoke({ key: idempotencyKey });
    expect(successor.statusCode).toBe(201);

    held.open();
    const late = await first;
    expect(late.statusCode).toBe(409);
    expect(JSON.parse(late.body ?? '{}')).toMatchObject({ code: 'idempotency_request_in_progress' });
    expect(late.headers?.['retry-after']).toBe('1');
    expect(await effectExists(effects[0])).toBe(false);
    expect(await effectExists(effects[1])).toBe(true);
    expect(stale.counting.calls).toEqual(['PutItemCommand', 'TransactWriteItemsCommand']);
    const stored = await record(idempotencyKey);
    expect(stored?.status?.S).toBe('COMPLETED');
    expect(logs.outcomes()).toContain('completion_cancelled');

    const replay = await instance(transactional()).invoke({ key: idempotencyKey });
    expect(replay.body).toBe(successor.body);
  });

  it('still completes after its lease ran out when nobody took the key over', async () => {
    const idempotencyKey = randomUUID();
    const api = instance(
      transactional({
        beforeCommit: () => {
          clock.advance(5_000);
          return Promise.resolve();
        },
      }),
    );
    expect((await api.invoke({ key: idempotencyKey }, lambdaContext(1_000))).statusCode).toBe(201);
    expect((await record(idempotencyKey))?.status?.S).toBe('COMPLETED');
  });

  it('lets DynamoDB deduplicate a resent transaction with the same ClientRequestToken', async () => {
    const idempotencyKey = randomUUID();
    const api = instance(transactional({ sends: 2 }));
    expect((await api.invoke({ key: idempotencyKey })).statusCode).toBe(201);
    expect(api.counting.calls).toEqual(['PutItemCommand', 'TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
    expect(await effectExists(effects[0])).toBe(true);
  });

  it('keeps a record its transaction completed even when the handler then fails, so the retry replays', async () => {
    const idempotencyKey = randomUUID();
    const api = instance(
      transactional({
        afterCommit: () => {
          throw new Error('response lost after commit');
        },
      }),
    );
    await expect(api.invoke({ key: idempotencyKey })).rejects.toThrow('response lost after commit');
    expect(api.counting.calls).toEqual(['PutItemCommand', 'TransactWriteItemsCommand', 'DeleteItemCommand']);
    expect(logs.outcomes()).toContain('release_skipped');
    expect((await record(idempotencyKey))?.status?.S).toBe('COMPLETED');

    const retry = await instance(transactional()).invoke({ key: idempotencyKey });
    expect(retry.headers?.['idempotent-replayed']).toBe('true');
    expect(executions).toBe(1);
  });

  it('refuses a response too large to store before anything commits, and releases the key', async () => {
    const idempotencyKey = randomUUID();
    const api = instance(transactional({ body: randomBytes(30_000).toString('base64') }), {
      maxStoredResponseBytes: 10_000,
      compressThresholdBytes: 1_000,
    });
    await expect(api.invoke({ key: idempotencyKey })).rejects.toMatchObject({ name: 'IdempotencyResponseTooLargeError' });
    expect(api.counting.calls).toEqual(['PutItemCommand', 'DeleteItemCommand']);
    expect(await record(idempotencyKey)).toBeUndefined();
    expect(await effectExists(effects[0])).toBe(false);
  });

  it('refuses idempotencyClaimOf in a request that runs unprotected', async () => {
    const api = instance(transactional(), { required: false });
    await expect(api.invoke({})).rejects.toMatchObject({ name: 'IdempotencyClaimMissingError' });
  });
});
