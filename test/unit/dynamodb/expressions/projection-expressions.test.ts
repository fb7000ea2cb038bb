import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../../../local/dynamodb/errors.js';
import { compileExpressions } from '../../../../local/dynamodb/expressions/compile-expressions.js';
import { projectItem } from '../../../../local/dynamodb/expressions/project-item.js';
import type { Item } from '../../../../local/dynamodb/values/attribute-value.js';

const item: Item = {
  id: { S: 'k' },
  n: { N: '5' },
  lst: { L: [{ S: 'x' }, { M: { a: { S: 'y' }, b: { S: 'z' } } }, { S: 'w' }] },
  doc: { M: { one: { N: '1' }, two: { N: '2' } } },
};

function project(expression: string, names?: Record<string, string>): Item {
  const projection = compileExpressions(names === undefined ? { projectionExpression: expression } : { projectionExpression: expression, expressionAttributeNames: names }).projection;
  if (projection === undefined) throw new Error('no projection');
  return projectItem(projection, item);
}

function failure(expression: string): string {
  try {
    compileExpressions({ projectionExpression: expression });
  } catch (error) {
    if (error instanceof DynamoDBError) return error.message;
    throw error;
  }
  throw new Error('expected an error');
}

describe('projection', () => {
  it('keeps top-level attributes and skips absent ones', () => {
    expect(project('id, n, absent')).toEqual({ id: { S: 'k' }, n: { N: '5' } });
  });

  it('keeps the shape of nested paths and compacts picked list elements', () => {
    expect(project('doc.two, lst[2], lst[1].b')).toEqual({
      doc: { M: { two: { N: '2' } } },
      lst: { L: [{ M: { b: { S: 'z' } } }, { S: 'w' }] },
    });
    expect(project('lst[9], doc.three')).toEqual({});
  });

  it('resolves names through placeholders', () => {
    expect(project('#d.#o', { '#d': 'doc', '#o': 'one' })).toEqual({ doc: { M: { one: { N: '1' } } } });
  });

  it('reports DynamoDB’s messages', () => {
    expect(failure('')).toBe('Invalid ProjectionExpression: The expression can not be empty;');
    expect(failure('a,')).toBe('Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","');
    expect(failure('a b')).toBe('Invalid ProjectionExpression: Syntax error; token: "b", near: "a b"');
    expect(failure('!!')).toBe('Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"');
    expect(failure('name')).toBe('Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name');
    expect(failure('a, a.b')).toBe(
      'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
    );
    expect(failure('#n')).toBe(
      'Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #n',
    );
  });
});
