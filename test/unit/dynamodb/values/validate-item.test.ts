import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../../../local/dynamodb/errors.js';
import {
  nestingLimitMessage,
  validateAttributeValue,
  validateExpressionAttributeNames,
  validateExpressionAttributeValues,
  validateItem,
} from '../../../../local/dynamodb/values/validate-item.js';

function failure(fn: () => unknown): { type: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof DynamoDBError) return { type: error.type, message: error.message };
    throw error;
  }
  throw new Error('expected a DynamoDBError');
}

const invalid = 'One or more parameter values were invalid: ';

describe('validateAttributeValue', () => {
  it('accepts every type and canonicalizes numbers', () => {
    expect(validateAttributeValue({ S: '' })).toEqual({ S: '' });
    expect(validateAttributeValue({ N: '1.50' })).toEqual({ N: '1.5' });
    expect(validateAttributeValue({ B: 'AQID' })).toEqual({ B: 'AQID' });
    expect(validateAttributeValue({ B: '' })).toEqual({ B: '' });
    expect(validateAttributeValue({ BOOL: false })).toEqual({ BOOL: false });
    expect(validateAttributeValue({ NULL: true })).toEqual({ NULL: true });
    expect(validateAttributeValue({ SS: ['a', ''] })).toEqual({ SS: ['a', ''] });
    expect(validateAttributeValue({ NS: ['1e2', '3'] })).toEqual({ NS: ['100', '3'] });
    expect(validateAttributeValue({ BS: ['AQ==', 'Ag=='] })).toEqual({ BS: ['AQ==', 'Ag=='] });
    expect(validateAttributeValue({ L: [{ N: '007' }, { M: { a: { S: '' } } }] })).toEqual({
      L: [{ N: '7' }, { M: { a: { S: '' } } }],
    });
  });

  it.each([
    ['at the top level', { NULL: false }],
    ['inside a map', { M: { a: { NULL: false } } }],
    ['inside a list', { L: [{ S: 'x' }, { NULL: false }] }],
  ])('refuses {"NULL": false} %s', (_where, value) => {
    expect(() => validateAttributeValue(value)).toThrow(`${invalid}Null attribute value types must have the value of true`);
  });

  it('accepts documents nested 32 levels deep and refuses 33', () => {
    const nested = (wraps: number): unknown => {
      let value: unknown = { S: 'leaf' };
      for (let i = 0; i < wraps; i += 1) value = i % 2 === 0 ? { M: { n: value } } : { L: [value] };
      return value;
    };
    expect(() => validateAttributeValue(nested(31))).not.toThrow();
    expect(() => validateAttributeValue(nested(32))).toThrow(nestingLimitMessage);
  });

  it('ignores JSON nulls and unknown members', () => {
    expect(validateAttributeValue({ S: 'x', N: null, foo: 1 })).toEqual({ S: 'x' });
  });

  it('keeps a map member named __proto__ as data', () => {
    const value = validateAttributeValue(JSON.parse('{"M":{"__proto__":{"S":"x"}}}'));
    expect(Object.keys('M' in value ? value.M : {})).toEqual(['__proto__']);
  });

  it.each([
    [{}, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ S: null }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ S: 'a', N: '1' }, 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes'],
    [{ N: 'x' }, 'The parameter cannot be converted to a numeric value: x'],
    [{ N: '' }, 'The parameter cannot be converted to a numeric value'],
    [{ SS: [] }, `${invalid}An string set  may not be empty`],
    [{ NS: [] }, `${invalid}An number set  may not be empty`],
    [{ BS: [] }, `${invalid}Binary sets should not be empty`],
    [{ SS: ['a', 'a'] }, `${invalid}Input collection [a, a] contains duplicates.`],
    [{ NS: ['1', '1.0'] }, 'Input collection contains duplicates'],
    [{ BS: ['AQ==', 'AQ=='] }, `${invalid}Input collection [AQ==, AQ==]of type BS contains duplicates.`],
    [{ NS: ['1', 'x'] }, 'The parameter cannot be converted to a numeric value: x'],
    [{ M: { a: { SS: [] } } }, `${invalid}An string set  may not be empty`],
    [{ L: [{}] }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ N: '1E+126' }, 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
  ])('rejects %j', (value, message) => {
    expect(failure(() => validateAttributeValue(value))).toEqual({ type: 'ValidationException', message });
  });

  it.each([
    ['x', 'Unexpected value type in payload'],
    [[1], 'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue'],
    [{ S: 5 }, 'NUMBER_VALUE cannot be converted to String'],
    [{ S: 1.5 }, 'DECIMAL_VALUE cannot be converted to String'],
    [{ S: true }, 'TRUE_VALUE cannot be converted to String'],
    [{ S: {} }, 'Start of structure or map found where not expected'],
    [{ S: [] }, 'Unrecognized collection type class java.lang.String'],
    [{ N: 5 }, 'NUMBER_VALUE cannot be converted to String'],
    [{ BOOL: 1 }, 'NUMBER_VALUE cannot be converted to Boolean'],
    [{ BOOL: 'maybe' }, 'Unexpected token received from parser'],
    [{ B: 1 }, 'only base-64-encoded strings are convertible to bytes'],
    [{ B: 'abc' }, 'Base64 encoded length is expected a multiple of 4 bytes but found: 3'],
    [{ B: 'ab!=' }, 'Invalid last non-pad Base64 character dectected'],
    [{ SS: 'a' }, 'Unexpected field type'],
    [{ SS: {} }, 'Start of structure or map found where not expected'],
    [{ M: [] }, 'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>'],
    [{ M: 'x' }, 'Unexpected field type'],
    [{ L: [1] }, 'Unexpected value type in payload'],
  ])('rejects the JSON shape %j as a SerializationException', (value, message) => {
    expect(failure(() => validateAttributeValue(value))).toEqual({ type: 'SerializationException', message });
  });

  it('coerces DynamoDB’s accepted boolean spellings', () => {
    expect(validateAttributeValue({ BOOL: 'yes' })).toEqual({ BOOL: true });
    expect(validateAttributeValue({ BOOL: '0' })).toEqual({ BOOL: false });
  });

  it('reports a serialization error even when a validation error comes earlier in the value', () => {
    expect(failure(() => validateAttributeValue({ M: { a: { N: 'x' }, b: { S: 1 } } })).type).toBe('SerializationException');
  });

  it('never throws anything but a DynamoDBError on random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          validateAttributeValue(value);
        } catch (error) {
          expect(error).toBeInstanceOf(DynamoDBError);
        }
      }),
    );
  });
});

