import {
  BatchWriteItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from './support/test-tables.js';

const client = testDynamoDBClient();
const numbers = uniqueTableName('q-num');
const strings = uniqueTableName('q-str');
const binaries = uniqueTableName('q-bin');
const large = uniqueTableName('q-large');

async function putAll(table: string, items: Record<string, AttributeValue>[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}

/** Runs a query to the end, following LastEvaluatedKey, and returns every page. */
async function queryAll(input: QueryCommandInput): Promise<{ items: Record<string, AttributeValue>[]; pages: number }> {
  const items: Record<string, AttributeValue>[] = [];
  let pages = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ...(start === undefined ? {} : { ExclusiveStartKey: start }) }));
    pages += 1;
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return { items, pages };
}

const numericSortKeys = ['-100', '-2.5', '0', '1', '2', '10', '10.5', '99', '1e3', '123456789012345678901234567890'];
const stringSortKeys = ['B', 'a', 'aa', 'ab', 'b', 'Z', 'é', '~', '0', 'a b'];

beforeAll(async () => {
  await createTestTable(client, numbers, { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } });
  await createTestTable(client, strings, { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'S' } });
  await createTestTable(client, binaries, { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'B' } });
  await createTestTable(client, large, { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } });
  await putAll(
    numbers,
    numericSortKeys.map((sk, index) => ({ pk: { S: 'p' }, sk: { N: sk }, rank: { N: String(index) }, even: { BOOL: index % 2 === 0 } })),
  );
  await putAll(numbers, [{ pk: { S: 'other' }, sk: { N: '1' } }]);
  await putAll(strings, stringSortKeys.map((sk) => ({ pk: { S: 'p' }, sk: { S: sk } })));
  await putAll(binaries, [[0x00], [0x7f], [0x80], [0xff], [0x01, 0x02], [0x01]].map((bytes) => ({ pk: { S: 'p' }, sk: { B: Uint8Array.from(bytes) } })));
}, 300_000);

afterAll(async () => {
  await deleteTestTables(client, [numbers, strings, binaries, large]);
});

describe('Query key conditions and order', () => {
  it('returns a partition in numeric sort key order, and in reverse with ScanIndexForward=false', async () => {
    const forward = await client.send(
      new QueryCommand({ TableName: numbers, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }),
    );
    expect(forward.Items?.map((item) => item.sk?.N)).toEqual(['-100', '-2.5', '0', '1', '2', '10', '10.5', '99', '1000', '123456789012345678901234567890']);
    expect(forward.Count).toBe(10);
    expect(forward.ScannedCount).toBe(10);
    expect(forward.LastEvaluatedKey).toBeUndefined();
    const backward = await client.send(
      new QueryCommand({
        TableName: numbers,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'p' } },
        ScanIndexForward: false,
      }),
    );
    expect(backward.Items?.map((item) => item.sk?.N)).toEqual(forward.Items?.map((item) => item.sk?.N).reverse());
  });

  it('orders strings by their UTF-8 bytes', async () => {
    const result = await client.send(
      new QueryCommand({ TableName: strings, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }),
    );
    expect(result.Items?.map((item) => item.sk?.S)).toEqual(['0', 'B', 'Z', 'a', 'a b', 'aa', 'ab', 'b', '~', 'é']);
  });

  it('orders binaries as unsigned bytes', async () => {
    const result = await client.send(
      new QueryCommand({ TableName: binaries, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }),
    );
    expect(result.Items?.map((item) => [...(item.sk?.B ?? [])])).toEqual([[0x00], [0x01], [0x01, 0x02], [0x7f], [0x80], [0xff]]);
  });

  it.each([
    ['sk = :a', { ':a': { N: '10' } }, ['10']],
    ['sk < :a', { ':a': { N: '1' } }, ['-100', '-2.5', '0']],
    ['sk <= :a', { ':a': { N: '1' } }, ['-100', '-2.5', '0', '1']],
    ['sk > :a', { ':a': { N: '99' } }, ['1000', '123456789012345678901234567890']],
    ['sk >= :a', { ':a': { N: '99' } }, ['99', '1000', '123456789012345678901234567890']],
    ['sk BETWEEN :a AND :b', { ':a': { N: '-2.5' }, ':b': { N: '10' } }, ['-2.5', '0', '1', '2', '10']],
  ])('narrows the range with %s', async (condition, values, expected) => {
    const result = await client.send(
      new QueryCommand({
        TableName: numbers,
        KeyConditionExpression: `pk = :p AND ${condition}`,
        ExpressionAttributeValues: { ':p': { S: 'p' }, ...values },
      }),
    );
    expect(result.Items?.map((item) => item.sk?.N)).toEqual(expected);
  });

  it('narrows a string range with begins_with', async () => {
    const result = await client.send(
      new QueryCommand({
        TableName: strings,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':prefix': { S: 'a' } },
      }),
    );
    expect(result.Items?.map((item) => item.sk?.S)).toEqual(['a', 'a b', 'aa', 'ab']);
  });

  it('narrows a binary range with begins_with', async () => {
    const result = await client.send(
      new QueryCommand({
        TableName: binaries,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':prefix': { B: Uint8Array.from([0x01]) } },
      }),
    );
    expect(result.Items?.map((item) => [...(item.sk?.B ?? [])])).toEqual([[0x01], [0x01, 0x02]]);
  });

  it('finds nothing in a partition that does not exist', async () => {
    const result = await client.send(
      new QueryCommand({ TableName: numbers, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'nobody' } } }),
    );
    expect(result.Items).toEqual([]);
    expect(result.Count).toBe(0);
  });
});

