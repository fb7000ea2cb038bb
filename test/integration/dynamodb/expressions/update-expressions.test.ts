import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../../support/dynamodb.js';
import { expectDynamoDBError } from '../support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from '../support/test-tables.js';

type Values = Record<string, AttributeValue>;

const N = (n: string): AttributeValue => ({ N: n });
const S = (s: string): AttributeValue => ({ S: s });

describe('update expressions', () => {
  const client = testDynamoDBClient();
  const table = uniqueTableName('update');
  let counter = 0;

  beforeAll(async () => {
    await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
  });

  afterAll(async () => {
    await deleteTestTables(client, [table]);
    client.destroy();
  });

  /** Writes a fresh item (its own key) and returns the key's value. */
  async function fresh(attributes: Values): Promise<string> {
    counter += 1;
    const pk = `item-${counter}`;
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: S(pk), ...attributes } }));
    return pk;
  }

  async function read(pk: string): Promise<Values | undefined> {
    const result = await client.send(new GetItemCommand({ TableName: table, Key: { pk: S(pk) }, ConsistentRead: true }));
    return result.Item;
  }

  async function update(pk: string, expression: string, values?: Values, names?: Record<string, string>): Promise<void> {
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: S(pk) },
        UpdateExpression: expression,
        ...(values === undefined ? {} : { ExpressionAttributeValues: values }),
        ...(names === undefined ? {} : { ExpressionAttributeNames: names }),
      }),
    );
  }

  /** Applies an update to a fresh item and returns what is stored afterwards (without pk). */
  async function after(start: Values, expression: string, values?: Values, names?: Record<string, string>): Promise<Values> {
    const pk = await fresh(start);
    await update(pk, expression, values, names);
    const { pk: _pk, ...rest } = (await read(pk)) ?? {};
    return rest;
  }

  /** Checks that an update is rejected and that the item is unchanged. */
  async function rejected(start: Values, expression: string, message: string | RegExp, values?: Values, names?: Record<string, string>): Promise<void> {
    const pk = await fresh(start);
    const before = await read(pk);
    await expectDynamoDBError(update(pk, expression, values, names), 'ValidationException', message);
    expect(await read(pk)).toEqual(before);
  }

  describe('SET', () => {
    it('sets top-level attributes to values and to other attributes', async () => {
      expect(await after({ a: N('1') }, 'SET b = :v, c = a', { ':v': S('x') })).toEqual({ a: N('1'), b: S('x'), c: N('1') });
    });

    it('adds and subtracts numbers with + and -', async () => {
      expect(await after({ n: N('10') }, 'SET n = n + :d, m = n - :d, k = :a - :b', { ':d': N('2.5'), ':a': N('1'), ':b': N('3') })).toEqual({
        n: N('12.5'),
        m: N('7.5'),
        k: N('-2'),
      });
    });

    it('reads every operand from the item as it was before the update', async () => {
      expect(await after({ a: N('1'), b: N('2') }, 'SET a = b, b = a')).toEqual({ a: N('2'), b: N('1') });
    });

    it('uses if_not_exists to default only a missing attribute', async () => {
      expect(await after({ a: N('5') }, 'SET a = if_not_exists(a, :d), b = if_not_exists(b, :d)', { ':d': N('0') })).toEqual({
        a: N('5'),
        b: N('0'),
      });
      expect(await after({}, 'SET n = if_not_exists(n, :zero) + :one', { ':zero': N('0'), ':one': N('1') })).toEqual({ n: N('1') });
    });

    it('appends and prepends with list_append', async () => {
      expect(await after({ l: { L: [S('b')] } }, 'SET l = list_append(l, :end)', { ':end': { L: [S('c')] } })).toEqual({
        l: { L: [S('b'), S('c')] },
      });
      expect(await after({ l: { L: [S('b')] } }, 'SET l = list_append(:start, l)', { ':start': { L: [S('a')] } })).toEqual({
        l: { L: [S('a'), S('b')] },
      });
      expect(
        await after({}, 'SET l = list_append(if_not_exists(l, :empty), :v)', { ':empty': { L: [] }, ':v': { L: [N('1')] } }),
      ).toEqual({ l: { L: [N('1')] } });
    });

    it('sets nested map members and list elements, a.b[2].c included', async () => {
      const start: Values = { a: { M: { b: { L: [N('0'), N('1'), { M: { c: S('old') } }] } } } };
      expect(await after(start, 'SET a.b[2].c = :v, a.b[0] = :z, a.d = :d', { ':v': S('new'), ':z': N('9'), ':d': { BOOL: true } })).toEqual({
        a: { M: { b: { L: [N('9'), N('1'), { M: { c: S('new') } }] }, d: { BOOL: true } } },
      });
    });

    it('appends when a list index is past the end', async () => {
      expect(await after({ l: { L: [S('a')] } }, 'SET l[10] = :v', { ':v': S('b') })).toEqual({ l: { L: [S('a'), S('b')] } });
    });

    it('resolves names through placeholders, reserved words included', async () => {
      expect(
        await after({ data: { M: {} } }, 'SET #s = :v, #d.#k = :v', { ':v': S('x') }, { '#s': 'status', '#d': 'data', '#k': 'key' }),
      ).toEqual({ status: S('x'), data: { M: { key: S('x') } } });
    });
  });

  describe('REMOVE', () => {
    it('removes top-level attributes, nested members and list elements, shifting the list', async () => {
      const start: Values = { a: N('1'), b: N('2'), m: { M: { x: N('1'), y: N('2') } }, l: { L: [S('0'), S('1'), S('2')] } };
      expect(await after(start, 'REMOVE a, m.x, l[0]')).toEqual({ b: N('2'), m: { M: { y: N('2') } }, l: { L: [S('1'), S('2')] } });
    });

    it('ignores a path that does not exist', async () => {
      expect(await after({ a: N('1') }, 'REMOVE nothing_here, a')).toEqual({});
    });
  });

  describe('ADD', () => {
    it('adds to a number, starting from zero when it is missing', async () => {
      expect(await after({ n: N('5') }, 'ADD n :d, fresh :d', { ':d': N('-2') })).toEqual({ n: N('3'), fresh: N('-2') });
    });

    it('adds members to a set, creating it when missing', async () => {
      const stored = await after({ s: { SS: ['a', 'b'] } }, 'ADD s :more, t :more', { ':more': { SS: ['b', 'c'] } });
      expect([...(stored.s?.SS ?? [])].sort()).toEqual(['a', 'b', 'c']);
      expect([...(stored.t?.SS ?? [])].sort()).toEqual(['b', 'c']);
    });

    it('rejects ADD with a value that is neither a number nor a set', async () => {
      await rejected({}, 'ADD s :v', 'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING', {
        ':v': S('x'),
      });
    });

    it('rejects ADD of a number to a string attribute at run time', async () => {
      await rejected({ s: S('x') }, 'ADD s :v', 'An operand in the update expression has an incorrect data type', { ':v': N('1') });
    });
  });

  describe('DELETE', () => {
    it('removes members from a set, and the attribute when the set becomes empty', async () => {
      const stored = await after({ s: { NS: ['1', '2', '3'] }, t: { SS: ['only'] } }, 'DELETE s :gone, t :t', {
        ':gone': { NS: ['2', '9'] },
        ':t': { SS: ['only'] },
      });
      expect([...(stored.s?.NS ?? [])].sort()).toEqual(['1', '3']);
      expect(stored.t).toBeUndefined();
    });

    it('rejects DELETE with a value that is not a set', async () => {
      await rejected({}, 'DELETE s :v', 'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER', {
        ':v': N('1'),
      });
    });
  });

  describe('several clauses together', () => {
    it('applies SET, REMOVE, ADD and DELETE in one expression', async () => {
      const stored = await after(
        { a: N('1'), gone: S('x'), s: { SS: ['p', 'q'] } },
        'SET b = :b REMOVE gone ADD a :one DELETE s :q',
        { ':b': S('new'), ':one': N('1'), ':q': { SS: ['q'] } },
      );
      expect(stored).toEqual({ a: N('2'), b: S('new'), s: { SS: ['p'] } });
    });

    it('rejects a clause keyword used twice', async () => {
      await rejected({}, 'SET a = :v SET b = :v', 'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;', {
        ':v': N('1'),
      });
    });
  });

  describe('run-time errors', () => {
    it('rejects arithmetic on a value that is not a number', async () => {
      await rejected({ s: S('x') }, 'SET s = s + :one', 'An operand in the update expression has an incorrect data type', { ':one': N('1') });
    });

    it('rejects list_append on a value that is not a list', async () => {
      await rejected({ s: S('x') }, 'SET s = list_append(s, :l)', 'An operand in the update expression has an incorrect data type', {
        ':l': { L: [N('1')] },
      });
    });

    it('rejects reading an attribute the item does not have', async () => {
      await rejected({}, 'SET a = nothing_here', 'The provided expression refers to an attribute that does not exist in the item');
      await rejected({}, 'SET a = nothing_here + :one', 'The provided expression refers to an attribute that does not exist in the item', {
        ':one': N('1'),
      });
    });

    it('rejects setting a member under a path that does not exist', async () => {
      await rejected({}, 'SET m.x = :v', 'The document path provided in the update expression is invalid for update', { ':v': N('1') });
      await rejected({ s: S('x') }, 'SET s.x = :v', 'The document path provided in the update expression is invalid for update', { ':v': N('1') });
    });

    it('rejects an update of a key attribute', async () => {
      await rejected({}, 'SET pk = :v', 'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key', {
        ':v': S('other'),
      });
    });
  });

  describe('validation', () => {
    it('rejects an operand of the wrong type for + and list_append', async () => {
      await rejected({}, 'SET a = :s + :n', 'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S', {
        ':s': S('x'),
        ':n': N('1'),
      });
      await rejected(
        {},
        'SET a = list_append(:s, :l)',
        'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S',
        { ':s': S('x'), ':l': { L: [] } },
      );
    });

    it('rejects overlapping and conflicting paths', async () => {
      await rejected(
        {},
        'SET a = :v, a.b = :v',
        'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
        { ':v': N('1') },
      );
      await rejected(
        {},
        'SET a.b = :v REMOVE a[0]',
        'Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]',
        { ':v': N('1') },
      );
    });

    it('rejects undefined and unused placeholders', async () => {
      await rejected({}, 'SET #x = :v', 'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #x', {
        ':v': N('1'),
      });
      await rejected({}, 'SET a = :nope', 'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :nope');
      await rejected({}, 'SET a = :v', 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:extra}', { ':v': N('1'), ':extra': N('2') });
      await rejected({}, 'SET a = :v', 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#extra}', { ':v': N('1') }, { '#extra': 'b' });
    });

    it('rejects a reserved word used bare', async () => {
      await rejected({}, 'SET status = :v', 'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status', { ':v': S('x') });
    });

    it('rejects an unknown function and a syntax error', async () => {
      await rejected({}, 'SET a = concat(:v, :v)', 'Invalid UpdateExpression: Invalid function name; function: concat', { ':v': S('x') });
      await rejected({}, 'SET a = ', /^Invalid UpdateExpression: Syntax error; token: "<EOF>", near: /);
      await rejected({}, 'UPSERT a = :v', /^Invalid UpdateExpression: Syntax error; token: "UPSERT", near: /, { ':v': S('x') });
    });
  });
});
