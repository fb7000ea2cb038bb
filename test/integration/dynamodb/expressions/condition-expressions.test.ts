import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../../support/dynamodb.js';
import { expectDynamoDBError } from '../support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from '../support/test-tables.js';

type Values = Record<string, AttributeValue>;
type Names = Record<string, string>;

const seed: Values = {
  pk: { S: 'seed' },
  s: { S: 'hello world' },
  n: { N: '10' },
  neg: { N: '-5' },
  b: { B: new Uint8Array([1, 2, 3]) },
  t: { BOOL: true },
  nul: { NULL: true },
  ss: { SS: ['apple', 'banana'] },
  ns: { NS: ['1', '2', '3'] },
  bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
  l: { L: [{ S: 'x' }, { N: '5' }, { BOOL: false }] },
  a: { M: { b: { L: [{ N: '0' }, { N: '1' }, { M: { c: { S: 'deep' } } }] } } },
  m: { M: { k: { S: 'v' }, deeper: { M: { z: { N: '1' } } } } },
  zebra: { S: 'Zebra' },
  apple: { S: 'apple' },
  accent: { S: 'é' },
  'dotted.zz': { S: 'top-level' },
};

describe('condition expressions', () => {
  const client = testDynamoDBClient();
  const table = uniqueTableName('cond');
  let probe = 0;

  beforeAll(async () => {
    await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
    await client.send(new PutItemCommand({ TableName: table, Item: seed }));
  });

  afterAll(async () => {
    await deleteTestTables(client, [table]);
    client.destroy();
  });

  async function readSeed(): Promise<Values | undefined> {
    const result = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'seed' } }, ConsistentRead: true }));
    return result.Item;
  }

  /**
   * Evaluates a condition against the seed item through a conditional UpdateItem that stamps a
   * fresh probe value, and checks the stamp landed exactly when the condition held.
   */
  async function holds(expression: string, values?: Values, names?: Names): Promise<boolean> {
    probe += 1;
    const stamp = String(probe);
    let passed = true;
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: 'seed' } },
          UpdateExpression: 'SET #probe = :probe',
          ConditionExpression: expression,
          ExpressionAttributeNames: { ...names, '#probe': 'probe' },
          ExpressionAttributeValues: { ...values, ':probe': { N: stamp } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      passed = false;
    }
    const item = await readSeed();
    if (passed) expect(item?.probe).toEqual({ N: stamp });
    else expect(item?.probe).not.toEqual({ N: stamp });
    return passed;
  }

  /** Checks that a condition is rejected as invalid and that the item was not touched. */
  async function rejects(expression: string, message: string | RegExp, values?: Values, names?: Names): Promise<void> {
    const before = await readSeed();
    await expectDynamoDBError(
      client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: 'seed' } },
          UpdateExpression: 'SET probe = :probe',
          ConditionExpression: expression,
          ...(names === undefined ? {} : { ExpressionAttributeNames: names }),
          ExpressionAttributeValues: { ...values, ':probe': { N: '-1' } },
        }),
      ),
      'ValidationException',
      message,
    );
    expect(await readSeed()).toEqual(before);
  }

  const N = (n: string): AttributeValue => ({ N: n });
  const S = (s: string): AttributeValue => ({ S: s });

  describe('comparators', () => {
    it.each([
      ['n = :v', N('10'), true],
      ['n = :v', N('11'), false],
      ['n <> :v', N('11'), true],
      ['n <> :v', N('10'), false],
      ['n < :v', N('11'), true],
      ['n < :v', N('10'), false],
      ['n <= :v', N('10'), true],
      ['n <= :v', N('9.99'), false],
      ['n > :v', N('9'), true],
      ['n > :v', N('10'), false],
      ['n >= :v', N('10'), true],
      ['n >= :v', N('10.01'), false],
      ['neg < :v', N('-4.5'), true],
      ['s = :v', S('hello world'), true],
      ['s < :v', S('hello worle'), true],
      ['s > :v', S('hello'), true],
    ] as const)('evaluates %s with %o as %s', async (expression, value, expected) => {
      expect(await holds(expression, { ':v': value })).toBe(expected);
    });

    it('compares strings by their UTF-8 bytes', async () => {
      expect(await holds('zebra < apple')).toBe(true);
      expect(await holds('accent > :z', { ':z': S('z') })).toBe(true);
    });

    it('compares binaries byte by byte', async () => {
      expect(await holds('b > :v', { ':v': { B: new Uint8Array([1, 2]) } })).toBe(true);
      expect(await holds('b < :v', { ':v': { B: new Uint8Array([2]) } })).toBe(true);
      expect(await holds('b = :v', { ':v': { B: new Uint8Array([1, 2, 3]) } })).toBe(true);
    });

    it('compares two attributes of the item', async () => {
      expect(await holds('neg < n')).toBe(true);
      expect(await holds('n <= neg')).toBe(false);
    });

    it('rejects a comparison of a path with itself', async () => {
      await rejects(
        'n = n',
        'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [n]',
      );
    });

    it('treats values of different types as unequal, not as an error', async () => {
      expect(await holds('n = :v', { ':v': S('10') })).toBe(false);
      expect(await holds('n <> :v', { ':v': S('10') })).toBe(true);
      expect(await holds('n < :v', { ':v': S('99') })).toBe(false);
    });

    it('is false for a comparison with an attribute the item lacks', async () => {
      expect(await holds('absent = :v', { ':v': N('1') })).toBe(false);
      expect(await holds('absent < :v', { ':v': N('1') })).toBe(false);
    });
  });

  describe('BETWEEN and IN', () => {
    it('includes both bounds in BETWEEN', async () => {
      expect(await holds('n BETWEEN :lo AND :hi', { ':lo': N('10'), ':hi': N('20') })).toBe(true);
      expect(await holds('n BETWEEN :lo AND :hi', { ':lo': N('1'), ':hi': N('10') })).toBe(true);
      expect(await holds('n BETWEEN :lo AND :hi', { ':lo': N('11'), ':hi': N('20') })).toBe(false);
      expect(await holds('s BETWEEN :lo AND :hi', { ':lo': S('h'), ':hi': S('i') })).toBe(true);
    });

    it('rejects BETWEEN with the lower bound above the upper bound', async () => {
      await rejects(
        'n BETWEEN :lo AND :hi',
        /^Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound/,
        { ':lo': N('20'), ':hi': N('10') },
      );
    });

    it('matches IN against any listed value', async () => {
      expect(await holds('n IN (:a, :b, :c)', { ':a': N('1'), ':b': N('10'), ':c': N('100') })).toBe(true);
      expect(await holds('n IN (:a, :b)', { ':a': N('1'), ':b': S('10') })).toBe(false);
      expect(await holds('s IN (:a)', { ':a': S('hello world') })).toBe(true);
    });
  });

  describe('logical operators and parentheses', () => {
    const all: Values = { ':ten': N('10'), ':wrong': N('11'), ':wrongS': S('nope') };
    // Only the placeholders an expression uses: DynamoDB rejects unused ones.
    const v = (expression: string): Values =>
      Object.fromEntries(Object.entries(all).filter(([name]) => new RegExp(`${name}\\b`).test(expression)));
    const check = (expression: string): Promise<boolean> => holds(expression, v(expression));

    it('evaluates AND, OR and NOT', async () => {
      expect(await check('n = :ten AND s <> :wrongS')).toBe(true);
      expect(await check('n = :ten AND s = :wrongS')).toBe(false);
      expect(await check('n = :wrong OR s <> :wrongS')).toBe(true);
      expect(await check('NOT n = :wrong')).toBe(true);
      expect(await check('NOT n = :ten')).toBe(false);
    });

    it('binds AND tighter than OR', async () => {
      expect(await check('n = :ten OR n = :wrong AND s = :wrongS')).toBe(true);
    });

    it('binds NOT tighter than OR', async () => {
      expect(await check('NOT n = :ten OR n = :ten')).toBe(true);
    });

    it('lets parentheses override precedence', async () => {
      expect(await check('(n = :ten OR n = :wrong) AND s = :wrongS')).toBe(false);
      expect(await check('NOT (n = :ten OR n = :ten)')).toBe(false);
    });

    it('rejects redundant parentheses', async () => {
      await rejects('((n = :ten))', 'Invalid ConditionExpression: The expression has redundant parentheses;', { ':ten': N('10') });
    });
  });

  describe('functions', () => {
    it('tests existence with attribute_exists and attribute_not_exists, nested paths included', async () => {
      expect(await holds('attribute_exists(s)')).toBe(true);
      expect(await holds('attribute_exists(absent)')).toBe(false);
      expect(await holds('attribute_not_exists(absent)')).toBe(true);
      expect(await holds('attribute_not_exists(s)')).toBe(false);
      expect(await holds('attribute_exists(a.b[2].c)')).toBe(true);
      expect(await holds('attribute_exists(a.b[3])')).toBe(false);
      expect(await holds('attribute_exists(m.deeper.z)')).toBe(true);
      expect(await holds('attribute_exists(m.k.z)')).toBe(false);
      expect(await holds('attribute_exists(nul)')).toBe(true);
    });

    it('checks types with attribute_type', async () => {
      const types: [string, string][] = [
        ['s', 'S'],
        ['n', 'N'],
        ['b', 'B'],
        ['t', 'BOOL'],
        ['nul', 'NULL'],
        ['ss', 'SS'],
        ['ns', 'NS'],
        ['bs', 'BS'],
        ['l', 'L'],
        ['m', 'M'],
      ];
      for (const [path, type] of types) {
        expect(await holds(`attribute_type(${path}, :t)`, { ':t': S(type) })).toBe(true);
      }
      expect(await holds('attribute_type(n, :t)', { ':t': S('S') })).toBe(false);
      expect(await holds('attribute_type(absent, :t)', { ':t': S('S') })).toBe(false);
    });

    it('rejects an unknown type name in attribute_type', async () => {
      await rejects(
        'attribute_type(n, :t)',
        'Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}',
        { ':t': S('X') },
      );
    });

    it('matches prefixes with begins_with on strings and binaries', async () => {
      expect(await holds('begins_with(s, :p)', { ':p': S('hello') })).toBe(true);
      expect(await holds('begins_with(s, :p)', { ':p': S('world') })).toBe(false);
      expect(await holds('begins_with(b, :p)', { ':p': { B: new Uint8Array([1, 2]) } })).toBe(true);
      expect(await holds('begins_with(b, :p)', { ':p': { B: new Uint8Array([2]) } })).toBe(false);
      expect(await holds('begins_with(absent, :p)', { ':p': S('h') })).toBe(false);
    });

    it('finds substrings, set members and list elements with contains', async () => {
      expect(await holds('contains(s, :v)', { ':v': S('lo wo') })).toBe(true);
      expect(await holds('contains(s, :v)', { ':v': S('xyz') })).toBe(false);
      expect(await holds('contains(ss, :v)', { ':v': S('apple') })).toBe(true);
      expect(await holds('contains(ss, :v)', { ':v': S('app') })).toBe(false);
      expect(await holds('contains(ns, :v)', { ':v': N('2') })).toBe(true);
      expect(await holds('contains(bs, :v)', { ':v': { B: new Uint8Array([2]) } })).toBe(true);
      expect(await holds('contains(l, :v)', { ':v': S('x') })).toBe(true);
      expect(await holds('contains(l, :v)', { ':v': N('5') })).toBe(true);
      expect(await holds('contains(l, :v)', { ':v': S('5') })).toBe(false);
    });

    it('measures strings, binaries, sets, lists and maps with size', async () => {
      expect(await holds('size(s) = :v', { ':v': N('11') })).toBe(true);
      expect(await holds('size(b) = :v', { ':v': N('3') })).toBe(true);
      expect(await holds('size(ss) = :v', { ':v': N('2') })).toBe(true);
      expect(await holds('size(ns) = :v', { ':v': N('3') })).toBe(true);
      expect(await holds('size(l) = :v', { ':v': N('3') })).toBe(true);
      expect(await holds('size(m) = :v', { ':v': N('2') })).toBe(true);
      expect(await holds('size(a.b) > :v', { ':v': N('2') })).toBe(true);
      expect(await holds('size(absent) >= :v', { ':v': N('0') })).toBe(false);
    });

    it('rejects an unknown function', async () => {
      await rejects('foo(s)', 'Invalid ConditionExpression: Invalid function name; function: foo');
    });

    it('rejects a function called with the wrong number of operands', async () => {
      await rejects(
        'begins_with(s)',
        'Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1',
      );
    });
  });

  describe('document paths', () => {
    it('follows nested paths a.b[2].c, with or without placeholders', async () => {
      expect(await holds('a.b[2].c = :v', { ':v': S('deep') })).toBe(true);
      expect(await holds('#a.#b[2].#c = :v', { ':v': S('deep') }, { '#a': 'a', '#b': 'b', '#c': 'c' })).toBe(true);
      expect(await holds('a.b[1] = :v', { ':v': N('1') })).toBe(true);
      expect(await holds('l[0] = :v', { ':v': S('x') })).toBe(true);
    });

    it('reads a placeholder holding a dot as one top-level attribute name', async () => {
      expect(await holds('#d = :v', { ':v': S('top-level') }, { '#d': 'dotted.zz' })).toBe(true);
      expect(await holds('attribute_exists(dotted.zz)')).toBe(false);
    });
  });

  describe('conditional writes', () => {
    it('puts only when the key is new with attribute_not_exists, and reports the failure', async () => {
      const item = { pk: { S: 'unique' }, owner: { S: 'first' } };
      await client.send(new PutItemCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      const error = await expectDynamoDBError(
        client.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: { S: 'unique' }, owner: { S: 'second' } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
        'ConditionalCheckFailedException',
        'The conditional request failed',
      );
      expect(error).toBeInstanceOf(ConditionalCheckFailedException);
      const stored = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'unique' } }, ConsistentRead: true }));
      expect(stored.Item).toEqual(item);
    });

    it('evaluates a condition on an absent item as against an empty item', async () => {
      await expectDynamoDBError(
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: { S: 'absent' } },
            UpdateExpression: 'SET v = :v',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':v': N('1') },
          }),
        ),
        'ConditionalCheckFailedException',
        'The conditional request failed',
      );
      const stored = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'absent' } }, ConsistentRead: true }));
      expect(stored.Item).toBeUndefined();
    });

    it('deletes only when the condition holds', async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'del' }, v: N('1') } }));
      await expectDynamoDBError(
        client.send(
          new DeleteItemCommand({
            TableName: table,
            Key: { pk: { S: 'del' } },
            ConditionExpression: 'v = :two',
            ExpressionAttributeValues: { ':two': N('2') },
          }),
        ),
        'ConditionalCheckFailedException',
        'The conditional request failed',
      );
      expect((await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'del' } }, ConsistentRead: true }))).Item).toBeDefined();
      await client.send(
        new DeleteItemCommand({
          TableName: table,
          Key: { pk: { S: 'del' } },
          ConditionExpression: 'v = :one',
          ExpressionAttributeValues: { ':one': N('1') },
        }),
      );
      expect((await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'del' } }, ConsistentRead: true }))).Item).toBeUndefined();
    });
  });

  describe('validation', () => {
    it('rejects an expression attribute name that is not defined', async () => {
      await rejects(
        '#x = :v',
        'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x',
        { ':v': N('1') },
      );
    });

    it('rejects an expression attribute value that is not defined', async () => {
      await rejects(
        'n = :nope',
        'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope',
      );
    });

    it('rejects an unused expression attribute name', async () => {
      await rejects('n = :v', 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}', { ':v': N('1') }, { '#unused': 'n' });
    });

    it('rejects an unused expression attribute value', async () => {
      await rejects('n = :v', 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}', {
        ':v': N('1'),
        ':unused': N('2'),
      });
    });

    it('rejects a reserved word used as a bare attribute name', async () => {
      await rejects('status = :v', 'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status', { ':v': S('x') });
    });

    it('accepts the same reserved word through a placeholder', async () => {
      expect(await holds('attribute_not_exists(#status)', undefined, { '#status': 'status' })).toBe(true);
    });

    it('rejects a syntax error', async () => {
      await rejects('n = ', /^Invalid ConditionExpression: Syntax error; token: "<EOF>", near: /);
      await rejects('n == :v', /^Invalid ConditionExpression: Syntax error; token: "=", near: /, { ':v': N('1') });
    });

    it('rejects an empty expression', async () => {
      await rejects('', 'Invalid ConditionExpression: The expression can not be empty;');
    });

    it('rejects an invalid value among the ExpressionAttributeValues', async () => {
      await rejects(
        'ss = :v',
        'ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v',
        { ':v': { SS: [] } },
      );
    });
  });
});
