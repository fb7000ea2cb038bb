import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type ExpectedAttributeValue,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from './support/test-tables.js';

type Values = Record<string, AttributeValue>;
type Expected = Record<string, ExpectedAttributeValue>;

const N = (n: string): AttributeValue => ({ N: n });
const S = (s: string): AttributeValue => ({ S: s });
const B = (text: string): AttributeValue => ({ B: new TextEncoder().encode(text) });

const seed: Values = {
  pk: S('seed'),
  s: S('hello'),
  n: N('5'),
  b: B('hi there'),
  t: { BOOL: true },
  nul: { NULL: true },
  ss: { SS: ['dog', 'chinchilla'] },
  ns: { NS: ['2', '4', '7'] },
  l: { L: [N('2'), N('4'), S('seven')] },
  m: { M: { k: S('v') } },
  'dotted.name': S('top-level'),
};

const invalid = 'One or more parameter values were invalid';

describe('legacy Expected and ConditionalOperator', () => {
  const client = testDynamoDBClient();
  const table = uniqueTableName('legacy-cond');
  let probe = 0;

  beforeAll(async () => {
    await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
    await client.send(new PutItemCommand({ TableName: table, Item: seed }));
  });

  afterAll(async () => {
    await deleteTestTables(client, [table]);
    client.destroy();
  });

  async function read(pk: string): Promise<Values | undefined> {
    const result = await client.send(new GetItemCommand({ TableName: table, Key: { pk: S(pk) }, ConsistentRead: true }));
    return result.Item;
  }

  /**
   * Evaluates legacy conditions against the seed item through an UpdateItem whose
   * AttributeUpdates stamp a fresh probe value, and checks the stamp landed exactly when the
   * conditions held.
   */
  async function holds(expected: Expected, conditionalOperator?: 'AND' | 'OR'): Promise<boolean> {
    probe += 1;
    const stamp = String(probe);
    let passed = true;
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S('seed') },
          AttributeUpdates: { probe: { Action: 'PUT', Value: N(stamp) } },
          Expected: expected,
          ...(conditionalOperator === undefined ? {} : { ConditionalOperator: conditionalOperator }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      passed = false;
    }
    const item = await read('seed');
    if (passed) expect(item?.probe).toEqual(N(stamp));
    else expect(item?.probe).not.toEqual(N(stamp));
    return passed;
  }

  /** Checks that conditions are refused as invalid and that the item was not touched. */
  async function rejects(expected: Expected, message?: string, conditionalOperator?: 'AND' | 'OR'): Promise<void> {
    const before = await read('seed');
    await expectDynamoDBError(
      client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S('seed') },
          AttributeUpdates: { probe: { Action: 'PUT', Value: N('-1') } },
          Expected: expected,
          ...(conditionalOperator === undefined ? {} : { ConditionalOperator: conditionalOperator }),
        }),
      ),
      'ValidationException',
      message,
    );
    expect(await read('seed')).toEqual(before);
  }

  const op = (ComparisonOperator: ExpectedAttributeValue['ComparisonOperator'], ...AttributeValueList: AttributeValue[]): ExpectedAttributeValue =>
    AttributeValueList.length === 0 ? { ComparisonOperator } : { ComparisonOperator, AttributeValueList };

  describe('comparison operators', () => {
    it.each([
      ['n EQ 5', 'n', op('EQ', N('5')), true],
      ['n EQ 5.0 (numerically)', 'n', op('EQ', N('5.0')), true],
      ['n EQ 6', 'n', op('EQ', N('6')), false],
      ['n EQ "5" (another type)', 'n', op('EQ', S('5')), false],
      ['ss EQ the same set in another order', 'ss', op('EQ', { SS: ['chinchilla', 'dog'] }), true],
      ['ss EQ a subset', 'ss', op('EQ', { SS: ['dog'] }), false],
      ['t EQ true', 't', op('EQ', { BOOL: true }), true],
      ['m EQ the same map', 'm', op('EQ', { M: { k: S('v') } }), true],
      ['absent EQ 1', 'absent', op('EQ', N('1')), false],
      ['n NE 6', 'n', op('NE', N('6')), true],
      ['n NE 5', 'n', op('NE', N('5')), false],
      ['n NE "5" (another type)', 'n', op('NE', S('5')), true],
      ['absent NE 1', 'absent', op('NE', N('1')), true],
      ['n LE 5', 'n', op('LE', N('5')), true],
      ['n LE 4', 'n', op('LE', N('4')), false],
      ['n LT 6', 'n', op('LT', N('6')), true],
      ['n LT 5', 'n', op('LT', N('5')), false],
      ['n GE 5', 'n', op('GE', N('5')), true],
      ['n GE 5.1', 'n', op('GE', N('5.1')), false],
      ['n GT 4', 'n', op('GT', N('4')), true],
      ['n GT 5', 'n', op('GT', N('5')), false],
      ['s GT "aardvark"', 's', op('GT', S('aardvark')), true],
      ['s LT "dog"', 's', op('LT', S('dog')), false],
      ['b LT bytes "hz"', 'b', op('LT', B('hz')), true],
      ['n LT "9" (another type)', 'n', op('LT', S('9')), false],
      ['absent LT 9', 'absent', op('LT', N('9')), false],
      ['nul NOT_NULL (a NULL value exists)', 'nul', op('NOT_NULL'), true],
      ['absent NOT_NULL', 'absent', op('NOT_NULL'), false],
      ['absent NULL', 'absent', op('NULL'), true],
      ['nul NULL', 'nul', op('NULL'), false],
      ['s CONTAINS "ell"', 's', op('CONTAINS', S('ell')), true],
      ['s CONTAINS "dog"', 's', op('CONTAINS', S('dog')), false],
      ['s CONTAINS 1 (another type)', 's', op('CONTAINS', N('1')), false],
      ['ss CONTAINS "dog"', 'ss', op('CONTAINS', S('dog')), true],
      ['ns CONTAINS 4', 'ns', op('CONTAINS', N('4')), true],
      ['ns CONTAINS 1', 'ns', op('CONTAINS', N('1')), false],
      ['l CONTAINS 4 (a list element)', 'l', op('CONTAINS', N('4')), true],
      ['b CONTAINS bytes "here"', 'b', op('CONTAINS', B('here')), true],
      ['b CONTAINS bytes "dog"', 'b', op('CONTAINS', B('dog')), false],
      ['absent CONTAINS 1', 'absent', op('CONTAINS', N('1')), false],
      ['s NOT_CONTAINS "dog"', 's', op('NOT_CONTAINS', S('dog')), true],
      ['s NOT_CONTAINS "ell"', 's', op('NOT_CONTAINS', S('ell')), false],
      ['ns NOT_CONTAINS 1', 'ns', op('NOT_CONTAINS', N('1')), true],
      ['ns NOT_CONTAINS 4', 'ns', op('NOT_CONTAINS', N('4')), false],
      ['l NOT_CONTAINS 4', 'l', op('NOT_CONTAINS', N('4')), false],
      ['b NOT_CONTAINS bytes "dog"', 'b', op('NOT_CONTAINS', B('dog')), true],
      ['absent NOT_CONTAINS 1 (false, unlike NE)', 'absent', op('NOT_CONTAINS', N('1')), false],
      ['s BEGINS_WITH "hell"', 's', op('BEGINS_WITH', S('hell')), true],
      ['s BEGINS_WITH "ell"', 's', op('BEGINS_WITH', S('ell')), false],
      ['b BEGINS_WITH bytes "hi"', 'b', op('BEGINS_WITH', B('hi')), true],
      ['n BEGINS_WITH "5" (another type)', 'n', op('BEGINS_WITH', S('5')), false],
      ['n IN (2, 5, 8)', 'n', op('IN', N('2'), N('5'), N('8')), true],
      ['n IN (1, 2)', 'n', op('IN', N('1'), N('2')), false],
      ['ns IN (2) (a set is not in a list of scalars)', 'ns', op('IN', N('2')), false],
      ['n BETWEEN 1 AND 5', 'n', op('BETWEEN', N('1'), N('5')), true],
      ['n BETWEEN 5 AND 5', 'n', op('BETWEEN', N('5'), N('5')), true],
      ['n BETWEEN 6 AND 9', 'n', op('BETWEEN', N('6'), N('9')), false],
      ['s BETWEEN "a" AND "z"', 's', op('BETWEEN', S('a'), S('z')), true],
      ['absent BETWEEN 0 AND 100', 'absent', op('BETWEEN', N('0'), N('100')), false],
      ['a name with a dot is one attribute', 'dotted.name', op('EQ', S('top-level')), true],
    ] as const)('%s', async (_label, attribute, condition, expected) => {
      expect(await holds({ [attribute]: condition })).toBe(expected);
    });

    it('takes the single value of a ComparisonOperator from Value as well', async () => {
      expect(await holds({ n: { ComparisonOperator: 'EQ', Value: N('5') } })).toBe(true);
      expect(await holds({ n: { ComparisonOperator: 'GT', Value: N('5') } })).toBe(false);
    });
  });

  describe('Value and Exists', () => {
    it.each([
      ['Value alone compares for equality', { n: { Value: N('5') } }, true],
      ['Value alone fails on another value', { n: { Value: N('6') } }, false],
      ['Value alone fails on a missing attribute', { absent: { Value: N('5') } }, false],
      ['Exists true with Value compares for equality', { n: { Exists: true, Value: N('5') } }, true],
      ['Exists true with another Value fails', { n: { Exists: true, Value: N('6') } }, false],
      ['Exists false holds for a missing attribute', { absent: { Exists: false } }, true],
      ['Exists false fails for a present attribute', { n: { Exists: false } }, false],
      ['Exists false fails for a NULL-typed attribute (it exists)', { nul: { Exists: false } }, false],
      ['Value of type BOOL', { t: { Value: { BOOL: true }, Exists: true } }, true],
    ] as const)('%s', async (_label, expected, result) => {
      expect(await holds(expected)).toBe(result);
    });
  });

  describe('several conditions', () => {
    const allTrue: Expected = { n: { Value: N('5') }, s: op('BEGINS_WITH', S('he')), absent: { Exists: false } };
    const oneFalse: Expected = { n: { Value: N('5') }, s: op('BEGINS_WITH', S('xx')), absent: { Exists: false } };
    const allFalse: Expected = { n: { Value: N('6') }, s: op('BEGINS_WITH', S('xx')), absent: op('NOT_NULL') };

    it('joins conditions with AND by default and when asked', async () => {
      expect(await holds(allTrue)).toBe(true);
      expect(await holds(oneFalse)).toBe(false);
      expect(await holds(allTrue, 'AND')).toBe(true);
      expect(await holds(oneFalse, 'AND')).toBe(false);
    });

    it('joins conditions with OR when ConditionalOperator is OR', async () => {
      expect(await holds(oneFalse, 'OR')).toBe(true);
      expect(await holds(allFalse, 'OR')).toBe(false);
    });

    it('treats an empty Expected as no condition', async () => {
      expect(await holds({})).toBe(true);
    });
  });

  describe('validation', () => {
    it.each<[string, Expected, string]>([
      ['no Value and no Exists', { a: {} }, `${invalid}: Value must be provided when Exists is null for Attribute: a`],
      ['Exists true without Value', { a: { Exists: true } }, `${invalid}: Value must be provided when Exists is true for Attribute: a`],
      ['Exists false with Value', { a: { Exists: false, Value: S('x') } }, `${invalid}: Value cannot be used when Exists is false for Attribute: a`],
      [
        'ComparisonOperator without values',
        { a: { ComparisonOperator: 'LT' } },
        `${invalid}: Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a`,
      ],
      [
        'ComparisonOperator with Exists',
        { a: { Exists: true, ComparisonOperator: 'LT' } },
        `${invalid}: Exists and ComparisonOperator cannot be used together for Attribute: a`,
      ],
      [
        'Value with AttributeValueList',
        { a: { ComparisonOperator: 'LT', Value: S('x'), AttributeValueList: [S('x')] } },
        `${invalid}: Value and AttributeValueList cannot be used together for Attribute: a`,
      ],
      [
        'AttributeValueList without ComparisonOperator',
        { a: { AttributeValueList: [S('x')] } },
        `${invalid}: AttributeValueList can only be used with a ComparisonOperator for Attribute: a`,
      ],
      [
        'AttributeValueList with Exists',
        { a: { Exists: true, AttributeValueList: [S('x')] } },
        `${invalid}: AttributeValueList can only be used with a ComparisonOperator for Attribute: a`,
      ],
      ['EQ with no values', { a: { ComparisonOperator: 'EQ', AttributeValueList: [] } }, `${invalid}: Invalid number of argument(s) for the EQ ComparisonOperator`],
      ['EQ with two values', { a: op('EQ', N('1'), N('2')) }, `${invalid}: Invalid number of argument(s) for the EQ ComparisonOperator`],
      ['NULL with a value', { a: op('NULL', S('x')) }, `${invalid}: Invalid number of argument(s) for the NULL ComparisonOperator`],
      ['NULL with Value', { a: { ComparisonOperator: 'NULL', Value: S('x') } }, `${invalid}: Invalid number of argument(s) for the NULL ComparisonOperator`],
      ['IN with no values', { a: { ComparisonOperator: 'IN', AttributeValueList: [] } }, `${invalid}: Invalid number of argument(s) for the IN ComparisonOperator`],
      ['BETWEEN with three values', { a: op('BETWEEN', N('1'), N('10'), N('12')) }, `${invalid}: Invalid number of argument(s) for the BETWEEN ComparisonOperator`],
      ['BETWEEN with Value', { a: { ComparisonOperator: 'BETWEEN', Value: S('x') } }, `${invalid}: Invalid number of argument(s) for the BETWEEN ComparisonOperator`],
      ['values of two types', { a: op('IN', N('3'), S('dog')) }, `${invalid}: AttributeValues inside AttributeValueList must be of same type`],
      ['BETWEEN bounds reversed', { a: op('BETWEEN', N('4'), N('3')) }, 'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound'],
    ])('refuses %s', async (_label, expected, message) => {
      await rejects(expected, message);
    });

    it.each([
      ['BEGINS_WITH a number', op('BEGINS_WITH', N('3'))],
      ['LT a set', op('LT', { SS: ['a'] })],
      ['IN lists', op('IN', { L: [N('1')] }, { L: [N('2')] })],
      ['CONTAINS a list', op('CONTAINS', { L: [N('1')] })],
      ['NOT_CONTAINS a set', op('NOT_CONTAINS', { NS: ['1'] })],
      ['BETWEEN sets', op('BETWEEN', { NS: ['1'] }, { NS: ['2'] })],
    ] as const)('refuses %s as a value of the wrong type', async (_label, condition) => {
      await rejects({ a: condition });
    });

    it('refuses an invalid value in AttributeValueList', async () => {
      await rejects({ a: op('EQ', { SS: ['x', 'x'] }) }, `${invalid}: Input collection [x, x] contains duplicates.`);
    });
  });

  describe('ConditionalOperator', () => {
    it('needs an Expected map', async () => {
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: S('condop') }, ConditionalOperator: 'AND' })),
        'ValidationException',
        'ConditionalOperator cannot be used without Filter or Expected',
      );
      await rejects({}, 'ConditionalOperator cannot be used without Filter or Expected', 'OR');
    });

    it('needs at least two conditions to join', async () => {
      await rejects({ n: { Value: N('5') } }, 'ConditionalOperator can only be used when Filter or Expected has two or more elements', 'AND');
    });
  });

  describe('mixing with expressions', () => {
    it('refuses Expected with a ConditionExpression, naming both sides', async () => {
      await expectDynamoDBError(
        client.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: S('mix') },
            Expected: { a: { Exists: false } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
        'ValidationException',
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}',
      );
    });

    it('counts ConditionalOperator as a non-expression parameter', async () => {
      await expectDynamoDBError(
        client.send(
          new DeleteItemCommand({
            TableName: table,
            Key: { pk: S('mix') },
            Expected: { a: { Exists: false }, b: { Exists: false } },
            ConditionalOperator: 'OR',
            ConditionExpression: 'attribute_exists(pk)',
          }),
        ),
        'ValidationException',
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected, ConditionalOperator} Expression parameters: {ConditionExpression}',
      );
    });

    it('refuses Expected and AttributeUpdates with an UpdateExpression', async () => {
      await expectDynamoDBError(
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: S('mix') },
            AttributeUpdates: { a: { Action: 'PUT', Value: S('x') } },
            Expected: { a: { Exists: false } },
            UpdateExpression: 'SET a = :v',
            ConditionExpression: 'attribute_not_exists(a)',
            ExpressionAttributeValues: { ':v': S('x') },
          }),
        ),
        'ValidationException',
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates, Expected} Expression parameters: {UpdateExpression, ConditionExpression}',
      );
    });

    it('refuses ExpressionAttributeValues beside Expected alone', async () => {
      await expectDynamoDBError(
        client.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: S('mix') },
            Expected: { a: { Exists: false } },
            ExpressionAttributeValues: { ':v': S('x') },
          }),
        ),
        'ValidationException',
        'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null',
      );
      expect(await read('mix')).toBeUndefined();
    });
  });

  describe('on PutItem and DeleteItem', () => {
    it('puts only when Expected holds, and returns the old item with ALL_OLD', async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: S('put'), v: N('1') }, Expected: { pk: { Exists: false } } }));
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: S('put'), v: N('9') }, Expected: { pk: { Exists: false } } })),
        'ConditionalCheckFailedException',
      );
      expect(await read('put')).toEqual({ pk: S('put'), v: N('1') });
      const replaced = await client.send(
        new PutItemCommand({ TableName: table, Item: { pk: S('put'), v: N('2') }, Expected: { v: { Value: N('1') } }, ReturnValues: 'ALL_OLD' }),
      );
      expect(replaced.Attributes).toEqual({ pk: S('put'), v: N('1') });
      expect(await read('put')).toEqual({ pk: S('put'), v: N('2') });
    });

    it('deletes only when Expected holds', async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: S('del'), v: N('1') } }));
      await expectDynamoDBError(
        client.send(new DeleteItemCommand({ TableName: table, Key: { pk: S('del') }, Expected: { v: op('GT', N('1')) } })),
        'ConditionalCheckFailedException',
      );
      expect(await read('del')).toEqual({ pk: S('del'), v: N('1') });
      await client.send(
        new DeleteItemCommand({ TableName: table, Key: { pk: S('del') }, Expected: { v: op('LE', N('1')), w: op('NULL') }, ConditionalOperator: 'AND' }),
      );
      expect(await read('del')).toBeUndefined();
    });

    it('evaluates Expected against no item at all as against an empty one', async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: S('fresh') }, Expected: { pk: op('NULL'), any: op('NE', N('1')) } }));
      expect(await read('fresh')).toEqual({ pk: S('fresh') });
      await expectDynamoDBError(
        client.send(new DeleteItemCommand({ TableName: table, Key: { pk: S('never') }, Expected: { pk: op('NOT_NULL') } })),
        'ConditionalCheckFailedException',
      );
    });
  });
});
