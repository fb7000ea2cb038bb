import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from './support/test-tables.js';

/** DynamoDB's item size limit: 400 KB. */
const MAX_ITEM_BYTES = 400 * 1024;

/** Sets come back in no particular order; sort them so items compare by content. */
function sortSets(value: AttributeValue): AttributeValue {
  if (value.SS !== undefined) return { SS: [...value.SS].sort() };
  if (value.NS !== undefined) return { NS: [...value.NS].sort() };
  if (value.BS !== undefined) {
    return { BS: [...value.BS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))) };
  }
  if (value.M !== undefined) return { M: sortItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(sortSets) };
  return value;
}

function sortItem(item: Record<string, AttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, sortSets(value)]));
}

describe('items', () => {
  const client = testDynamoDBClient();
  const documents = DynamoDBDocumentClient.from(client);
  const table = uniqueTableName('items');
  const rangeTable = uniqueTableName('items-range');
  const binaryTable = uniqueTableName('items-bin');

  beforeAll(async () => {
    await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
    await createTestTable(client, rangeTable, { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } });
    await createTestTable(client, binaryTable, { hash: { name: 'id', type: 'B' } });
  });

  afterAll(async () => {
    await deleteTestTables(client, [table, rangeTable, binaryTable]);
    client.destroy();
  });

  async function getItem(key: Record<string, AttributeValue>, tableName = table): Promise<Record<string, AttributeValue> | undefined> {
    const result = await client.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return result.Item;
  }

  describe('every attribute type through the low-level client', () => {
    const everyType: Record<string, AttributeValue> = {
      pk: { S: 'all-types' },
      s: { S: 'héllo wörld 🙂' },
      emptyString: { S: '' },
      n: { N: '-12.5' },
      b: { B: new Uint8Array([0, 1, 2, 253, 254, 255]) },
      emptyBinary: { B: new Uint8Array([]) },
      yes: { BOOL: true },
      no: { BOOL: false },
      nothing: { NULL: true },
      map: { M: { inner: { S: 'x' }, deeper: { M: { n: { N: '1' }, list: { L: [{ S: 'a' }, { N: '2' }] } } } } },
      emptyMap: { M: {} },
      list: { L: [{ S: 'a' }, { N: '1' }, { BOOL: true }, { NULL: true }, { L: [] }, { M: { k: { SS: ['v'] } } }] },
      emptyList: { L: [] },
      ss: { SS: ['b', 'a', 'c'] },
      ns: { NS: ['3', '-1', '2.5'] },
      bs: { BS: [new Uint8Array([2]), new Uint8Array([1, 0])] },
    };

    it('round-trips S, N, B, BOOL, NULL, M, L, SS, NS and BS exactly', async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: everyType }));
      const item = await getItem({ pk: { S: 'all-types' } });
      expect(item).toBeDefined();
      expect(sortItem(item ?? {})).toEqual(sortItem(everyType));
    });

    it('returns no Item for a key that was never written', async () => {
      const result = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'never-written' } } }));
      expect(result.Item).toBeUndefined();
    });

    it('replaces the whole item on a second put', async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'replace' }, a: { S: '1' }, b: { S: '2' } } }));
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'replace' }, c: { S: '3' } } }));
      expect(await getItem({ pk: { S: 'replace' } })).toEqual({ pk: { S: 'replace' }, c: { S: '3' } });
    });

    it('creates an item with UpdateItem when the key is new', async () => {
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: 'upsert' } },
          UpdateExpression: 'SET colour = :c',
          ExpressionAttributeValues: { ':c': { S: 'blue' } },
        }),
      );
      expect(await getItem({ pk: { S: 'upsert' } })).toEqual({ pk: { S: 'upsert' }, colour: { S: 'blue' } });
    });

    it('deletes an item, and deleting a missing item succeeds', async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'doomed' } } }));
      const deleted = await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'doomed' } } }));
      expect(deleted.Attributes).toBeUndefined();
      expect(await getItem({ pk: { S: 'doomed' } })).toBeUndefined();
      await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'doomed' } } }));
      expect(await getItem({ pk: { S: 'doomed' } })).toBeUndefined();
    });

    it('keeps items with the same hash key and different range keys apart', async () => {
      await client.send(new PutItemCommand({ TableName: rangeTable, Item: { pk: { S: 'p' }, sk: { N: '1' }, v: { S: 'one' } } }));
      await client.send(new PutItemCommand({ TableName: rangeTable, Item: { pk: { S: 'p' }, sk: { N: '2' }, v: { S: 'two' } } }));
      expect(await getItem({ pk: { S: 'p' }, sk: { N: '1' } }, rangeTable)).toEqual({ pk: { S: 'p' }, sk: { N: '1' }, v: { S: 'one' } });
      expect(await getItem({ pk: { S: 'p' }, sk: { N: '2' } }, rangeTable)).toEqual({ pk: { S: 'p' }, sk: { N: '2' }, v: { S: 'two' } });
      await client.send(new DeleteItemCommand({ TableName: rangeTable, Key: { pk: { S: 'p' }, sk: { N: '1' } } }));
      expect(await getItem({ pk: { S: 'p' }, sk: { N: '1' } }, rangeTable)).toBeUndefined();
      expect(await getItem({ pk: { S: 'p' }, sk: { N: '2' } }, rangeTable)).toBeDefined();
    });

    it('uses binary keys by their bytes', async () => {
      const id = new Uint8Array([0, 255, 16]);
      await client.send(new PutItemCommand({ TableName: binaryTable, Item: { id: { B: id }, v: { N: '1' } } }));
      expect(await getItem({ id: { B: new Uint8Array([0, 255, 16]) } }, binaryTable)).toEqual({ id: { B: id }, v: { N: '1' } });
      expect(await getItem({ id: { B: new Uint8Array([0, 255]) } }, binaryTable)).toBeUndefined();
    });

    it('reads the latest write with ConsistentRead', async () => {
      for (let version = 1; version <= 5; version += 1) {
        await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'consistent' }, version: { N: String(version) } } }));
        const result = await client.send(
          new GetItemCommand({ TableName: table, Key: { pk: { S: 'consistent' } }, ConsistentRead: true }),
        );
        expect(result.Item?.version).toEqual({ N: String(version) });
      }
    });
  });

  describe('every attribute type through the DocumentClient', () => {
    it('round-trips strings, numbers, binaries, booleans, null, maps, lists and sets', async () => {
      const item = {
        pk: 'doc-all-types',
        text: 'ünïcödé',
        count: 42,
        price: 19.99,
        negative: -7,
        bytes: new Uint8Array([9, 8, 7]),
        flag: true,
        off: false,
        nothing: null,
        profile: { name: 'Ada', tags: ['x', 'y'], nested: { depth: 2 } },
        mixed: ['a', 1, false, null, { k: 'v' }, [1, 2]],
        names: new Set(['x', 'y', 'z']),
        numbers: new Set([1, 2.5, -3]),
        blobs: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
      };
      await documents.send(new PutCommand({ TableName: table, Item: item }));
      const result = await documents.send(new GetCommand({ TableName: table, Key: { pk: 'doc-all-types' }, ConsistentRead: true }));
      expect(result.Item).toEqual(item);

      const raw = await getItem({ pk: { S: 'doc-all-types' } });
      expect(raw?.count).toEqual({ N: '42' });
      expect(raw?.price).toEqual({ N: '19.99' });
      expect(raw?.nothing).toEqual({ NULL: true });
      expect([...(raw?.numbers?.NS ?? [])].sort()).toEqual(['-3', '1', '2.5']);
    });

    it('updates and deletes through the DocumentClient', async () => {
      await documents.send(new PutCommand({ TableName: table, Item: { pk: 'doc-update', tags: new Set(['a']), tally: 1 } }));
      const updated = await documents.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: 'doc-update' },
          UpdateExpression: 'ADD tags :t, tally :n SET note = :note',
          ExpressionAttributeValues: { ':t': new Set(['b']), ':n': 2, ':note': { written: true } },
          ReturnValues: 'ALL_NEW',
        }),
      );
      expect(updated.Attributes).toEqual({ pk: 'doc-update', tags: new Set(['a', 'b']), tally: 3, note: { written: true } });
      await documents.send(new DeleteCommand({ TableName: table, Key: { pk: 'doc-update' } }));
      const after = await documents.send(new GetCommand({ TableName: table, Key: { pk: 'doc-update' }, ConsistentRead: true }));
      expect(after.Item).toBeUndefined();
    });
  });

  describe('key validation', () => {
    it('rejects a put whose key has the wrong type', async () => {
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: { N: '5' } } })),
        'ValidationException',
        'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N',
      );
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: rangeTable, Item: { pk: { S: 'k' }, sk: { S: '5' } } })),
        'ValidationException',
        'One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S',
      );
      expect(await getItem({ pk: { S: 'k' }, sk: { N: '5' } }, rangeTable)).toBeUndefined();
    });

    it('rejects a put that lacks a key attribute', async () => {
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { other: { S: 'x' } } })),
        'ValidationException',
        'One or more parameter values were invalid: Missing the key pk in the item',
      );
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: rangeTable, Item: { pk: { S: 'only-hash' } } })),
        'ValidationException',
        'One or more parameter values were invalid: Missing the key sk in the item',
      );
      expect(await getItem({ pk: { S: 'only-hash' }, sk: { N: '0' } }, rangeTable)).toBeUndefined();
    });

    it('rejects a get, update or delete whose key does not match the schema', async () => {
      const message = 'The provided key element does not match the schema';
      await expectDynamoDBError(client.send(new GetItemCommand({ TableName: table, Key: { pk: { N: '1' } } })), 'ValidationException', message);
      await expectDynamoDBError(
        client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: '1' }, extra: { S: 'x' } } })),
        'ValidationException',
        message,
      );
      await expectDynamoDBError(
        client.send(new GetItemCommand({ TableName: rangeTable, Key: { pk: { S: '1' } } })),
        'ValidationException',
        message,
      );
      await expectDynamoDBError(
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { id: { S: 'wrong-name' } },
            UpdateExpression: 'SET a = :a',
            ExpressionAttributeValues: { ':a': { S: 'x' } },
          }),
        ),
        'ValidationException',
        message,
      );
      await expectDynamoDBError(
        client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { B: new Uint8Array([1]) } } })),
        'ValidationException',
        message,
      );
      expect(await getItem({ pk: { S: '1' } })).toBeUndefined();
    });

    it('rejects an empty string in a key attribute', async () => {
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: '' }, v: { S: 'x' } } })),
        'ValidationException',
        'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
      );
      await expectDynamoDBError(
        client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: '' } } })),
        'ValidationException',
        /^One or more parameter values (are not valid\.|were invalid:) The AttributeValue for a key attribute cannot contain an empty string value\. Key: pk$/,
      );
    });

    it('rejects an empty binary in a key attribute', async () => {
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: binaryTable, Item: { id: { B: new Uint8Array([]) } } })),
        'ValidationException',
        'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: id',
      );
    });

    it('answers ResourceNotFoundException for a table that does not exist', async () => {
      const missing = uniqueTableName('items-missing');
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: missing, Item: { pk: { S: 'x' } } })),
        'ResourceNotFoundException',
        /^Requested resource not found/,
      );
      await expectDynamoDBError(
        client.send(new GetItemCommand({ TableName: missing, Key: { pk: { S: 'x' } } })),
        'ResourceNotFoundException',
        /^Requested resource not found/,
      );
    });
  });

  describe('table name validation', () => {
    it.each([
      ['an empty name, for its length only', '', "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1"],
      [
        'a name over 255 characters',
        'a'.repeat(256),
        `1 validation error detected: Value '${'a'.repeat(256)}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255`,
      ],
      [
        'a name with other characters',
        'bad table!@#',
        "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      ],
    ])('rejects %s', async (_label, name, message) => {
      await expectDynamoDBError(client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'x' } } })), 'ValidationException', message);
    });
  });

  describe('attribute value validation', () => {
    it('rejects an empty string set', async () => {
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'empty-set' }, s: { SS: [] } } })),
        'ValidationException',
        'One or more parameter values were invalid: An string set  may not be empty',
      );
      expect(await getItem({ pk: { S: 'empty-set' } })).toBeUndefined();
    });

    it('rejects a string set with duplicates', async () => {
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'dup-set' }, s: { SS: ['a', 'a'] } } })),
        'ValidationException',
        'One or more parameter values were invalid: Input collection [a, a] contains duplicates.',
      );
      expect(await getItem({ pk: { S: 'dup-set' } })).toBeUndefined();
    });

    it('rejects a NULL attribute whose value is false', async () => {
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'null-false' }, n: { NULL: false } } })),
        'ValidationException',
        'One or more parameter values were invalid: Null attribute value types must have the value of true',
      );
      expect(await getItem({ pk: { S: 'null-false' } })).toBeUndefined();
    });

    it('rejects {"NULL": false} in ExpressionAttributeValues with the same message, not wrapped per key', async () => {
      await expectDynamoDBError(
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: { S: 'null-false-eav' } },
            UpdateExpression: 'SET n = :n',
            ExpressionAttributeValues: { ':n': { NULL: false } },
          }),
        ),
        'ValidationException',
        /^(1 validation error detected: )?One or more parameter values were invalid: Null attribute value types must have the value of true$/,
      );
      expect(await getItem({ pk: { S: 'null-false-eav' } })).toBeUndefined();
    });
  });

  describe('the 400 KB item size limit', () => {
    // An item's size is the UTF-8 length of its attribute names plus the size of its values
    // (a string's UTF-8 length, a binary's byte count).
    it('stores an item that is just under 400 KB, counting names and UTF-8 bytes', async () => {
      const overhead = 'pk'.length + 'big-ascii'.length + 'data'.length;
      const item = { pk: { S: 'big-ascii' }, data: { S: 'x'.repeat(MAX_ITEM_BYTES - overhead - 1) } };
      await client.send(new PutItemCommand({ TableName: table, Item: item }));
      const stored = await getItem({ pk: { S: 'big-ascii' } });
      expect(stored?.data?.S?.length).toBe(MAX_ITEM_BYTES - overhead - 1);
    });

    it('rejects a put just over 400 KB with "Item size has exceeded the maximum allowed size"', async () => {
      const overhead = 'pk'.length + 'too-big'.length + 'data'.length;
      await expectDynamoDBError(
        client.send(
          new PutItemCommand({ TableName: table, Item: { pk: { S: 'too-big' }, data: { S: 'x'.repeat(MAX_ITEM_BYTES - overhead + 1) } } }),
        ),
        'ValidationException',
        'Item size has exceeded the maximum allowed size',
      );
      expect(await getItem({ pk: { S: 'too-big' } })).toBeUndefined();
    });

    it('counts multi-byte characters by their UTF-8 bytes, not by characters', async () => {
      // 'é' is 2 bytes in UTF-8: 204,800 of them make 409,600 bytes, over the limit with the names.
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'utf8-big' }, d: { S: 'é'.repeat(MAX_ITEM_BYTES / 2) } } })),
        'ValidationException',
        'Item size has exceeded the maximum allowed size',
      );
      expect(await getItem({ pk: { S: 'utf8-big' } })).toBeUndefined();
    });

    it('counts binary attributes by their bytes', async () => {
      const overhead = 'pk'.length + 'bin-big'.length + 'blob'.length;
      await client.send(
        new PutItemCommand({ TableName: table, Item: { pk: { S: 'bin-ok' }, blob: { B: new Uint8Array(MAX_ITEM_BYTES - overhead - 10) } } }),
      );
      expect((await getItem({ pk: { S: 'bin-ok' } }))?.blob?.B?.length).toBe(MAX_ITEM_BYTES - overhead - 10);
      await expectDynamoDBError(
        client.send(
          new PutItemCommand({ TableName: table, Item: { pk: { S: 'bin-big' }, blob: { B: new Uint8Array(MAX_ITEM_BYTES - overhead + 1) } } }),
        ),
        'ValidationException',
        'Item size has exceeded the maximum allowed size',
      );
      expect(await getItem({ pk: { S: 'bin-big' } })).toBeUndefined();
    });

    it('rejects an update that would grow the item past 400 KB and leaves it unchanged', async () => {
      const half = 'y'.repeat(MAX_ITEM_BYTES / 2);
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'grow' }, first: { S: half } } }));
      await expectDynamoDBError(
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: { S: 'grow' } },
            UpdateExpression: 'SET #second = :half',
            ExpressionAttributeNames: { '#second': 'second' },
            ExpressionAttributeValues: { ':half': { S: half } },
          }),
        ),
        'ValidationException',
        'Item size to update has exceeded the maximum allowed size',
      );
      const stored = await getItem({ pk: { S: 'grow' } });
      expect(Object.keys(stored ?? {}).sort()).toEqual(['first', 'pk']);
    });
  });

  describe('ProjectionExpression', () => {
    const key = { pk: { S: 'projected' } };

    beforeAll(async () => {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            ...key,
            name: { S: 'widget' },
            size: { N: '3' },
            a: { M: { b: { L: [{ N: '0' }, { N: '1' }, { M: { c: { S: 'deep' }, d: { S: 'other' } } }] }, e: { S: 'sibling' } } },
            tags: { L: [{ S: 't0' }, { S: 't1' }, { S: 't2' }] },
          },
        }),
      );
    });

    async function project(expression: string, names?: Record<string, string>): Promise<Record<string, AttributeValue> | undefined> {
      const result = await client.send(
        new GetItemCommand({
          TableName: table,
          Key: key,
          ProjectionExpression: expression,
          ...(names === undefined ? {} : { ExpressionAttributeNames: names }),
          ConsistentRead: true,
        }),
      );
      return result.Item;
    }

    it('returns only the named top-level attributes', async () => {
      expect(await project('pk, #n', { '#n': 'name' })).toEqual({ ...key, name: { S: 'widget' } });
    });

    it('projects a nested path a.b[2].c, keeping the enclosing structure', async () => {
      expect(await project('a.b[2].c')).toEqual({ a: { M: { b: { L: [{ M: { c: { S: 'deep' } } }] } } } });
    });

    it('projects list elements by index, compacted in index order', async () => {
      expect(await project('tags[2], tags[0]')).toEqual({ tags: { L: [{ S: 't0' }, { S: 't2' }] } });
    });

    it('leaves out paths the item does not have', async () => {
      expect(await project('absent, a.nothing, tags[9], pk')).toEqual(key);
    });

    it('rejects a reserved word used bare in a projection', async () => {
      await expectDynamoDBError(
        project('pk, size'),
        'ValidationException',
        'Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: size',
      );
    });

    it('rejects overlapping projection paths', async () => {
      await expectDynamoDBError(
        project('a, a.b'),
        'ValidationException',
        'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
      );
    });

    it('rejects an undefined or unused expression attribute name in a projection', async () => {
      await expectDynamoDBError(
        project('#missing'),
        'ValidationException',
        'Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #missing',
      );
      await expectDynamoDBError(
        project('pk', { '#unused': 'name' }),
        'ValidationException',
        'Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}',
      );
    });
  });
});
