import { BatchWriteItemCommand, ScanCommand, type AttributeValue, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from './support/test-tables.js';

const client = testDynamoDBClient();
const table = uniqueTableName('scan');
const itemCount = 120;

async function scanAll(input: ScanCommandInput): Promise<{ items: Record<string, AttributeValue>[]; pages: number }> {
  const items: Record<string, AttributeValue>[] = [];
  let pages = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ ...input, ...(start === undefined ? {} : { ExclusiveStartKey: start }) }));
    pages += 1;
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return { items, pages };
}

function ids(items: Record<string, AttributeValue>[]): string[] {
  return items.map((item) => `${item.pk?.S ?? ''}/${item.sk?.N ?? ''}`).sort();
}

beforeAll(async () => {
  await createTestTable(client, table, { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } });
  const items = Array.from({ length: itemCount }, (_, index) => ({
    pk: { S: `p${index % 30}` },
    sk: { N: String(index) },
    odd: { BOOL: index % 2 === 1 },
  }));
  for (let start = 0; start < items.length; start += 25) {
    await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}, 300_000);

afterAll(async () => {
  await deleteTestTables(client, [table]);
});

describe('Scan', () => {
  it('returns every item once', async () => {
    const { items } = await scanAll({ TableName: table });
    expect(items).toHaveLength(itemCount);
    expect(new Set(ids(items)).size).toBe(itemCount);
  });

  it('pages with Limit without losing or repeating items', async () => {
    const { items, pages } = await scanAll({ TableName: table, Limit: 7 });
    expect(ids(items)).toEqual(ids((await scanAll({ TableName: table })).items));
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(itemCount / 7));
  });

  it('filters after reading', async () => {
    const result = await client.send(
      new ScanCommand({ TableName: table, FilterExpression: 'odd = :yes', ExpressionAttributeValues: { ':yes': { BOOL: true } } }),
    );
    expect(result.Count).toBe(itemCount / 2);
    expect(result.ScannedCount).toBe(itemCount);
  });

  it('counts with Select=COUNT', async () => {
    const result = await client.send(new ScanCommand({ TableName: table, Select: 'COUNT' }));
    expect(result.Items).toBeUndefined();
    expect(result.Count).toBe(itemCount);
  });

  it('projects attributes', async () => {
    const result = await client.send(new ScanCommand({ TableName: table, ProjectionExpression: 'sk', Limit: 3 }));
    expect(result.Items).toHaveLength(3);
    for (const item of result.Items ?? []) expect(Object.keys(item)).toEqual(['sk']);
  });

  it('splits the table into disjoint segments that together cover it (parallel scan)', async () => {
    const totalSegments = 4;
    const segments = await Promise.all(
      Array.from({ length: totalSegments }, (_, segment) => scanAll({ TableName: table, Segment: segment, TotalSegments: totalSegments, Limit: 10 })),
    );
    const all = segments.flatMap((segment) => ids(segment.items));
    expect(all).toHaveLength(itemCount);
    expect(new Set(all).size).toBe(itemCount);
    // Items of one partition are never split across segments.
    for (const segment of segments) {
      for (const other of segments) {
        if (segment === other) continue;
        const mine = new Set(segment.items.map((item) => item.pk?.S));
        expect(other.items.some((item) => mine.has(item.pk?.S))).toBe(false);
      }
    }
  });

  it('requires TotalSegments with Segment, and Segment below TotalSegments', async () => {
    await expectDynamoDBError(
      client.send(new ScanCommand({ TableName: table, Segment: 0 })),
      'ValidationException',
      'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    );
    await expectDynamoDBError(
      client.send(new ScanCommand({ TableName: table, TotalSegments: 2 })),
      'ValidationException',
      'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
    );
    await expectDynamoDBError(
      client.send(new ScanCommand({ TableName: table, Segment: 2, TotalSegments: 2 })),
      'ValidationException',
      'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2',
    );
  });
});
