import { randomUUID } from 'node:crypto';
import { PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyClaimOf } from '../../../lambda/idempotency/claim.js';
import { recordIdOf } from '../../../lambda/idempotency/record-id.js';
import { countingClient, createTables, deleteTables, idempotentInstance, readItem, type TestHandler } from './support/idempotency-harness.js';
import { localIdentity } from '../../support/iam-caller.js';

const alice = localIdentity('alice');
const instances = 50;
const admin = countingClient();
let tables: { readonly idempotency: string; readonly effects: string };

beforeAll(async () => {
  tables = await createTables(admin.client);
});

afterAll(async () => {
  await deleteTables(admin.client, tables);
});

function counter(): { count: number } {
  return { count: 0 };
}

describe(`${instances} concurrent invocations with one key on separate instances`, () => {
  it('run a generic handler exactly once; the others get 409 or the replay', async () => {
    const executions = counter();
    const handler: TestHandler = async (_event, _context, client) => {
      executions.count += 1;
      await sleep(20);
      const effectId = randomUUID();
      await client.send(new PutItemCommand({ TableName: tables.effects, Item: { id: { S: effectId } } }));
      return { statusCode: 201, body: JSON.stringify({ effectId }) };
    };
    const idempotencyKey = randomUUID();
    const apis = Array.from({ length: instances }, () => idempotentInstance(tables.idempotency, handler, { logger: () => undefined }));
    const responses = await Promise.all(apis.map((api) => api.invoke({ key: idempotencyKey })));

    expect(executions.count).toBe(1);
    const firsts = responses.filter((response) => response.statusCode === 201 && response.headers?.['idempotent-replayed'] === undefined);
    expect(firsts).toHaveLength(1);
    const [first] = firsts;
    for (const response of responses) {
      if (response === first) continue;
      if (response.statusCode === 409) expect(Number(response.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
      else expect(response).toMatchObject({ statusCode: 201, body: first?.body, headers: { 'idempotent-replayed': 'true' } });
    }
    const stored = await readItem(admin.client, tables.idempotency, recordIdOf(alice, idempotencyKey));
    expect(stored?.status?.S).toBe('COMPLETED');
    expect(JSON.parse(stored?.response?.S ?? '{}')).toMatchObject({ statusCode: 201, body: first?.body });
    for (const api of apis) api.counting.client.destroy();
  });

  it('run a transactional handler exactly once and commit exactly one effect', async () => {
    const executions = counter();
    const committed: string[] = [];
    const handler: TestHandler = async (_event, context, client) => {
      executions.count += 1;
      const claim = idempotencyClaimOf(context);
      const effectId = randomUUID();
      const response = { statusCode: 201, body: JSON.stringify({ effectId }) };
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: tables.effects, Item: { id: { S: effectId } } } }, claim.completionAction(response)],
          ClientRequestToken: claim.clientRequestToken(1),
        }),
      );
      committed.push(effectId);
      claim.markCompleted(response);
      return response;
    };
    const idempotencyKey = randomUUID();
    const apis = Array.from({ length: instances }, () => idempotentInstance(tables.idempotency, handler, { logger: () => undefined }));
    const responses = await Promise.all(apis.map((api) => api.invoke({ key: idempotencyKey })));

    expect(executions.count).toBe(1);
    expect(committed).toHaveLength(1);
    expect(await readItem(admin.client, tables.effects, committed[0] ?? '')).toBeDefined();
    expect(responses.filter((response) => response.headers?.['idempotent-replayed'] === undefined && response.statusCode === 201)).toHaveLength(1);
    expect(responses.every((response) => response.statusCode === 201 || response.statusCode === 409)).toBe(true);
    const stored = await readItem(admin.client, tables.idempotency, recordIdOf(alice, idempotencyKey));
    expect(stored?.status?.S).toBe('COMPLETED');
    for (const api of apis) api.counting.client.destroy();
  });
});