describe('Query filter, projection, Select and Limit', () => {
  it('filters after reading: Count counts matches, ScannedCount what was read', async () => {
    const result = await client.send(
      new QueryCommand({
        TableName: numbers,
        KeyConditionExpression: 'pk = :p',
        FilterExpression: 'even = :yes',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':yes': { BOOL: true } },
      }),
    );
    expect(result.Count).toBe(5);
    expect(result.ScannedCount).toBe(10);
    expect(result.Items?.every((item) => item.even?.BOOL === true)).toBe(true);
  });

  it('returns only the projected attributes', async () => {
    const result = await client.send(
      new QueryCommand({
        TableName: numbers,
        KeyConditionExpression: 'pk = :p AND sk = :s',
        ProjectionExpression: '#r',
        ExpressionAttributeNames: { '#r': 'rank' },
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { N: '0' } },
      }),
    );
    expect(result.Items).toEqual([{ rank: { N: '2' } }]);
  });

  it('returns only the count with Select=COUNT', async () => {
    const result = await client.send(
      new QueryCommand({
        TableName: numbers,
        KeyConditionExpression: 'pk = :p AND sk > :z',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':z': { N: '0' } },
        Select: 'COUNT',
      }),
    );
    expect(result.Items).toBeUndefined();
    expect(result.Count).toBe(7);
  });

  it('pages with Limit and LastEvaluatedKey, in both directions, without losing or repeating items', async () => {
    for (const forward of [true, false]) {
      const { items, pages } = await queryAll({
        TableName: numbers,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'p' } },
        Limit: 3,
        ScanIndexForward: forward,
      });
      const expected = ['-100', '-2.5', '0', '1', '2', '10', '10.5', '99', '1000', '123456789012345678901234567890'];
      expect(items.map((item) => item.sk?.N)).toEqual(forward ? expected : [...expected].reverse());
      expect(pages).toBeGreaterThanOrEqual(4);
    }
  });

  it('gives the key of the last item read as LastEvaluatedKey', async () => {
    const page = await client.send(
      new QueryCommand({ TableName: numbers, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, Limit: 2 }),
    );
    expect(page.LastEvaluatedKey).toEqual({ pk: { S: 'p' }, sk: { N: '-2.5' } });
    expect(page.Count).toBe(2);
  });

  it('counts Limit before the filter', async () => {
    const page = await client.send(
      new QueryCommand({
        TableName: numbers,
        KeyConditionExpression: 'pk = :p',
        FilterExpression: 'even = :no',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':no': { BOOL: false } },
        Limit: 1,
      }),
    );
    expect(page.ScannedCount).toBe(1);
    expect(page.Count).toBe(0);
    expect(page.LastEvaluatedKey).toEqual({ pk: { S: 'p' }, sk: { N: '-100' } });
  });

  it('stops a page at 1 MB of items read', { timeout: 120_000 }, async () => {
    const filler = 'x'.repeat(100 * 1024);
    for (let index = 0; index < 14; index += 1) {
      await client.send(new PutItemCommand({ TableName: large, Item: { pk: { S: 'big' }, sk: { N: String(index) }, data: { S: filler } } }));
    }
    const first = await client.send(
      new QueryCommand({ TableName: large, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'big' } } }),
    );
    expect(first.Count).toBeGreaterThanOrEqual(9);
    expect(first.Count).toBeLessThan(14);
    expect(first.LastEvaluatedKey).toBeDefined();
    const { items } = await queryAll({ TableName: large, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'big' } } });
    expect(items.map((item) => item.sk?.N)).toEqual(Array.from({ length: 14 }, (_, index) => String(index)));
  });
});

