import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../../../local/dynamodb/errors.js';
import { applyUpdate, projectUpdatedPaths, updateWriteSize } from '../../../../local/dynamodb/expressions/apply-update.js';
import type { ExpressionInputs } from '../../../../local/dynamodb/expressions/compile-expressions.js';
import { compileExpressions } from '../../../../local/dynamodb/expressions/compile-expressions.js';
import type { AttributeValue, Item } from '../../../../local/dynamodb/values/attribute-value.js';

function update(
  expression: string,
  item: Item,
  values?: Record<string, AttributeValue>,
  names?: Record<string, string>,
  key?: Item,
) {
  const inputs: ExpressionInputs = { updateExpression: expression };
  if (values !== undefined) inputs.expressionAttributeValues = values;
  if (names !== undefined) inputs.expressionAttributeNames = names;
  const compiled = compileExpressions(inputs).update;
  if (compiled === undefined) throw new Error('no update compiled');
  return applyUpdate(compiled, item, key);
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DynamoDBError && error.type === 'ValidationException') return error.message;
    throw error;
  }
  throw new Error('expected a ValidationException');
}

const base: Item = {
  id: { S: 'k' },
  n: { N: '5' },
  tags: { SS: ['a', 'b'] },
  lst: { L: [{ S: 'x' }, { S: 'y' }, { S: 'z' }] },
  doc: { M: { inr: { M: { v: { N: '1' } } }, arr: { L: [{ N: '1' }] } } },
};

describe('SET', () => {
  it('sets top-level and nested attributes', () => {
    const { item } = update('SET a = :v, doc.inr.w = :v, doc.arr[0] = :v', base, { ':v': { S: 'new' } });
    expect(item.a).toEqual({ S: 'new' });
    expect(item.doc).toEqual({ M: { inr: { M: { v: { N: '1' }, w: { S: 'new' } } }, arr: { L: [{ S: 'new' }] } } });
    expect(base.a).toBeUndefined();
  });

  it('computes with + and -, exactly', () => {
    expect(update('SET n = n + :d', base, { ':d': { N: '0.1' } }).item.n).toEqual({ N: '5.1' });
    expect(update('SET n = :d - n', base, { ':d': { N: '1' } }).item.n).toEqual({ N: '-4' });
    expect(failure(() => update('SET n = :d + :d', base, { ':d': { N: '9.9e125' } }))).toMatch(/^Number overflow/);
  });

  it('uses if_not_exists and list_append', () => {
    expect(update('SET c = if_not_exists(c, :z) + :one', base, { ':z': { N: '0' }, ':one': { N: '1' } }).item.c).toEqual({ N: '1' });
    expect(update('SET n = if_not_exists(n, :z)', base, { ':z': { N: '0' } }).item.n).toEqual({ N: '5' });
    expect(update('SET lst = list_append(lst, :more)', base, { ':more': { L: [{ S: 'w' }] } }).item.lst).toEqual({
      L: [{ S: 'x' }, { S: 'y' }, { S: 'z' }, { S: 'w' }],
    });
    expect(update('SET lst = list_append(:more, lst)', base, { ':more': { L: [{ S: 'w' }] } }).item.lst).toEqual({
      L: [{ S: 'w' }, { S: 'x' }, { S: 'y' }, { S: 'z' }],
    });
  });

  it('computes every value from the item as it was before the update', () => {
    const { item } = update('SET a = n, n = :v', base, { ':v': { N: '9' } });
    expect(item.a).toEqual({ N: '5' });
    expect(item.n).toEqual({ N: '9' });
  });

  it('appends when the list index is past the end', () => {
    expect(update('SET lst[10] = :v', base, { ':v': { S: 'end' } }).item.lst).toEqual({
      L: [{ S: 'x' }, { S: 'y' }, { S: 'z' }, { S: 'end' }],
    });
  });

  it('reports DynamoDB’s runtime errors', () => {
    expect(failure(() => update('SET absent.b = :v', base, { ':v': { S: 'x' } }))).toBe(
      'The document path provided in the update expression is invalid for update',
    );
    expect(failure(() => update('SET n[0] = :v', base, { ':v': { S: 'x' } }))).toBe(
      'The document path provided in the update expression is invalid for update',
    );
    expect(failure(() => update('SET a = absent', base))).toBe('The provided expression refers to an attribute that does not exist in the item');
    expect(failure(() => update('SET a = id + :v', base, { ':v': { N: '1' } }))).toBe('An operand in the update expression has an incorrect data type');
    expect(failure(() => update('SET a = list_append(id, :v)', base, { ':v': { L: [] } }))).toBe(
      'An operand in the update expression has an incorrect data type',
    );
  });

  it('refuses to update a key attribute', () => {
    expect(failure(() => update('SET id = :v', base, { ':v': { S: 'x' } }, undefined, { id: { S: 'k' } }))).toBe(
      'One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key',
    );
  });
});

