import { BatchGetItemCommand, BatchWriteItemCommand, GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from './support/test-tables.js';

const client = testDynamoDBClient();
const first = uniqueTableName('batch-a');
const second = uniqueTableName('batch-b');

function key(id: string): Record<string, AttributeValue> {
  return { id: { S: id } };
}

beforeAll(async () => {
  for (const TableName of [first, second]) {
    await createTestTable(client, TableName, { hash: { name: 'id', type: 'S' } });
  }
}, 300_000);

afterAll(async () => {
  await deleteTestTables(client, [first, second]);
});

describe('BatchWriteItem', () => {
  it('puts and deletes over several tables, with an empty UnprocessedItems', async () => {
    const written = await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [first]: Array.from({ length: 20 }, (_, index) => ({ PutRequest: { Item: { ...key(`a${index}`), n: { N: String(index) } } } })),
          [second]: [{ PutRequest: { Item: { ...key('b0'), name: { S: 'zero' } } } }, { PutRequest: { Item: key('b1') } }],
        },
      }),
    );
    expect(written.UnprocessedItems).toEqual({});
    const stored = await client.send(new GetItemCommand({ TableName: first, Key: key('a7'), ConsistentRead: true }));
    expect(stored.Item).toEqual({ ...key('a7'), n: { N: '7' } });
    const removed = await client.send(
      new BatchWriteItemCommand({ RequestItems: { [second]: [{ DeleteRequest: { Key: key('b1') } }, { DeleteRequest: { Key: key('never') } }] } }),
    );
    expect(removed.UnprocessedItems).toEqual({});
    expect((await client.send(new GetItemCommand({ TableName: second, Key: key('b1'), ConsistentRead: true }))).Item).toBeUndefined();
  });

  it('refuses more than 25 writes', async () => {
    await expectDynamoDBError(
      client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [first]: Array.from({ length: 13 }, (_, index) => ({ PutRequest: { Item: key(`x${index}`) } })),
            [second]: Array.from({ length: 13 }, (_, index) => ({ PutRequest: { Item: key(`y${index}`) } })),
          },
        }),
      ),
      'ValidationException',
      /Too many items requested for the BatchWriteItem call/,
    );
  });

  it('refuses more than 25 writes for one table at RequestItems, listing both bounds of a table\'s list', async () => {
    const escaped = first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expectDynamoDBError(
      client.send(new BatchWriteItemCommand({ RequestItems: { [first]: Array.from({ length: 26 }, (_, index) => ({ PutRequest: { Item: key(`z${index}`) } })) } })),
      'ValidationException',
      // DynamoDB prints the whole map; how it prints each write request changes with its SDK.
      new RegExp(
        `^1 validation error detected: Value '\\{${escaped}=\\[.+\\]\\}' at 'requestItems' failed to satisfy constraint: ` +
          'Map value must satisfy constraint: \\[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\\]$',
        's',
      ),
    );
    expect((await client.send(new GetItemCommand({ TableName: first, Key: key('z0'), ConsistentRead: true }))).Item).toBeUndefined();
  });

  it("refuses a table's empty list of writes at RequestItems, printing the map", async () => {
    await expectDynamoDBError(
      client.send(new BatchWriteItemCommand({ RequestItems: { [first]: [] } })),
      'ValidationException',
      `1 validation error detected: Value '{${first}=[]}' at 'requestItems' failed to satisfy constraint: ` +
        'Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]',
    );
  });

  it('refuses an empty RequestItems', async () => {
    await expectDynamoDBError(
      client.send(new BatchWriteItemCommand({ RequestItems: {} })),
      'ValidationException',
      'The requestItems parameter is required for BatchWriteItem',
    );
  });

  it('refuses two writes to one item and applies nothing', async () => {
    await expectDynamoDBError(
      client.send(
        new BatchWriteItemCommand({
          RequestItems: { [first]: [{ PutRequest: { Item: key('dup') } }, { DeleteRequest: { Key: key('dup') } }] },
        }),
      ),
      'ValidationException',
      'Provided list of item keys contains duplicates',
    );
    expect((await client.send(new GetItemCommand({ TableName: first, Key: key('dup'), ConsistentRead: true }))).Item).toBeUndefined();
  });

  it('answers ResourceNotFoundException for a missing table', async () => {
    await expectDynamoDBError(
      client.send(new BatchWriteItemCommand({ RequestItems: { [uniqueTableName('missing')]: [{ PutRequest: { Item: key('a') } }] } })),
      'ResourceNotFoundException',
    );
  });
});

describe('BatchGetItem', () => {
  it('reads keys from several tables, leaving out missing items, with an empty UnprocessedKeys', async () => {
    const result = await client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [first]: { Keys: [key('a1'), key('a2'), key('absent')], ConsistentRead: true },
          [second]: { Keys: [key('b0')], ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': 'name' } },
        },
      }),
    );
    expect(result.UnprocessedKeys).toEqual({});
    const firstItems = (result.Responses?.[first] ?? []).map((item) => item.id?.S).sort();
    expect(firstItems).toEqual(['a1', 'a2']);
    expect(result.Responses?.[second]).toEqual([{ name: { S: 'zero' } }]);
  });

  it('refuses more than 100 keys', async () => {
    await expectDynamoDBError(
      client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [first]: { Keys: Array.from({ length: 60 }, (_, index) => key(`k${index}`)) },
            [second]: { Keys: Array.from({ length: 41 }, (_, index) => key(`k${index}`)) },
          },
        }),
      ),
      'ValidationException',
      /Too many items requested for the BatchGetItem call/,
    );
  });

  it('refuses more than 100 keys for one table, naming that table', async () => {
    await expectDynamoDBError(
      client.send(new BatchGetItemCommand({ RequestItems: { [first]: { Keys: Array.from({ length: 101 }, (_, index) => key(`k${index}`)) } } })),
      'ValidationException',
      `1 validation error detected: Value at 'RequestItems.${first}.member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100`,
    );
  });

  it('refuses an empty RequestItems', async () => {
    await expectDynamoDBError(
      client.send(new BatchGetItemCommand({ RequestItems: {} })),
      'ValidationException',
      'The requestItems parameter is required for BatchGetItem',
    );
  });

  it('refuses a key asked for twice', async () => {
    await expectDynamoDBError(
      client.send(new BatchGetItemCommand({ RequestItems: { [first]: { Keys: [key('a1'), key('a1')] } } })),
      'ValidationException',
      'Provided list of item keys contains duplicates',
    );
  });
});