describe('Query validation', () => {
  it('requires a key condition', async () => {
    await expectDynamoDBError(
      client.send(new QueryCommand({ TableName: numbers })),
      'ValidationException',
      'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
    );
  });

  it('requires the partition key in the key condition', async () => {
    await expectDynamoDBError(
      client.send(new QueryCommand({ TableName: numbers, KeyConditionExpression: 'sk = :s', ExpressionAttributeValues: { ':s': { N: '1' } } })),
      'ValidationException',
      'Query condition missed key schema element: pk',
    );
  });

  it('refuses a range condition on the partition key', async () => {
    await expectDynamoDBError(
      client.send(new QueryCommand({ TableName: numbers, KeyConditionExpression: 'pk > :p', ExpressionAttributeValues: { ':p': { S: 'a' } } })),
      'ValidationException',
      'Query key condition not supported',
    );
  });

  it('refuses a key value of the wrong type', async () => {
    await expectDynamoDBError(
      client.send(
        new QueryCommand({
          TableName: numbers,
          KeyConditionExpression: 'pk = :p AND sk = :s',
          ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { S: 'one' } },
        }),
      ),
      'ValidationException',
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
  });

  it('refuses a filter on a key attribute', async () => {
    await expectDynamoDBError(
      client.send(
        new QueryCommand({
          TableName: numbers,
          KeyConditionExpression: 'pk = :p',
          FilterExpression: 'sk > :s',
          ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { N: '1' } },
        }),
      ),
      'ValidationException',
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk',
    );
  });

  it('refuses ALL_PROJECTED_ATTRIBUTES without an index', async () => {
    await expectDynamoDBError(
      client.send(
        new QueryCommand({
          TableName: numbers,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'p' } },
          Select: 'ALL_PROJECTED_ATTRIBUTES',
        }),
      ),
      'ValidationException',
      /ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName/,
    );
  });

  it('refuses a ProjectionExpression with Select=ALL_ATTRIBUTES', async () => {
    await expectDynamoDBError(
      client.send(
        new QueryCommand({
          TableName: numbers,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'p' } },
          ProjectionExpression: 'sk',
          Select: 'ALL_ATTRIBUTES',
        }),
      ),
      'ValidationException',
      /Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES/,
    );
  });

  it('refuses a starting key from another partition', async () => {
    await expectDynamoDBError(
      client.send(
        new QueryCommand({
          TableName: numbers,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'p' } },
          ExclusiveStartKey: { pk: { S: 'other' }, sk: { N: '1' } },
        }),
      ),
      'ValidationException',
      'The provided starting key is outside query boundaries based on provided conditions',
    );
  });

  it('answers ResourceNotFoundException for a missing table', async () => {
    await expectDynamoDBError(
      client.send(new QueryCommand({ TableName: uniqueTableName('q-missing'), KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } })),
      'ResourceNotFoundException',
    );
  });
});
