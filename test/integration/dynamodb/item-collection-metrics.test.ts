import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type ItemCollectionMetrics,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { createTableFromInput, createTestTable, deleteTestTables } from './support/test-tables.js';

const client = testDynamoDBClient();
const withLocalIndex = uniqueTableName('icm-lsi');
const withoutLocalIndex = uniqueTableName('icm-plain');

type Values = Record<string, AttributeValue>;

const key = (pk: string, sk: string): Values => ({ pk: { S: pk }, sk: { S: sk } });

beforeAll(async () => {
  await createTableFromInput(client, {
    TableName: withLocalIndex,
    AttributeDefinitions: ['pk', 'sk', 'alt'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: 'by-alt',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'alt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  });
  await createTestTable(client, withoutLocalIndex, { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'S' } });
}, 300_000);

afterAll(async () => {
  await deleteTestTables(client, [withLocalIndex, withoutLocalIndex]);
  client.destroy();
});

/** Checks one entry: the collection's partition key, and a [lower, upper] estimate in GB. */
function expectMetricsOf(metrics: ItemCollectionMetrics | undefined, pk: string): void {
  expect(metrics?.ItemCollectionKey).toEqual({ pk: { S: pk } });
  const range = metrics?.SizeEstimateRangeGB ?? [];
  expect(range).toHaveLength(2);
  const [lower = Number.NaN, upper = Number.NaN] = range;
  expect(lower).toBeGreaterThanOrEqual(0);
  expect(upper).toBeGreaterThanOrEqual(lower);
}

async function stored(table: string, itemKey: Values): Promise<Values | undefined> {
  return (await client.send(new GetItemCommand({ TableName: table, Key: itemKey, ConsistentRead: true }))).Item;
}

describe('ReturnItemCollectionMetrics', () => {
  it('returns the collection of a PutItem, UpdateItem and DeleteItem on a table with a local index', async () => {
    const put = await client.send(
      new PutItemCommand({ TableName: withLocalIndex, Item: { ...key('put', 'a'), alt: { S: 'x' } }, ReturnItemCollectionMetrics: 'SIZE' }),
    );
    expectMetricsOf(put.ItemCollectionMetrics, 'put');
    expect(await stored(withLocalIndex, key('put', 'a'))).toEqual({ ...key('put', 'a'), alt: { S: 'x' } });

    const updated = await client.send(
      new UpdateItemCommand({
        TableName: withLocalIndex,
        Key: key('put', 'a'),
        UpdateExpression: 'SET #v = :v',
        ExpressionAttributeNames: { '#v': 'v' },
        ExpressionAttributeValues: { ':v': { N: '1' } },
        ReturnItemCollectionMetrics: 'SIZE',
      }),
    );
    expectMetricsOf(updated.ItemCollectionMetrics, 'put');
    expect((await stored(withLocalIndex, key('put', 'a')))?.v).toEqual({ N: '1' });

    const deleted = await client.send(new DeleteItemCommand({ TableName: withLocalIndex, Key: key('put', 'a'), ReturnItemCollectionMetrics: 'SIZE' }));
    expectMetricsOf(deleted.ItemCollectionMetrics, 'put');
    expect(await stored(withLocalIndex, key('put', 'a'))).toBeUndefined();
  });

  it('returns none when not asked, or for a table without local indexes', async () => {
    const notAsked = await client.send(new PutItemCommand({ TableName: withLocalIndex, Item: key('none', 'a'), ReturnItemCollectionMetrics: 'NONE' }));
    expect(notAsked.ItemCollectionMetrics).toBeUndefined();
    const plain = await client.send(new PutItemCommand({ TableName: withoutLocalIndex, Item: key('none', 'a'), ReturnItemCollectionMetrics: 'SIZE' }));
    expect(plain.ItemCollectionMetrics).toBeUndefined();
    expect(await stored(withoutLocalIndex, key('none', 'a'))).toEqual(key('none', 'a'));
  });

  it('returns, per table with a local index, one entry per write of a BatchWriteItem', async () => {
    const result = await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [withLocalIndex]: [{ PutRequest: { Item: key('batch', 'a') } }, { PutRequest: { Item: key('batch', 'b') } }],
          [withoutLocalIndex]: [{ PutRequest: { Item: key('batch', 'a') } }],
        },
        ReturnItemCollectionMetrics: 'SIZE',
      }),
    );
    expect(Object.keys(result.ItemCollectionMetrics ?? {})).toEqual([withLocalIndex]);
    const entries = result.ItemCollectionMetrics?.[withLocalIndex] ?? [];
    expect(entries.length).toBeGreaterThanOrEqual(1);
    for (const entry of entries) expectMetricsOf(entry, 'batch');
    expect(await stored(withLocalIndex, key('batch', 'b'))).toEqual(key('batch', 'b'));
  });

  it('returns the collections a TransactWriteItems wrote to', async () => {
    const result = await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: withLocalIndex, Item: key('tx', 'a') } }, { Put: { TableName: withoutLocalIndex, Item: key('tx', 'a') } }],
        ReturnItemCollectionMetrics: 'SIZE',
      }),
    );
    expect(Object.keys(result.ItemCollectionMetrics ?? {})).toEqual([withLocalIndex]);
    expectMetricsOf(result.ItemCollectionMetrics?.[withLocalIndex]?.[0], 'tx');
    expect(await stored(withLocalIndex, key('tx', 'a'))).toEqual(key('tx', 'a'));
  });
});
