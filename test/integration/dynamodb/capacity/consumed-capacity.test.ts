import {
  BatchWriteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../../support/dynamodb.js';
import { createTableFromInput, createTestTable, deleteTestTables } from '../support/test-tables.js';

const client = testDynamoDBClient();
const table = uniqueTableName('capacity');
const indexed = uniqueTableName('capacity-gsi');

beforeAll(async () => {
  await createTestTable(client, table, { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } });
  await createTableFromInput(client, {
    TableName: indexed,
    AttributeDefinitions: [
      { AttributeName: 'id', AttributeType: 'S' },
      { AttributeName: 'status', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
  });
}, 300_000);

afterAll(async () => {
  await deleteTestTables(client, [table, indexed]);
});

describe('ReturnConsumedCapacity', () => {
  it('charges a write one unit per started KB', async () => {
    const small = await client.send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, sk: { N: '1' } }, ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(small.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 1 });
    const bigger = await client.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: { S: 'a' }, sk: { N: '2' }, data: { S: 'x'.repeat(1500) } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(bigger.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 2 });
  });

  it('charges an update by the larger of the item before and after', async () => {
    const result = await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'a' }, sk: { N: '2' } },
        UpdateExpression: 'REMOVE #d',
        ExpressionAttributeNames: { '#d': 'data' },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(result.ConsumedCapacity?.CapacityUnits).toBe(2);
  });

  it('charges a read half a unit per 4 KB, a strongly consistent read a whole one', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'r' }, sk: { N: '1' }, data: { S: 'y'.repeat(5000) } } }));
    const eventual = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'r' }, sk: { N: '1' } }, ReturnConsumedCapacity: 'TOTAL' }));
    expect(eventual.ConsumedCapacity?.CapacityUnits).toBe(1);
    const strong = await client.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'r' }, sk: { N: '1' } }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(strong.ConsumedCapacity?.CapacityUnits).toBe(2);
    const missing = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'none' }, sk: { N: '1' } }, ReturnConsumedCapacity: 'TOTAL' }));
    expect(missing.ConsumedCapacity?.CapacityUnits).toBe(0.5);
  });

  it('charges a query by the total size read, rounded up once', async () => {
    const result = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'a' } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(result.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 0.5 });
  });

  it('charges transactional writes twice', async () => {
    const result = await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: { S: 't' }, sk: { N: '1' } } } },
          { Put: { TableName: table, Item: { pk: { S: 't' }, sk: { N: '2' } } } },
        ],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(result.ConsumedCapacity).toEqual([expect.objectContaining({ TableName: table, CapacityUnits: 4 })]);
  });

  it('adds the table breakdown for INDEXES', async () => {
    const result = await client.send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: 'i' }, sk: { N: '1' } }, ReturnConsumedCapacity: 'INDEXES' }),
    );
    expect(result.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
  });

  it('returns nothing for NONE', async () => {
    const result = await client.send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: 'n' }, sk: { N: '1' } }, ReturnConsumedCapacity: 'NONE' }),
    );
    expect(result.ConsumedCapacity).toBeUndefined();
  });

  it('charges a write that puts an index entry on the index too', async () => {
    const result = await client.send(
      new PutItemCommand({ TableName: indexed, Item: { id: { S: 'x' }, status: { S: 'NEW' } }, ReturnConsumedCapacity: 'INDEXES' }),
    );
    expect(result.ConsumedCapacity).toMatchObject({
      TableName: indexed,
      CapacityUnits: 2,
      Table: { CapacityUnits: 1 },
      GlobalSecondaryIndexes: { byStatus: { CapacityUnits: 1 } },
    });
    const unindexed = await client.send(
      new PutItemCommand({ TableName: indexed, Item: { id: { S: 'y' } }, ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(unindexed.ConsumedCapacity?.CapacityUnits).toBe(1);
  });

  it('lists one entry per table for BatchWriteItem', async () => {
    const result = await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: [{ PutRequest: { Item: { pk: { S: 'b' }, sk: { N: '1' } } } }, { PutRequest: { Item: { pk: { S: 'b' }, sk: { N: '2' } } } }],
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(result.ConsumedCapacity).toEqual([expect.objectContaining({ TableName: table, CapacityUnits: 2 })]);
  });
});
