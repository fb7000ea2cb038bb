import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../../../local/dynamodb/errors.js';
import { evaluateCondition } from '../../../../local/dynamodb/expressions/evaluate-condition.js';
import {
  checkConditionalOperator,
  compileExpected,
  joinTerms,
  validateConditions,
  type RawCondition,
  type RawExpectedValue,
} from '../../../../local/dynamodb/legacy/legacy-condition.js';
import type { Item } from '../../../../local/dynamodb/values/attribute-value.js';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DynamoDBError && error.type === 'ValidationException') return error.message;
    throw error;
  }
  throw new Error('expected a ValidationException');
}

const item: Item = { s: { S: 'hello' }, n: { N: '5' }, ns: { NS: ['1', '2'] } };

function filterHolds(conditions: Record<string, RawCondition>, operator?: string, on: Item | undefined = item): boolean {
  const condition = joinTerms(validateConditions(conditions), operator);
  return condition === undefined || evaluateCondition(condition, on);
}

describe('legacy conditions', () => {
  it('compiles each operator into the tree the expression language would write', () => {
    expect(joinTerms(validateConditions({ a: { ComparisonOperator: 'GE', AttributeValueList: [{ N: '1' }] } }), undefined)).toEqual({
      kind: 'compare',
      op: '>=',
      left: { kind: 'path', path: ['a'] },
      right: { kind: 'value', value: { N: '1' } },
    });
    expect(joinTerms(validateConditions({ 'a.b': { ComparisonOperator: 'NULL' } }), undefined)).toEqual({ kind: 'attribute_not_exists', path: ['a.b'] });
    expect(joinTerms(validateConditions({ a: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'x' }] } }), undefined)).toEqual({
      kind: 'and',
      left: { kind: 'attribute_exists', path: ['a'] },
      right: { kind: 'not', operand: { kind: 'contains', left: { kind: 'path', path: ['a'] }, right: { kind: 'value', value: { S: 'x' } } } },
    });
  });

  it.each<[string, Record<string, RawCondition>, string | undefined, boolean]>([
    ['one true condition', { n: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '5.0' }] } }, undefined, true],
    ['AND of a true and a false one', { n: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '9' }] }, s: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'x' }] } }, 'AND', false],
    ['OR of a true and a false one', { n: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '9' }] }, s: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'x' }] } }, 'OR', true],
    ['NE on a missing attribute', { gone: { ComparisonOperator: 'NE', AttributeValueList: [{ N: '1' }] } }, undefined, true],
    ['NOT_CONTAINS on a missing attribute', { gone: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ N: '1' }] } }, undefined, false],
    ['NOT_CONTAINS on a set without the member', { ns: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ N: '3' }] } }, undefined, true],
    ['IN of a listed value', { n: { ComparisonOperator: 'IN', AttributeValueList: [{ N: '4' }, { N: '5' }] } }, undefined, true],
  ])('evaluates %s with the expression evaluator', (_label, conditions, operator, expected) => {
    expect(filterHolds(conditions, operator)).toBe(expected);
  });

  it('compiles Expected Value and Exists', () => {
    const expected = (map: Record<string, RawExpectedValue>) => compileExpected(map, undefined);
    expect(expected({ n: { Value: { N: '5' } } })).toEqual({ kind: 'compare', op: '=', left: { kind: 'path', path: ['n'] }, right: { kind: 'value', value: { N: '5' } } });
    expect(expected({ n: { Exists: false } })).toEqual({ kind: 'attribute_not_exists', path: ['n'] });
    expect(expected({})).toBeUndefined();
    const condition = expected({ n: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '5' }] } });
    expect(condition !== undefined && evaluateCondition(condition, item)).toBe(true);
  });

  it.each<[string, RawCondition, string]>([
    ['a missing value', { ComparisonOperator: 'GT' }, 'One or more parameter values were invalid: Invalid number of argument(s) for the GT ComparisonOperator'],
    ['IN with none', { ComparisonOperator: 'IN', AttributeValueList: [] }, 'One or more parameter values were invalid: Invalid number of argument(s) for the IN ComparisonOperator'],
    ['mixed types', { ComparisonOperator: 'IN', AttributeValueList: [{ N: '1' }, { S: '1' }] }, 'One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type'],
    ['a set for CONTAINS', { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ SS: ['a'] }] }, 'One or more parameter values were invalid: ComparisonOperator CONTAINS is not valid for SS AttributeValue type'],
    ['reversed bounds', { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ S: 'b' }, { S: 'a' }] }, 'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound'],
    ['an empty value', { ComparisonOperator: 'EQ', AttributeValueList: [{}] }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
  ])('refuses %s', (_label, condition, message) => {
    expect(failure(() => validateConditions({ a: condition }))).toBe(message);
  });

  it('accepts any type for EQ and NE, and no type rule for BOOL in CONTAINS', () => {
    expect(filterHolds({ m: { ComparisonOperator: 'NE', AttributeValueList: [{ M: {} }] } })).toBe(true);
    expect(filterHolds({ l: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ BOOL: true }] } }, undefined, { l: { L: [{ BOOL: true }] } })).toBe(true);
  });

  it('refuses a ConditionalOperator with fewer than two conditions', () => {
    expect(failure(() => { checkConditionalOperator('OR', undefined); })).toBe('ConditionalOperator cannot be used without Filter or Expected');
    expect(failure(() => { checkConditionalOperator('AND', {}); })).toBe('ConditionalOperator cannot be used without Filter or Expected');
    expect(failure(() => { checkConditionalOperator('AND', { a: {} }); })).toBe('ConditionalOperator can only be used when Filter or Expected has two or more elements');
    expect(() => { checkConditionalOperator('AND', { a: {}, b: {} }); }).not.toThrow();
    expect(() => { checkConditionalOperator(undefined, { a: {} }); }).not.toThrow();
  });
});