describe('REMOVE, ADD, DELETE', () => {
  it('removes attributes and list elements by their original indexes', () => {
    const { item } = update('REMOVE n, lst[0], lst[2], doc.inr, absent', base);
    expect(item.n).toBeUndefined();
    expect(item.lst).toEqual({ L: [{ S: 'y' }] });
    expect(item.doc).toEqual({ M: { arr: { L: [{ N: '1' }] } } });
  });

  it('adds to numbers and sets, creating them when absent', () => {
    expect(update('ADD n :v', base, { ':v': { N: '-7' } }).item.n).toEqual({ N: '-2' });
    expect(update('ADD ctr :v', base, { ':v': { N: '3' } }).item.ctr).toEqual({ N: '3' });
    expect(update('ADD tags :v', base, { ':v': { SS: ['b', 'c'] } }).item.tags).toEqual({ SS: ['a', 'b', 'c'] });
    expect(update('ADD fresh :v', base, { ':v': { NS: ['1'] } }).item.fresh).toEqual({ NS: ['1'] });
    expect(failure(() => update('ADD tags :v', base, { ':v': { N: '1' } }))).toBe('An operand in the update expression has an incorrect data type');
  });

  it('deletes from sets and drops a set left empty', () => {
    expect(update('DELETE tags :v', base, { ':v': { SS: ['a'] } }).item.tags).toEqual({ SS: ['b'] });
    expect(update('DELETE tags :v', base, { ':v': { SS: ['a', 'b'] } }).item.tags).toBeUndefined();
    expect(update('DELETE absent :v', base, { ':v': { SS: ['a'] } }).item).toEqual(base);
    expect(failure(() => update('DELETE n :v', base, { ':v': { NS: ['5'] } }))).toBe('An operand in the update expression has an incorrect data type');
  });
});

describe('update validation messages', () => {
  const v = { ':v': { S: 'x' } };
  it.each([
    ['INVALID SYNTAX HERE', 'Syntax error; token: "INVALID", near: "INVALID SYNTAX"'],
    ['SET a = ', 'Syntax error; token: "<EOF>", near: "= "'],
    ['SET a = :v,', 'Syntax error; token: "<EOF>", near: ","'],
    ['SET a = :v SET b = :v', 'The "SET" section can only be used once in an update expression;'],
    ['SET a = :v, a = :v', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]'],
    ['SET a.b = :v REMOVE a', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]'],
    ['SET a.b = :v REMOVE a[0]', 'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]'],
    ['SET a = foo(:v)', 'Invalid function name; function: foo'],
    ['SET a = if_not_exists(:v, :v)', 'Operator or function requires a document path; operator or function: if_not_exists'],
    ['SET a = if_not_exists(a)', 'Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1'],
    ['SET a = list_append(a, :v)', 'Incorrect operand type for operator or function; operator or function: list_append, operand type: S'],
    ['SET a = a + :v', 'Incorrect operand type for operator or function; operator or function: +, operand type: S'],
    ['ADD a :v', 'Incorrect operand type for operator or function; operator: ADD, operand type: STRING'],
    ['DELETE a :v', 'Incorrect operand type for operator or function; operator: DELETE, operand type: STRING'],
    ['SET a = :v REMOVE size', 'Attribute name is a reserved keyword; reserved keyword: size'],
    ['SET #x = :v', 'An expression attribute name used in the document path is not defined; attribute name: #x'],
  ])('%s', (expression, message) => {
    expect(failure(() => compileExpressions({ updateExpression: expression, expressionAttributeValues: v }))).toBe(`Invalid UpdateExpression: ${message}`);
  });

  it('rejects an empty update expression', () => {
    expect(failure(() => compileExpressions({ updateExpression: '' }))).toBe('Invalid UpdateExpression: The expression can not be empty;');
  });

  it('accepts lower-case section keywords and parenthesized values', () => {
    expect(update('set a = (:v) remove n', base, v).item).toMatchObject({ a: { S: 'x' } });
  });
});

describe('return values and size', () => {
  it('projects the old and new item onto the updated paths', () => {
    const { item, updatedPaths } = update('SET doc.inr.v = :v, fresh = :v REMOVE n', base, { ':v': { N: '2' } });
    expect(projectUpdatedPaths(base, updatedPaths)).toEqual({ doc: { M: { inr: { M: { v: { N: '1' } } } } }, n: { N: '5' } });
    expect(projectUpdatedPaths(item, updatedPaths)).toEqual({ doc: { M: { inr: { M: { v: { N: '2' } } } } }, fresh: { N: '2' } });
  });

  it('measures what the update writes plus its per-action cost', () => {
    const inputs = { updateExpression: 'SET b = :pad REMOVE r', expressionAttributeValues: { ':pad': { S: 'xyz' } } };
    const compiled = compileExpressions(inputs).update;
    if (compiled === undefined) throw new Error('no update');
    const { item } = applyUpdate(compiled, { pk: { S: 'K' }, r: { S: 'z' } });
    expect(updateWriteSize(compiled, item)).toBe(3 + 19 + 2 + 1 + 3);
  });
});
