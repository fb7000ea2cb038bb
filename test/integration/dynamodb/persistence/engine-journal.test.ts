/**
 * The engine's journal end to end, in process: writes of every kind go through Engine.handle
 * with a journal attached (small compaction threshold, so snapshots happen), and a fresh engine
 * reopened on the same directory holds the same tables, items, TTL settings and index entries.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../../local/dynamodb/engine.js';
import { EngineJournal } from '../../../../local/dynamodb/persistence/engine-journal.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-journal-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function open(compactAfterBytes: number): Promise<Engine> {
  // Transitional statuses end at once, so consecutive UpdateTable calls need no waiting.
  const engine = new Engine({ statusTransitionMs: 0 });
  engine.attachJournal(await EngineJournal.open(dir, engine.tables, { compactAfterBytes }));
  return engine;
}

async function call(engine: Engine, operation: string, body: unknown): Promise<Record<string, unknown>> {
  return (await engine.handle(operation, body)) as Record<string, unknown>;
}

async function state(engine: Engine): Promise<unknown> {
  const tables = ((await call(engine, 'ListTables', {})).TableNames ?? []) as string[];
  const result: Record<string, unknown> = {};
  for (const name of tables) {
    const scanned = await call(engine, 'Scan', { TableName: name });
    const items = (scanned.Items as unknown[]).map((item) => JSON.stringify(item)).sort();
    const ttl = await call(engine, 'DescribeTimeToLive', { TableName: name });
    result[name] = { items, ttl };
  }
  return result;
}

describe('engine journal', () => {
  it('replays tables, items, deletions, TTL settings and indexes, across snapshots', async () => {
    const first = await open(4096);
    await call(first, 'CreateTable', {
      TableName: 'orders',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'status', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    });
    await call(first, 'CreateTable', {
      TableName: 'scratch',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    });
    await call(first, 'UpdateTimeToLive', { TableName: 'orders', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
    const writes: Promise<unknown>[] = [];
    for (let index = 0; index < 200; index += 1) {
      writes.push(
        Promise.resolve(
          first.handle('PutItem', {
            TableName: 'orders',
            Item: { pk: { S: `p${index % 7}` }, sk: { N: String(index) }, status: { S: index % 3 === 0 ? 'PAID' : 'NEW' }, pad: { S: 'x'.repeat(50) } },
          }),
        ),
      );
    }
    await Promise.all(writes);
    await call(first, 'UpdateItem', {
      TableName: 'orders',
      Key: { pk: { S: 'p0' }, sk: { N: '0' } },
      UpdateExpression: 'SET #s = :s ADD hits :one',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': { S: 'REFUNDED' }, ':one': { N: '1' } },
    });
    await call(first, 'DeleteItem', { TableName: 'orders', Key: { pk: { S: 'p1' }, sk: { N: '1' } } });
    await call(first, 'TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: 'orders', Item: { pk: { S: 'tx' }, sk: { N: '1' }, status: { S: 'PAID' } } } },
        { Delete: { TableName: 'orders', Key: { pk: { S: 'p2' }, sk: { N: '2' } } } },
      ],
    });
    await call(first, 'BatchWriteItem', { RequestItems: { scratch: [{ PutRequest: { Item: { id: { S: 'a' } } } }] } });
    await call(first, 'DeleteTable', { TableName: 'scratch' });
    const before = await state(first);
    const paidBefore = await call(first, 'Query', {
      TableName: 'orders',
      IndexName: 'byStatus',
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': { S: 'PAID' } },
      Select: 'COUNT',
    });
    await first.journal?.close();
    expect(await readdir(dir)).toContain('snapshot.json');

    const second = await open(4096);
    expect(await state(second)).toEqual(before);
    const paidAfter = await call(second, 'Query', {
      TableName: 'orders',
      IndexName: 'byStatus',
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': { S: 'PAID' } },
      Select: 'COUNT',
    });
    expect(paidAfter.Count).toBe(paidBefore.Count);
    expect(paidAfter.Count).toBe(67);
    await second.journal?.close();
  });

  it.each([
    ['from the journal', 64 * 1024 * 1024],
    ['from a snapshot', 1024],
  ])('replays UpdateTable changes %s', async (_from, compactAfterBytes) => {
    const first = await open(compactAfterBytes);
    await call(first, 'CreateTable', {
      TableName: 'accounts',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'owner', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byOwner', KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    });
    for (let index = 0; index < 30; index += 1) {
      await call(first, 'PutItem', { TableName: 'accounts', Item: { id: { S: `a${index}` }, owner: { S: `o${index % 3}` }, tier: { S: index % 2 === 0 ? 'gold' : 'basic' } } });
    }
    await call(first, 'UpdateTable', {
      TableName: 'accounts',
      AttributeDefinitions: [{ AttributeName: 'tier', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byTier', KeySchema: [{ AttributeName: 'tier', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } }],
    });
    await call(first, 'UpdateTable', { TableName: 'accounts', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byOwner' } }] });
    await call(first, 'UpdateTable', {
      TableName: 'accounts',
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 4 },
      GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byTier', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 2 } } }],
    });
    await call(first, 'UpdateTable', { TableName: 'accounts', DeletionProtectionEnabled: true });
    await first.journal?.close();

    const second = await open(compactAfterBytes);
    const { Table: described } = (await call(second, 'DescribeTable', { TableName: 'accounts' })) as { Table: Record<string, unknown> };
    expect(described).toMatchObject({
      TableStatus: 'ACTIVE',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'tier', AttributeType: 'S' },
      ],
      BillingModeSummary: { BillingMode: 'PROVISIONED' },
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 4 },
      DeletionProtectionEnabled: true,
      GlobalSecondaryIndexes: [{ IndexName: 'byTier', IndexStatus: 'ACTIVE', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 2 } }],
    });
    const gold = await call(second, 'Query', {
      TableName: 'accounts',
      IndexName: 'byTier',
      KeyConditionExpression: 'tier = :t',
      ExpressionAttributeValues: { ':t': { S: 'gold' } },
      Select: 'COUNT',
    });
    expect(gold.Count).toBe(15);
    await second.journal?.close();
  });

  it.each([
    ['from the journal', 64 * 1024 * 1024],
    ['from a snapshot', 512],
  ])('replays tags and point-in-time recovery %s', async (_from, compactAfterBytes) => {
    const first = await open(compactAfterBytes);
    const arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/tagged';
    await call(first, 'CreateTable', {
      TableName: 'tagged',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      Tags: [{ Key: 'team', Value: 'payments' }],
    });
    await call(first, 'TagResource', { ResourceArn: arn, Tags: [{ Key: 'env', Value: 'test' }, { Key: 'owner', Value: 'alice' }] });
    await call(first, 'UntagResource', { ResourceArn: arn, TagKeys: ['owner'] });
    await call(first, 'UpdateContinuousBackups', {
      TableName: 'tagged',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 10 },
    });
    for (let index = 0; index < 20; index += 1) await call(first, 'PutItem', { TableName: 'tagged', Item: { id: { S: `i${index}` } } });
    await first.journal?.close();

    const second = await open(compactAfterBytes);
    expect(await call(second, 'ListTagsOfResource', { ResourceArn: arn })).toEqual({
      Tags: [
        { Key: 'team', Value: 'payments' },
        { Key: 'env', Value: 'test' },
      ],
    });
    expect(await call(second, 'DescribeContinuousBackups', { TableName: 'tagged' })).toMatchObject({
      ContinuousBackupsDescription: { PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 10 } },
    });
    await second.journal?.close();
  });

  it('acknowledges a write only after its record is durable', async () => {
    const engine = await open(64 * 1024 * 1024);
    await call(engine, 'CreateTable', {
      TableName: 'acks',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    });
    const pending = engine.handle('PutItem', { TableName: 'acks', Item: { id: { S: 'one' } } });
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    // A read has nothing to wait for.
    expect(engine.handle('GetItem', { TableName: 'acks', Key: { id: { S: 'one' } } })).toEqual({ Item: { id: { S: 'one' } } });
    await engine.journal?.close();
    const reopened = await open(64 * 1024 * 1024);
    expect(reopened.handle('GetItem', { TableName: 'acks', Key: { id: { S: 'one' } } })).toEqual({ Item: { id: { S: 'one' } } });
    await reopened.journal?.close();
  });
});
