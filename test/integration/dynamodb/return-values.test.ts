import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type ReturnValue,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { asInstance } from './support/as-instance.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from './support/test-tables.js';

type Values = Record<string, AttributeValue>;

const N = (n: string): AttributeValue => ({ N: n });
const S = (s: string): AttributeValue => ({ S: s });

describe('return values', () => {
  const client = testDynamoDBClient();
  const table = uniqueTableName('retvals');
  let counter = 0;

  beforeAll(async () => {
    await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
  });

  afterAll(async () => {
    await deleteTestTables(client, [table]);
    client.destroy();
  });

  const original: Values = { a: N('1'), b: S('keep'), m: { M: { x: N('1'), y: N('2') } } };

  async function fresh(): Promise<Values> {
    counter += 1;
    const item = { pk: S(`item-${counter}`), ...original };
    await client.send(new PutItemCommand({ TableName: table, Item: item }));
    return item;
  }

  async function read(key: Values): Promise<Values | undefined> {
    return (await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
  }

  describe('PutItem', () => {
    it('returns nothing with NONE and by default', async () => {
      const item = await fresh();
      const none = await client.send(new PutItemCommand({ TableName: table, Item: { ...item, a: N('2') }, ReturnValues: 'NONE' }));
      expect(none.Attributes).toBeUndefined();
      const byDefault = await client.send(new PutItemCommand({ TableName: table, Item: { ...item, a: N('3') } }));
      expect(byDefault.Attributes).toBeUndefined();
      expect((await read({ pk: item.pk ?? S('') }))?.a).toEqual(N('3'));
    });

    it('returns the replaced item with ALL_OLD, and nothing when there was none', async () => {
      const item = await fresh();
      const replaced = await client.send(new PutItemCommand({ TableName: table, Item: { pk: item.pk ?? S(''), c: N('9') }, ReturnValues: 'ALL_OLD' }));
      expect(replaced.Attributes).toEqual(item);
      expect(await read({ pk: item.pk ?? S('') })).toEqual({ pk: item.pk, c: N('9') });
      const created = await client.send(new PutItemCommand({ TableName: table, Item: { pk: S('brand-new-put') }, ReturnValues: 'ALL_OLD' }));
      expect(created.Attributes).toBeUndefined();
    });

    it.each(['ALL_NEW', 'UPDATED_OLD', 'UPDATED_NEW'] as const)('rejects ReturnValues %s and writes nothing', async (returnValues) => {
      const key = S(`put-rejected-${returnValues}`);
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: key }, ReturnValues: returnValues })),
        'ValidationException',
        'ReturnValues can only be ALL_OLD or NONE',
      );
      expect(await read({ pk: key })).toBeUndefined();
    });
  });

  describe('DeleteItem', () => {
    it('returns the deleted item with ALL_OLD', async () => {
      const item = await fresh();
      const deleted = await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: item.pk ?? S('') }, ReturnValues: 'ALL_OLD' }));
      expect(deleted.Attributes).toEqual(item);
      expect(await read({ pk: item.pk ?? S('') })).toBeUndefined();
      const again = await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: item.pk ?? S('') }, ReturnValues: 'ALL_OLD' }));
      expect(again.Attributes).toBeUndefined();
    });

    it('rejects ReturnValues ALL_NEW and deletes nothing', async () => {
      const item = await fresh();
      await expectDynamoDBError(
        client.send(new DeleteItemCommand({ TableName: table, Key: { pk: item.pk ?? S('') }, ReturnValues: 'ALL_NEW' })),
        'ValidationException',
        'ReturnValues can only be ALL_OLD or NONE',
      );
      expect(await read({ pk: item.pk ?? S('') })).toEqual(item);
    });
  });

  describe('UpdateItem', () => {
    async function updateReturning(returnValues: ReturnValue): Promise<{ attributes: Values | undefined; stored: Values | undefined; key: AttributeValue }> {
      const item = await fresh();
      const key = item.pk ?? S('');
      const result = await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: key },
          UpdateExpression: 'SET a = a + :one, m.x = :ten, c = :c REMOVE m.y',
          ExpressionAttributeValues: { ':one': N('1'), ':ten': N('10'), ':c': S('new') },
          ReturnValues: returnValues,
        }),
      );
      return { attributes: result.Attributes, stored: await read({ pk: key }), key };
    }

    const updated = (key: AttributeValue): Values => ({ pk: key, a: N('2'), b: S('keep'), m: { M: { x: N('10') } }, c: S('new') });

    it('returns nothing with NONE', async () => {
      const { attributes, stored, key } = await updateReturning('NONE');
      expect(attributes).toBeUndefined();
      expect(stored).toEqual(updated(key));
    });

    it('returns the whole item before the update with ALL_OLD', async () => {
      const { attributes, stored, key } = await updateReturning('ALL_OLD');
      expect(attributes).toEqual({ pk: key, ...original });
      expect(stored).toEqual(updated(key));
    });

    it('returns the whole item after the update with ALL_NEW', async () => {
      const { attributes, stored, key } = await updateReturning('ALL_NEW');
      expect(attributes).toEqual(updated(key));
      expect(stored).toEqual(updated(key));
    });

    it('returns only the updated paths, as they were, with UPDATED_OLD', async () => {
      const { attributes, stored, key } = await updateReturning('UPDATED_OLD');
      expect(attributes).toEqual({ a: N('1'), m: { M: { x: N('1'), y: N('2') } } });
      expect(stored).toEqual(updated(key));
    });

    it('returns only the updated paths, as they are now, with UPDATED_NEW', async () => {
      const { attributes, stored, key } = await updateReturning('UPDATED_NEW');
      expect(attributes).toEqual({ a: N('2'), m: { M: { x: N('10') } }, c: S('new') });
      expect(stored).toEqual(updated(key));
    });

    it('returns the new item with ALL_NEW when the update creates it', async () => {
      const result = await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S('created-by-update') },
          UpdateExpression: 'ADD n :one',
          ExpressionAttributeValues: { ':one': N('1') },
          ReturnValues: 'ALL_NEW',
        }),
      );
      expect(result.Attributes).toEqual({ pk: S('created-by-update'), n: N('1') });
      expect(await read({ pk: S('created-by-update') })).toEqual({ pk: S('created-by-update'), n: N('1') });
    });

    describe('an update that changes nothing', () => {
      async function updateUnchanged(returnValues: ReturnValue, updateExpression: string, values?: Values): Promise<{ item: Values; attributes: Values | undefined }> {
        const item = await fresh();
        const result = await client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: item.pk ?? S('') },
            UpdateExpression: updateExpression,
            ...(values === undefined ? {} : { ExpressionAttributeValues: values }),
            ReturnValues: returnValues,
          }),
        );
        expect(await read({ pk: item.pk ?? S('') })).toEqual(item);
        return { item, attributes: result.Attributes };
      }

      it.each([
        ['SET a = :same', { ':same': N('1') }],
        ['REMOVE absent', undefined],
        ['SET a = if_not_exists(a, :other)', { ':other': N('9') }],
      ])('returns the whole unchanged item with ALL_NEW for "%s"', async (updateExpression, values) => {
        const { item, attributes } = await updateUnchanged('ALL_NEW', updateExpression, values);
        expect(attributes).toEqual(item);
      });

      it('returns the rewritten attribute with UPDATED_NEW even when its value did not change', async () => {
        const { attributes } = await updateUnchanged('UPDATED_NEW', 'SET a = :same', { ':same': N('1') });
        expect(attributes).toEqual({ a: N('1') });
      });

      it('returns no Attributes with UPDATED_NEW when only an absent attribute is removed', async () => {
        const { attributes } = await updateUnchanged('UPDATED_NEW', 'REMOVE absent');
        expect(attributes).toBeUndefined();
      });

      it('creates no item and returns no Attributes when removing from an item that does not exist', async () => {
        const key = { pk: S('never-created') };
        const result = await client.send(
          new UpdateItemCommand({ TableName: table, Key: key, UpdateExpression: 'REMOVE absent', ReturnValues: 'ALL_NEW' }),
        );
        expect(result.Attributes).toBeUndefined();
        expect(await read(key)).toBeUndefined();
      });
    });

    it('rejects an unknown ReturnValues value', async () => {
      const item = await fresh();
      await expectDynamoDBError(
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: item.pk ?? S('') },
            UpdateExpression: 'SET a = :v',
            ExpressionAttributeValues: { ':v': N('5') },
            ReturnValues: 'EVERYTHING' as ReturnValue,
          }),
        ),
        'ValidationException',
        /^1 validation error detected: Value 'EVERYTHING' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: \[/,
      );
      expect(await read({ pk: item.pk ?? S('') })).toEqual(item);
    });
  });

  describe('ReturnValuesOnConditionCheckFailure', () => {
    it('returns the current item on a failed conditional PutItem', async () => {
      const item = await fresh();
      const error = await expectDynamoDBError(
        client.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: item.pk ?? S(''), replaced: { BOOL: true } },
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
        'ConditionalCheckFailedException',
        'The conditional request failed',
      );
      expect(error).toBeInstanceOf(ConditionalCheckFailedException);
      expect(asInstance(error, ConditionalCheckFailedException).Item).toEqual(item);
      expect(await read({ pk: item.pk ?? S('') })).toEqual(item);
    });

    it('returns the current item on a failed conditional UpdateItem', async () => {
      const item = await fresh();
      const error = await expectDynamoDBError(
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: item.pk ?? S('') },
            UpdateExpression: 'SET a = :v',
            ConditionExpression: 'a = :expected',
            ExpressionAttributeValues: { ':v': N('100'), ':expected': N('99') },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
        'ConditionalCheckFailedException',
        'The conditional request failed',
      );
      expect(asInstance(error, ConditionalCheckFailedException).Item).toEqual(item);
      expect(await read({ pk: item.pk ?? S('') })).toEqual(item);
    });

    it('returns the current item on a failed conditional DeleteItem', async () => {
      const item = await fresh();
      const error = await expectDynamoDBError(
        client.send(
          new DeleteItemCommand({
            TableName: table,
            Key: { pk: item.pk ?? S('') },
            ConditionExpression: 'attribute_not_exists(a)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
        'ConditionalCheckFailedException',
        'The conditional request failed',
      );
      expect(asInstance(error, ConditionalCheckFailedException).Item).toEqual(item);
      expect(await read({ pk: item.pk ?? S('') })).toEqual(item);
    });

    it('returns no Item when the item does not exist, or when NONE is asked', async () => {
      const missing = await expectDynamoDBError(
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: S('never-there') },
            UpdateExpression: 'SET a = :v',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':v': N('1') },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
        'ConditionalCheckFailedException',
        'The conditional request failed',
      );
      expect(asInstance(missing, ConditionalCheckFailedException).Item).toBeUndefined();
      expect(await read({ pk: S('never-there') })).toBeUndefined();

      const item = await fresh();
      const none = await expectDynamoDBError(
        client.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: item.pk ?? S('') },
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'NONE',
          }),
        ),
        'ConditionalCheckFailedException',
        'The conditional request failed',
      );
      expect(asInstance(none, ConditionalCheckFailedException).Item).toBeUndefined();
      expect(await read({ pk: item.pk ?? S('') })).toEqual(item);
    });
  });
});
