import {
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTableFromInput, deleteTestTables } from './support/test-tables.js';

const client = testDynamoDBClient();
const table = uniqueTableName('idx');

function order(ownerId: string, orderId: string, extra: Record<string, AttributeValue> = {}): Record<string, AttributeValue> {
  return { ownerId: { S: ownerId }, orderId: { S: orderId }, ...extra };
}

async function byStatus(status: string, index = 'byStatusAll'): Promise<Record<string, AttributeValue>[]> {
  const result = await client.send(
    new QueryCommand({
      TableName: table,
      IndexName: index,
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': { S: status } },
    }),
  );
  return result.Items ?? [];
}

beforeAll(async () => {
  await createTableFromInput(client, {
    TableName: table,
    AttributeDefinitions: [
      { AttributeName: 'ownerId', AttributeType: 'S' },
      { AttributeName: 'orderId', AttributeType: 'S' },
      { AttributeName: 'status', AttributeType: 'S' },
      { AttributeName: 'amount', AttributeType: 'N' },
      { AttributeName: 'createdAt', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'ownerId', KeyType: 'HASH' },
      { AttributeName: 'orderId', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byStatusAll',
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'amount', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: 'byStatusKeys',
        KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: 'byStatusInclude',
        KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['note'] },
      },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: 'byCreatedAt',
        KeySchema: [
          { AttributeName: 'ownerId', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  });
  const items = [
    order('alice', 'o1', { status: { S: 'PAID' }, amount: { N: '30' }, note: { S: 'n1' }, secret: { S: 's1' }, createdAt: { S: '2026-01-03' } }),
    order('alice', 'o2', { status: { S: 'PAID' }, amount: { N: '10' }, note: { S: 'n2' }, secret: { S: 's2' }, createdAt: { S: '2026-01-01' } }),
    order('bob', 'o1', { status: { S: 'PAID' }, amount: { N: '20' }, note: { S: 'n3' }, createdAt: { S: '2026-01-02' } }),
    order('bob', 'o2', { status: { S: 'NEW' }, amount: { N: '5' } }),
    // No status: in no status index. No amount: in the status-only indexes, not in byStatusAll.
    order('carol', 'o1', { amount: { N: '7' }, createdAt: { S: '2026-01-05' } }),
    order('carol', 'o2', { status: { S: 'PAID' }, createdAt: { S: '2026-01-04' } }),
  ];
  for (const Item of items) await client.send(new PutItemCommand({ TableName: table, Item }));
}, 300_000);

afterAll(async () => {
  await deleteTestTables(client, [table]);
});

describe('global secondary indexes', () => {
  it('queries by the index key, in index sort key order, leaving out items missing an index key', async () => {
    const items = await byStatus('PAID');
    expect(items.map((item) => `${item.ownerId?.S ?? ''}/${item.orderId?.S ?? ''}`)).toEqual(['alice/o2', 'bob/o1', 'alice/o1']);
    expect(items[0]).toEqual(order('alice', 'o2', { status: { S: 'PAID' }, amount: { N: '10' }, note: { S: 'n2' }, secret: { S: 's2' }, createdAt: { S: '2026-01-01' } }));
  });

  it('projects only the keys for KEYS_ONLY', async () => {
    const items = await byStatus('NEW', 'byStatusKeys');
    expect(items).toEqual([{ ownerId: { S: 'bob' }, orderId: { S: 'o2' }, status: { S: 'NEW' } }]);
  });

  it('projects the keys and the listed attributes for INCLUDE', async () => {
    const items = await byStatus('PAID', 'byStatusInclude');
    expect(items).toHaveLength(4);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(Object.keys(item).filter((name) => ['ownerId', 'orderId', 'status', 'note'].includes(name)).sort());
      expect(item.secret).toBeUndefined();
      expect(item.amount).toBeUndefined();
    }
  });

  it('follows updates that change, add or remove the index key', async () => {
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { ownerId: { S: 'bob' }, orderId: { S: 'o2' } },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'SHIPPED' } },
      }),
    );
    expect(await byStatus('NEW')).toEqual([]);
    expect((await byStatus('SHIPPED')).map((item) => item.ownerId?.S)).toEqual(['bob']);
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { ownerId: { S: 'bob' }, orderId: { S: 'o2' } },
        UpdateExpression: 'REMOVE #s',
        ExpressionAttributeNames: { '#s': 'status' },
      }),
    );
    expect(await byStatus('SHIPPED')).toEqual([]);
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { ownerId: { S: 'carol' }, orderId: { S: 'o1' } },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'REFUNDED' } },
      }),
    );
    expect((await byStatus('REFUNDED')).map((item) => item.orderId?.S)).toEqual(['o1']);
  });

  it('is maintained by transactions and deletes', async () => {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table, Item: order('dave', 'o1', { status: { S: 'HELD' }, amount: { N: '1' } }) } },
          { Put: { TableName: table, Item: order('dave', 'o2', { status: { S: 'HELD' }, amount: { N: '2' } }) } },
        ],
      }),
    );
    expect((await byStatus('HELD')).map((item) => item.orderId?.S)).toEqual(['o1', 'o2']);
    await client.send(new DeleteItemCommand({ TableName: table, Key: { ownerId: { S: 'dave' }, orderId: { S: 'o1' } } }));
    expect((await byStatus('HELD')).map((item) => item.orderId?.S)).toEqual(['o2']);
  });

  it('can be scanned', async () => {
    const result = await client.send(new ScanCommand({ TableName: table, IndexName: 'byStatusKeys' }));
    const everyone = result.Items ?? [];
    expect(everyone.length).toBeGreaterThan(0);
    for (const item of everyone) expect(item.status?.S).toBeDefined();
  });

  it('refuses consistent reads', async () => {
    await expectDynamoDBError(
      client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'byStatusAll',
          ConsistentRead: true,
          KeyConditionExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': { S: 'PAID' } },
        }),
      ),
      'ValidationException',
      'Consistent reads are not supported on global secondary indexes',
    );
  });

  it('refuses an index the table does not have', async () => {
    await expectDynamoDBError(
      client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'nope',
          KeyConditionExpression: 'ownerId = :o',
          ExpressionAttributeValues: { ':o': { S: 'alice' } },
        }),
      ),
      'ValidationException',
      'The table does not have the specified index: nope',
    );
  });

  it('refuses a write whose index key has the wrong type', async () => {
    await expectDynamoDBError(
      client.send(new PutItemCommand({ TableName: table, Item: order('erin', 'o1', { status: { N: '1' } }) })),
      'ValidationException',
      /^One or more parameter values were invalid: Type mismatch for Index Key status Expected: S Actual: N IndexName: byStatus/,
    );
  });
});

describe('local secondary indexes', () => {
  it('queries one partition by the index sort key, fetching unprojected attributes when asked', async () => {
    const keysOnly = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byCreatedAt',
        KeyConditionExpression: 'ownerId = :o',
        ExpressionAttributeValues: { ':o': { S: 'alice' } },
      }),
    );
    expect(keysOnly.Items).toEqual([
      { ownerId: { S: 'alice' }, orderId: { S: 'o2' }, createdAt: { S: '2026-01-01' } },
      { ownerId: { S: 'alice' }, orderId: { S: 'o1' }, createdAt: { S: '2026-01-03' } },
    ]);
    const everything = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byCreatedAt',
        KeyConditionExpression: 'ownerId = :o AND createdAt > :d',
        ExpressionAttributeValues: { ':o': { S: 'alice' }, ':d': { S: '2026-01-02' } },
        Select: 'ALL_ATTRIBUTES',
      }),
    );
    expect(everything.Items?.[0]?.secret).toEqual({ S: 's1' });
  });
});
