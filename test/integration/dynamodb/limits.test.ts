import {
  BatchWriteItemCommand,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { signedRequest } from './support/signed-request.js';
import { createTableFromInput, createTestTable, deleteTestTables } from './support/test-tables.js';

type Values = Record<string, AttributeValue>;

/**
 * DynamoDB's answer to a value nested too deep. Some regions send it inside the validation
 * envelope ("1 validation error detected: ..."), so the prefix is optional.
 */
const nestingTooDeep =
  /^(1 validation error detected: )?Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit$/;

/** A scalar wrapped in `wraps` containers, maps and lists taking turns: its leaf sits at level wraps + 1. */
function nested(wraps: number): AttributeValue {
  let value: AttributeValue = { S: 'leaf' };
  for (let i = 0; i < wraps; i += 1) value = i % 2 === 0 ? { M: { n: value } } : { L: [value] };
  return value;
}

/** How many containers wrap the leaf of a value built by {@link nested}. */
function wrapsOf(value: AttributeValue | undefined): number {
  let wraps = 0;
  let current = value;
  for (;;) {
    const inner = current?.M?.n ?? current?.L?.[0];
    if (inner === undefined) return wraps;
    wraps += 1;
    current = inner;
  }
}

describe('limits', () => {
  const client = testDynamoDBClient();
  const table = uniqueTableName('limits');

  beforeAll(async () => {
    await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
  });

  afterAll(async () => {
    await deleteTestTables(client, [table]);
    client.destroy();
  });

  async function read(pk: string): Promise<Values | undefined> {
    return (await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item;
  }

  describe('nesting depth: 32 levels, the attribute itself being level 1', () => {
    it.each([
      ['PutItem', (pk: string, value: AttributeValue) => client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, data: value } }))],
      [
        'BatchWriteItem',
        (pk: string, value: AttributeValue) =>
          client.send(new BatchWriteItemCommand({ RequestItems: { [table]: [{ PutRequest: { Item: { pk: { S: pk }, data: value } } }] } })),
      ],
      [
        'TransactWriteItems',
        (pk: string, value: AttributeValue) =>
          client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: table, Item: { pk: { S: pk }, data: value } } }] })),
      ],
    ] as const)('%s stores a document whose leaf is at level 32 and refuses one at level 33', async (operation, write) => {
      const accepted = `nest-31-${operation}`;
      await write(accepted, nested(31));
      expect(wrapsOf((await read(accepted))?.data)).toBe(31);

      const refused = `nest-32-${operation}`;
      await expectDynamoDBError(write(refused, nested(32)), 'ValidationException', nestingTooDeep);
      expect(await read(refused)).toBeUndefined();
    });

    it('refuses an UpdateItem whose ExpressionAttributeValues nest too deep, before evaluating anything', async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'nest-eav' }, marker: { S: 'x' } } }));
      const update = (value: AttributeValue) =>
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: { S: 'nest-eav' } },
            UpdateExpression: 'SET touched = :t',
            ConditionExpression: '#d = :deep',
            ExpressionAttributeNames: { '#d': 'data' },
            ExpressionAttributeValues: { ':t': { S: 'y' }, ':deep': value },
          }),
        );
      // 31 wraps are fine: the condition runs, and fails, since the item has no `data`.
      await expectDynamoDBError(update(nested(31)), 'ConditionalCheckFailedException');
      await expectDynamoDBError(update(nested(32)), 'ValidationException', nestingTooDeep);
      expect(await read('nest-eav')).toEqual({ pk: { S: 'nest-eav' }, marker: { S: 'x' } });
    });
  });

  describe('nesting depth of what an update writes', () => {
    it('refuses to SET a value whose leaf would land below level 32, and leaves the item as it was', async () => {
      const item = { pk: { S: 'nest-update' }, m: { M: {} } };
      await client.send(new PutItemCommand({ TableName: table, Item: item }));
      const set = (path: string, value: AttributeValue) =>
        client.send(
          new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'nest-update' } }, UpdateExpression: `SET ${path} = :v`, ExpressionAttributeValues: { ':v': value } }),
        );
      // Under `m` (level 1) a value 31 levels tall ends at level 32: the deepest allowed.
      await set('m.fits', nested(30));
      expect(wrapsOf((await read('nest-update'))?.m?.M?.fits)).toBe(30);
      await expectDynamoDBError(set('m.deep', nested(31)), 'ValidationException', /^Nesting Levels have exceeded supported limits/);
      expect((await read('nest-update'))?.m?.M?.deep).toBeUndefined();
    });
  });

  describe('attribute names', () => {
    it('creates a table whose key attribute name is 255 characters long', async () => {
      const name = uniqueTableName('limits-key-255');
      const keyName = 'k'.repeat(255);
      await createTableFromInput(client, {
        TableName: name,
        AttributeDefinitions: [{ AttributeName: keyName, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: keyName, KeyType: 'HASH' }],
      });
      try {
        await client.send(new PutItemCommand({ TableName: name, Item: { [keyName]: { S: 'x' } } }));
        expect((await client.send(new GetItemCommand({ TableName: name, Key: { [keyName]: { S: 'x' } }, ConsistentRead: true }))).Item).toEqual({
          [keyName]: { S: 'x' },
        });
      } finally {
        await deleteTestTables(client, [name]);
      }
    });

    it('refuses a key attribute name of 256 characters', async () => {
      const keyName = 'k'.repeat(256);
      await expectDynamoDBError(
        client.send(
          new CreateTableCommand({
            TableName: uniqueTableName('limits-key-256'),
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: keyName, AttributeType: 'S' }],
            KeySchema: [{ AttributeName: keyName, KeyType: 'HASH' }],
          }),
        ),
        'ValidationException',
        /Member must have length less than or equal to 255/,
      );
    });

    it('stores a non-key attribute whose name is 65,535 bytes (less than 64 KB)', async () => {
      const name = 'n'.repeat(65_535);
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'name-64k' }, [name]: { S: 'v' } } }));
      expect((await read('name-64k'))?.[name]).toEqual({ S: 'v' });
    });

    it.each([
      ['empty', ''],
      ['of 65,536 bytes', 'n'.repeat(65_536)],
      ['of 65,536 bytes in UTF-8 though 21,846 characters long', `${'€'.repeat(21_845)}x`],
    ])('refuses a non-key attribute name that is %s', async (_what, name) => {
      const pk = `name-refused-${name.length}`;
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, [name]: { S: 'v' } } })),
        'ValidationException',
      );
      expect(await read(pk)).toBeUndefined();
    });
  });

  describe('request bodies', () => {
    it('accepts the largest BatchWriteItem DynamoDB takes: 25 items of 390 KB (a body near 10 MB)', async () => {
      const payload = 'y'.repeat(390 * 1024);
      const keys = Array.from({ length: 25 }, (_, index) => `body-${index}`);
      const result = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: keys.map((pk) => ({ PutRequest: { Item: { pk: { S: pk }, payload: { S: payload } } } })) } }),
      );
      expect(result.UnprocessedItems).toEqual({});
      for (const pk of keys) expect((await read(pk))?.payload?.S?.length).toBe(payload.length);
    });

    // The engine's own answer past 16 MB (no capture of DynamoDB's front end answering one exists).
    it.runIf(inject('dynamodbIsLocalEngine'))('answers a body over 16 MB with a ValidationException and writes nothing', async () => {
      const body = JSON.stringify({ TableName: table, Item: { pk: { S: 'body-too-big' }, payload: { S: 'z'.repeat(16 * 1024 * 1024) } } });
      const response = await signedRequest({ target: 'DynamoDB_20120810.PutItem', body, rawBody: true });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'Request size has exceeded the maximum allowed size of 16 MB',
      });
      expect(await read('body-too-big')).toBeUndefined();
    });
  });

  describe('document paths in expressions: 32 levels, like documents', () => {
    /** `a.n[0].n[0]...`: a path of `levels` elements, maps and lists taking turns as {@link nested} builds them. */
    function pathOf(levels: number): string {
      let path = 'deep';
      for (let level = 1; level < levels; level += 1) path += level % 2 === 1 ? '.n' : '[0]';
      return path;
    }

    it('reads a path 32 levels deep and refuses one of 33 in every kind of expression', async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'path-depth' }, deep: nested(31) } }));
      const get = (projection: string) =>
        client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'path-depth' } }, ProjectionExpression: projection, ConsistentRead: true }));
      expect(wrapsOf((await get(pathOf(32))).Item?.deep)).toBe(31);

      const tooDeep = pathOf(33);
      const message = inject('dynamodbIsLocalEngine')
        ? (kind: string) => `Invalid ${kind}: Nesting Levels have exceeded supported limits: the document path has 33 levels, at most 32 are supported`
        : () => undefined;
      await expectDynamoDBError(get(tooDeep), 'ValidationException', message('ProjectionExpression'));
      await expectDynamoDBError(
        client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'path-depth' } }, UpdateExpression: `REMOVE ${tooDeep}` })),
        'ValidationException',
        message('UpdateExpression'),
      );
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'path-depth' } }, ConditionExpression: `attribute_exists(${tooDeep})` })),
        'ValidationException',
        message('ConditionExpression'),
      );
      expect(wrapsOf((await read('path-depth'))?.deep)).toBe(31);
    });
  });

  describe('transactions: 4 MB of items in all', () => {
    const payload = 'x'.repeat(350_000);
    const puts = (label: string, count: number) =>
      Array.from({ length: count }, (_, index) => ({ Put: { TableName: table, Item: { pk: { S: `${label}-${index}` }, payload: { S: payload } } } }));

    it('writes 10 items of 350 KB (3.5 MB) in one transaction', async () => {
      await client.send(new TransactWriteItemsCommand({ TransactItems: puts('tx-3mb', 10) }));
      for (let index = 0; index < 10; index += 1) expect((await read(`tx-3mb-${index}`))?.payload?.S?.length).toBe(350_000);
    });

    it('refuses 12 items of 350 KB (4.2 MB) with a ValidationException and writes none', async () => {
      await expectDynamoDBError(client.send(new TransactWriteItemsCommand({ TransactItems: puts('tx-4mb', 12) })), 'ValidationException');
      for (let index = 0; index < 12; index += 1) expect(await read(`tx-4mb-${index}`)).toBeUndefined();
    });

    it('refuses a TransactGetItems whose items weigh more than 4 MB together', async () => {
      const big = 'g'.repeat(390_000);
      const keys = Array.from({ length: 11 }, (_, index) => `tg-big-${index}`);
      for (const pk of keys) await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, payload: { S: big } } }));
      const getAll = (count: number) =>
        client.send(new TransactGetItemsCommand({ TransactItems: keys.slice(0, count).map((pk) => ({ Get: { TableName: table, Key: { pk: { S: pk } } } })) }));
      // 10 items of 390 KB (3.9 MB) are read whole; 11 (4.3 MB) are too many.
      expect((await getAll(10)).Responses?.map((response) => response.Item?.payload?.S?.length)).toEqual(Array.from({ length: 10 }, () => big.length));
      await expectDynamoDBError(getAll(11), 'ValidationException');
    });

    it('reads 100 items in one TransactGetItems', async () => {
      const keys = Array.from({ length: 100 }, (_, index) => `tg-${index}`);
      for (let start = 0; start < keys.length; start += 25) {
        await client.send(
          new BatchWriteItemCommand({
            RequestItems: { [table]: keys.slice(start, start + 25).map((pk) => ({ PutRequest: { Item: { pk: { S: pk }, n: { N: '1' } } } })) },
          }),
        );
      }
      const result = await client.send(
        new TransactGetItemsCommand({ TransactItems: keys.map((pk) => ({ Get: { TableName: table, Key: { pk: { S: pk } } } })) }),
      );
      expect(result.Responses?.map((response) => response.Item?.pk?.S)).toEqual(keys);
    });
  });
});
