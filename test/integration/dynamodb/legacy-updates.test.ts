import {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type AttributeValueUpdate,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from './support/test-tables.js';

type Values = Record<string, AttributeValue>;
type Updates = Record<string, AttributeValueUpdate>;

const N = (n: string): AttributeValue => ({ N: n });
const S = (s: string): AttributeValue => ({ S: s });

const invalid = 'One or more parameter values were invalid';

/** A set's members in a fixed order, since DynamoDB does not keep a set's order. */
function sorted(value: AttributeValue | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value.SS !== undefined) return [...value.SS].sort();
  if (value.NS !== undefined) return [...value.NS].sort((a, b) => Number(a) - Number(b));
  return undefined;
}

describe('legacy AttributeUpdates', () => {
  const client = testDynamoDBClient();
  const table = uniqueTableName('legacy-upd');
  let next = 0;

  beforeAll(async () => {
    await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
  });

  afterAll(async () => {
    await deleteTestTables(client, [table]);
    client.destroy();
  });

  /** A fresh key, holding `item` when given. */
  async function fresh(item?: Values): Promise<string> {
    next += 1;
    const pk = `item-${next}`;
    if (item !== undefined) await client.send(new PutItemCommand({ TableName: table, Item: { pk: S(pk), ...item } }));
    return pk;
  }

  async function read(pk: string): Promise<Values | undefined> {
    const result = await client.send(new GetItemCommand({ TableName: table, Key: { pk: S(pk) }, ConsistentRead: true }));
    return result.Item;
  }

  function update(pk: string, updates: Updates, extra: Partial<UpdateItemCommandInput> = {}) {
    return client.send(new UpdateItemCommand({ TableName: table, Key: { pk: S(pk) }, AttributeUpdates: updates, ...extra }));
  }

  describe('PUT', () => {
    it('creates the item when absent, with the key and the attribute', async () => {
      const pk = await fresh();
      await update(pk, { a: { Action: 'PUT', Value: S('x') }, b: { Action: 'PUT', Value: { L: [N('1'), { M: { c: S('d') } }] } } });
      expect(await read(pk)).toEqual({ pk: S(pk), a: S('x'), b: { L: [N('1'), { M: { c: S('d') } }] } });
    });

    it('replaces an attribute, and is the action when none is given', async () => {
      const pk = await fresh({ a: S('old'), keep: N('1') });
      await update(pk, { a: { Value: N('2') } });
      expect(await read(pk)).toEqual({ pk: S(pk), a: N('2'), keep: N('1') });
    });

    it('takes a name with a dot as one top-level attribute', async () => {
      const pk = await fresh();
      await update(pk, { 'a.b': { Action: 'PUT', Value: S('x') } });
      expect(await read(pk)).toEqual({ pk: S(pk), 'a.b': S('x') });
    });
  });

  describe('ADD', () => {
    it('adds to a number, and starts a missing number at 0', async () => {
      const pk = await fresh({ n: N('10') });
      await update(pk, { n: { Action: 'ADD', Value: N('-3.5') }, m: { Action: 'ADD', Value: N('4') } });
      expect(await read(pk)).toEqual({ pk: S(pk), n: N('6.5'), m: N('4') });
    });

    it('creates the item when absent', async () => {
      const pk = await fresh();
      await update(pk, { n: { Action: 'ADD', Value: N('5') }, s: { Action: 'ADD', Value: { SS: ['a', 'b'] } } });
      const item = await read(pk);
      expect(item?.n).toEqual(N('5'));
      expect(sorted(item?.s)).toEqual(['a', 'b']);
    });

    it('unites sets, keeping each member once', async () => {
      const pk = await fresh({ ss: { SS: ['a', 'b'] }, ns: { NS: ['1', '2'] } });
      await update(pk, { ss: { Action: 'ADD', Value: { SS: ['b', 'c'] } }, ns: { Action: 'ADD', Value: { NS: ['2', '3'] } } });
      const item = await read(pk);
      expect(sorted(item?.ss)).toEqual(['a', 'b', 'c']);
      expect(sorted(item?.ns)).toEqual(['1', '2', '3']);
    });

    it('appends to a list', async () => {
      const pk = await fresh({ l: { L: [S('a'), N('1')] } });
      await update(pk, { l: { Action: 'ADD', Value: { L: [S('b'), N('2')] } } });
      expect((await read(pk))?.l).toEqual({ L: [S('a'), N('1'), S('b'), N('2')] });
    });

    it.each<[string, Values, Updates]>([
      ['a number to a string set', { ss: { SS: ['1'] } }, { ss: { Action: 'ADD', Value: N('1') } }],
      ['a number set to a string set', { ss: { SS: ['1'] } }, { ss: { Action: 'ADD', Value: { NS: ['1'] } } }],
      ['a number to a string', { s: S('1') }, { s: { Action: 'ADD', Value: N('1') } }],
      ['a list to a number', { n: N('1') }, { n: { Action: 'ADD', Value: { L: [N('1')] } } }],
    ])('refuses to add %s, changing nothing', async (_label, item, updates) => {
      const pk = await fresh(item);
      await expectDynamoDBError(update(pk, updates), 'ValidationException', 'Type mismatch for attribute to update');
      expect(await read(pk)).toEqual({ pk: S(pk), ...item });
    });

    it.each<[string, AttributeValue]>([
      ['S', S('1')],
      ['B', { B: new Uint8Array([1]) }],
      ['NULL', { NULL: true }],
      ['BOOL', { BOOL: true }],
      ['M', { M: {} }],
    ])('refuses to ADD a value of type %s', async (type, value) => {
      const pk = await fresh();
      await expectDynamoDBError(update(pk, { a: { Action: 'ADD', Value: value } }), 'ValidationException', `${invalid}: ADD action is not supported for the type ${type}`);
      expect(await read(pk)).toBeUndefined();
    });
  });

  describe('DELETE', () => {
    it('removes a whole attribute when no value is given', async () => {
      const pk = await fresh({ a: S('x'), b: S('y') });
      await update(pk, { a: { Action: 'DELETE' } });
      expect(await read(pk)).toEqual({ pk: S(pk), b: S('y') });
    });

    it('removes members from a set, and the attribute once the set is empty', async () => {
      const pk = await fresh({ ns: { NS: ['1', '2', '3'] }, ss: { SS: ['a'] } });
      await update(pk, { ns: { Action: 'DELETE', Value: { NS: ['1', '4'] } }, ss: { Action: 'DELETE', Value: { SS: ['a'] } } });
      const item = await read(pk);
      expect(sorted(item?.ns)).toEqual(['2', '3']);
      expect(item).not.toHaveProperty('ss');
    });

    it('does nothing to a missing attribute', async () => {
      const pk = await fresh({ a: S('x') });
      await update(pk, { gone: { Action: 'DELETE' }, set: { Action: 'DELETE', Value: { SS: ['a'] } } });
      expect(await read(pk)).toEqual({ pk: S(pk), a: S('x') });
    });

    it('creates no item when it only takes attributes away, as REMOVE does', async () => {
      const pk = await fresh();
      await update(pk, { gone: { Action: 'DELETE' }, set: { Action: 'DELETE', Value: { SS: ['a'] } } });
      expect(await read(pk)).toBeUndefined();
      await client.send(new UpdateItemCommand({ TableName: table, Key: { pk: S(pk) }, UpdateExpression: 'REMOVE gone' }));
      expect(await read(pk)).toBeUndefined();
    });

    it('creates an item with only its key for an empty AttributeUpdates', async () => {
      const pk = await fresh();
      await update(pk, {});
      expect(await read(pk)).toEqual({ pk: S(pk) });
    });

    it.each<[string, Values, Updates]>([
      ['a number set from a string set', { s: { SS: ['1'] } }, { s: { Action: 'DELETE', Value: { NS: ['1'] } } }],
      ['a number set from a number', { n: N('1') }, { n: { Action: 'DELETE', Value: { NS: ['1'] } } }],
    ])('refuses to delete %s, changing nothing', async (_label, item, updates) => {
      const pk = await fresh(item);
      await expectDynamoDBError(update(pk, updates), 'ValidationException', 'Type mismatch for attribute to update');
      expect(await read(pk)).toEqual({ pk: S(pk), ...item });
    });

    it.each<[string, AttributeValue]>([
      ['S', S('1')],
      ['N', N('1')],
      ['B', { B: new Uint8Array([1]) }],
      ['NULL', { NULL: true }],
      ['BOOL', { BOOL: true }],
      ['M', { M: {} }],
      ['L', { L: [] }],
    ])('refuses to DELETE a value of type %s', async (type, value) => {
      const pk = await fresh({ a: S('x') });
      await expectDynamoDBError(
        update(pk, { a: { Action: 'DELETE', Value: value } }),
        'ValidationException',
        `${invalid}: DELETE action with value is not supported for the type ${type}`,
      );
      expect(await read(pk)).toEqual({ pk: S(pk), a: S('x') });
    });
  });

  describe('validation', () => {
    it('refuses PUT or ADD without a value', async () => {
      const pk = await fresh();
      for (const updates of [{ a: { Action: 'PUT' } }, { a: { Action: 'ADD' } }, { a: {} }] as Updates[]) {
        await expectDynamoDBError(update(pk, updates), 'ValidationException', `${invalid}: Only DELETE action is allowed when no attribute value is specified`);
      }
      expect(await read(pk)).toBeUndefined();
    });

    it('refuses an update of a key attribute', async () => {
      const pk = await fresh({ a: S('x') });
      await expectDynamoDBError(
        update(pk, { pk: { Action: 'PUT', Value: S('other') } }),
        'ValidationException',
        `${invalid}: Cannot update attribute pk. This attribute is part of the key`,
      );
      expect(await read(pk)).toEqual({ pk: S(pk), a: S('x') });
    });

    it('refuses an invalid value', async () => {
      const pk = await fresh();
      await expectDynamoDBError(update(pk, { a: { Action: 'PUT', Value: { SS: [] } } }), 'ValidationException', `${invalid}: An string set  may not be empty`);
    });

    it('refuses AttributeUpdates with an UpdateExpression or a ConditionExpression', async () => {
      const pk = await fresh();
      await expectDynamoDBError(
        update(pk, { a: { Action: 'PUT', Value: S('x') } }, { UpdateExpression: 'SET b = :v', ExpressionAttributeValues: { ':v': S('y') } }),
        'ValidationException',
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}',
      );
      await expectDynamoDBError(
        update(pk, { a: { Action: 'PUT', Value: S('x') } }, { ConditionExpression: 'attribute_exists(pk)' }),
        'ValidationException',
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {ConditionExpression}',
      );
      expect(await read(pk)).toBeUndefined();
    });
  });

  describe('ReturnValues', () => {
    it.each([
      ['ALL_OLD', { pk: S('?'), a: S('old'), c: N('1') }],
      ['UPDATED_OLD', { a: S('old'), c: N('1') }],
      ['ALL_NEW', { pk: S('?'), a: S('new'), b: S('added'), c: N('3') }],
      ['UPDATED_NEW', { a: S('new'), b: S('added'), c: N('3') }],
    ] as const)('returns %s', async (returnValues, expected) => {
      const pk = await fresh({ a: S('old'), c: N('1'), untouched: S('u') });
      const result = await update(
        pk,
        { a: { Action: 'PUT', Value: S('new') }, b: { Action: 'PUT', Value: S('added') }, c: { Action: 'ADD', Value: N('2') }, gone: { Action: 'DELETE' } },
        { ReturnValues: returnValues },
      );
      const attributes: Values = { ...expected };
      if ('pk' in attributes) attributes.pk = S(pk);
      if (returnValues === 'ALL_OLD' || returnValues === 'ALL_NEW') attributes.untouched = S('u');
      expect(result.Attributes).toEqual(attributes);
    });
  });

  describe('with Expected', () => {
    it('applies the updates only when the conditions hold', async () => {
      const pk = await fresh({ version: N('1'), a: S('x') });
      await expectDynamoDBError(
        update(pk, { version: { Action: 'ADD', Value: N('1') }, a: { Action: 'DELETE' } }, { Expected: { version: { Value: N('2') } } }),
        'ConditionalCheckFailedException',
      );
      expect(await read(pk)).toEqual({ pk: S(pk), version: N('1'), a: S('x') });
      await update(pk, { version: { Action: 'ADD', Value: N('1') }, a: { Action: 'DELETE' } }, { Expected: { version: { Value: N('1') } } });
      expect(await read(pk)).toEqual({ pk: S(pk), version: N('2') });
    });
  });
});