describe('validateItem', () => {
  it('returns a typed item with canonical numbers', () => {
    expect(validateItem({ id: { S: 'a' }, n: { N: '-0' } })).toEqual({ id: { S: 'a' }, n: { N: '0' } });
  });

  it('keeps a request item that is already canonical as it is, with no copy', () => {
    const item = JSON.parse('{"id":{"S":"a"},"n":{"N":"12"},"ok":{"BOOL":true}}') as unknown;
    expect(validateItem(item)).toBe(item);
  });

  it('copies the item from the first member that needs a change, keeping the attribute order', () => {
    const item = JSON.parse('{"a":{"S":"x"},"b":{"N":"1.50"},"c":{"S":"y","extra":1},"d":{"NS":["2.0","3"]},"e":{"S":"z"}}') as Record<string, unknown>;
    const validated = validateItem(item);
    expect(validated).not.toBe(item);
    expect(Object.keys(validated)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(validated).toEqual({ a: { S: 'x' }, b: { N: '1.5' }, c: { S: 'y' }, d: { NS: ['2', '3'] }, e: { S: 'z' } });
    // Values that needed no change are shared with the request; the request is left unchanged.
    expect(validated.a).toBe(item.a);
    expect(item.b).toEqual({ N: '1.50' });
  });

  it('still rejects an invalid value that follows canonical ones', () => {
    expect(failure(() => validateItem({ a: { S: 'x' }, b: { N: 'one' } })).type).toBe('ValidationException');
    expect(failure(() => validateItem({ a: { S: 'x' }, b: null })).message).toContain('Supplied AttributeValue is empty');
    expect(failure(() => validateItem({ a: { S: 'x' }, b: { S: 1 } })).type).toBe('SerializationException');
  });

  it('rejects a non-map item', () => {
    expect(failure(() => validateItem([]))).toEqual({
      type: 'SerializationException',
      message: 'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>',
    });
    expect(failure(() => validateItem('x')).type).toBe('SerializationException');
  });
});

describe('expression attribute maps', () => {
  it('validates ExpressionAttributeValues keys and values', () => {
    expect(validateExpressionAttributeValues({ ':a': { N: '01' } })).toEqual({ ':a': { N: '1' } });
    expect(failure(() => validateExpressionAttributeValues({})).message).toBe('ExpressionAttributeValues must not be empty');
    expect(failure(() => validateExpressionAttributeValues({ a: { S: 'x' } })).message).toBe(
      'ExpressionAttributeValues contains invalid key: Syntax error; key: "a"',
    );
    expect(failure(() => validateExpressionAttributeValues({ ':a': { SS: [] } })).message).toBe(
      `ExpressionAttributeValues contains invalid value: ${invalid}An string set  may not be empty for key :a`,
    );
  });

  it('validates ExpressionAttributeNames keys', () => {
    expect(validateExpressionAttributeNames({ '#a': 'x' })).toEqual({ '#a': 'x' });
    expect(failure(() => validateExpressionAttributeNames({})).message).toBe('ExpressionAttributeNames must not be empty');
    expect(failure(() => validateExpressionAttributeNames({ '#a-b': 'x' })).message).toBe(
      'ExpressionAttributeNames contains invalid key: Syntax error; key: "#a-b"',
    );
    expect(failure(() => validateExpressionAttributeNames({ '#a': 1 })).type).toBe('SerializationException');
  });
});
