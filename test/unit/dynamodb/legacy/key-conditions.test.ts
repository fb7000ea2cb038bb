import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../../../local/dynamodb/errors.js';
import { compileAttributesToGet } from '../../../../local/dynamodb/legacy/attributes-to-get.js';
import { compileKeyConditions } from '../../../../local/dynamodb/legacy/key-conditions.js';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DynamoDBError && error.type === 'ValidationException') return error.message;
    throw error;
  }
  throw new Error('expected a ValidationException');
}

describe('legacy KeyConditions', () => {
  it('compiles into key condition terms, keeping operators no index answers', () => {
    expect(
      compileKeyConditions({
        pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] },
        sk: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '2' }] },
      }).terms,
    ).toEqual([
      { attribute: 'pk', op: '=', values: [{ S: 'p' }] },
      { attribute: 'sk', op: 'BETWEEN', values: [{ N: '1' }, { N: '2' }] },
    ]);
    expect(compileKeyConditions({ pk: { ComparisonOperator: 'NOT_NULL' } }).terms).toEqual([{ attribute: 'pk', op: 'NOT_NULL', values: [] }]);
  });

  it('needs one or two conditions', () => {
    expect(failure(() => compileKeyConditions({}))).toBe('Conditions can be of length 1 or 2 only');
    const eq = { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'x' }] };
    expect(failure(() => compileKeyConditions({ a: eq, b: eq, c: eq }))).toBe('Conditions can be of length 1 or 2 only');
  });
});

describe('legacy AttributesToGet', () => {
  it('compiles top-level names, taken as written', () => {
    expect(compileAttributesToGet(['a', 'b.c', 'd[0]']).paths).toEqual([['a'], ['b.c'], ['d[0]']]);
  });

  it('refuses a repeated name', () => {
    expect(failure(() => compileAttributesToGet(['a', 'b', 'a']))).toBe('One or more parameter values were invalid: Duplicate value in attribute name: a');
  });
});
