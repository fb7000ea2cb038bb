import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../../../local/dynamodb/errors.js';
import type { ExpressionInputs } from '../../../../local/dynamodb/expressions/compile-expressions.js';
import { compileExpressions } from '../../../../local/dynamodb/expressions/compile-expressions.js';
import type { KeySchema } from '../../../../local/dynamodb/expressions/key-condition.js';
import { rangeMatches, resolveKeyCondition } from '../../../../local/dynamodb/expressions/key-condition.js';
import type { AttributeValue } from '../../../../local/dynamodb/values/attribute-value.js';

const composite: KeySchema = { hashKey: 'pk', rangeKey: 'sk', hashType: 'S', rangeType: 'N' };

function resolve(expression: string, values: Record<string, AttributeValue>, schema: KeySchema = composite, names?: Record<string, string>) {
  const inputs: ExpressionInputs = { keyConditionExpression: expression, expressionAttributeValues: values };
  if (names !== undefined) inputs.expressionAttributeNames = names;
  const { keyCondition } = compileExpressions(inputs);
  if (keyCondition === undefined) throw new Error('no key condition');
  return resolveKeyCondition(keyCondition, schema);
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

const p = { ':p': { S: 'a' } };

describe('key conditions', () => {
  it('resolves the partition and every sort key operator', () => {
    expect(resolve('pk = :p', p)).toEqual({ hash: { S: 'a' } });
    expect(resolve('pk = :p AND sk < :n', { ...p, ':n': { N: '5' } })).toEqual({ hash: { S: 'a' }, range: { op: '<', values: [{ N: '5' }] } });
    expect(resolve(':n <= sk AND pk = :p', { ...p, ':n': { N: '5' } }).range).toEqual({ op: '>=', values: [{ N: '5' }] });
    expect(resolve('pk = :p AND sk BETWEEN :a AND :b', { ...p, ':a': { N: '1' }, ':b': { N: '2' } }).range?.op).toBe('BETWEEN');
    expect(resolve('#h = :p AND begins_with(#r, :s)', { ...p, ':s': { S: 'x' } }, { hashKey: 'pk', rangeKey: 'sk' }, { '#h': 'pk', '#r': 'sk' }).range).toEqual({
      op: 'BEGINS_WITH',
      values: [{ S: 'x' }],
    });
  });

  it('reports the schema element the condition misses', () => {
    expect(failure(() => resolve('sk = :n', { ':n': { N: '1' } }))).toBe('Query condition missed key schema element: pk');
    expect(failure(() => resolve('attr1 = :p', p))).toBe('Query condition missed key schema element: pk');
    expect(failure(() => resolve('pk = :p AND attr2 = :n', { ...p, ':n': { N: '1' } }))).toBe('Query condition missed key schema element: sk');
    expect(failure(() => resolve('pk = :p AND attr2 = :n', { ...p, ':n': { N: '1' } }, { hashKey: 'pk' }))).toBe('Query key condition not supported');
    expect(failure(() => resolve('pk < :p', p))).toBe('Query key condition not supported');
    expect(failure(() => resolve('pk = :n', { ':n': { N: '1' } }))).toBe(
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
  });

  it('rejects what an index cannot answer', () => {
    const n = { ...p, ':n': { N: '1' } };
    expect(failure(() => resolve('pk = :p OR sk = :n', n))).toBe('Invalid operator used in KeyConditionExpression: OR');
    expect(failure(() => resolve('pk = :p AND sk <> :n', n))).toBe('Invalid operator used in KeyConditionExpression: <>');
    expect(failure(() => resolve('pk = :p AND sk IN (:n)', n))).toBe('Invalid operator used in KeyConditionExpression: IN');
    expect(failure(() => resolve('pk = :p AND attribute_exists(sk)', p))).toBe('Invalid operator used in KeyConditionExpression: attribute_exists');
    expect(failure(() => resolve('pk = :p AND size(sk) = :n', n))).toBe('KeyConditionExpressions cannot contain nested operations');
    expect(failure(() => resolve('pk = :p AND pk = :p', p))).toBe('KeyConditionExpressions must only contain one condition per key');
    expect(failure(() => resolve('pk = :p AND sk = :n AND attr = :n', n))).toBe('Conditions can be of length 1 or 2 only');
    expect(failure(() => resolve('pk.a = :p', p))).toBe('KeyConditionExpressions cannot have conditions on nested attributes');
    expect(failure(() => resolve('pk = sk', {}))).toBe(
      'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition',
    );
    expect(failure(() => resolve(':p = :p', p))).toBe('Invalid condition in KeyConditionExpression: No key attribute specified');
    expect(failure(() => resolve('pk = :p AND begins_with(sk, :n)', n))).toBe(
      'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    );
    expect(failure(() => resolve('pk = :p AND sk BETWEEN :b AND :a', { ...p, ':a': { N: '1' }, ':b': { N: '2' } }))).toMatch(
      /BETWEEN operator requires upper bound to be greater than or equal to lower bound/,
    );
  });

  it('matches sort key values against the range condition', () => {
    const between = { op: 'BETWEEN' as const, values: [{ N: '1' }, { N: '10' }] };
    expect(rangeMatches(between, { N: '10' })).toBe(true);
    expect(rangeMatches(between, { N: '10.5' })).toBe(false);
    expect(rangeMatches({ op: 'BEGINS_WITH', values: [{ S: 'ab' }] }, { S: 'abc' })).toBe(true);
    expect(rangeMatches({ op: '>', values: [{ S: 'b' }] }, { S: 'a' })).toBe(false);
    expect(rangeMatches({ op: '=', values: [{ S: '1' }] }, { N: '1' })).toBe(false);
  });
});
