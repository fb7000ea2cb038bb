import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../../../local/dynamodb/errors.js';
import {
  addNumbers,
  canonicalNumber,
  compareNumbers,
  numberSize,
  parseNumber,
  subtractNumbers,
} from '../../../../local/dynamodb/values/number.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DynamoDBError);
    if (error instanceof DynamoDBError) {
      expect(error.type).toBe('ValidationException');
      return error.message;
    }
  }
  throw new Error('expected a DynamoDBError');
}

describe('canonicalNumber', () => {
  it.each([
    ['1.50', '1.5'],
    ['1e2', '100'],
    ['1.5E2', '150'],
    ['-0', '0'],
    ['0.000', '0'],
    ['00042', '42'],
    ['0042.1200', '42.12'],
    ['3.1400', '3.14'],
    ['+7', '7'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['-1E-3', '-0.001'],
    ['1E-130', `0.${'0'.repeat(129)}1`],
    ['1E125', `1${'0'.repeat(125)}`],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
    ['9.9999999999999999999999999999999999999E+125', `99999999999999999999999999999999999999${'0'.repeat(88)}`],
  ])('%s → %s', (input, expected) => {
    expect(canonicalNumber(input)).toBe(expected);
  });

  it('rejects what is not a number with DynamoDB’s messages', () => {
    expect(messageOf(() => canonicalNumber(''))).toBe('The parameter cannot be converted to a numeric value');
    expect(messageOf(() => canonicalNumber('abc'))).toBe('The parameter cannot be converted to a numeric value: abc');
    expect(messageOf(() => canonicalNumber('1e'))).toBe('The parameter cannot be converted to a numeric value: 1e');
    expect(messageOf(() => canonicalNumber(' 1'))).toBe('The parameter cannot be converted to a numeric value:  1');
    expect(messageOf(() => canonicalNumber('NaN'))).toBe('The parameter cannot be converted to a numeric value: NaN');
    expect(messageOf(() => canonicalNumber('.'))).toBe('The parameter cannot be converted to a numeric value: .');
  });

  it('enforces the range and precision limits', () => {
    expect(messageOf(() => canonicalNumber('1E+126'))).toBe(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
    expect(messageOf(() => canonicalNumber('-1E+126'))).toMatch(/^Number overflow/);
    expect(messageOf(() => canonicalNumber('1E-131'))).toBe(
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    );
    expect(messageOf(() => canonicalNumber('123456789012345678901234567890123456789'))).toBe(
      'Attempting to store more than 38 significant digits in a Number',
    );
    expect(messageOf(() => canonicalNumber('1e99999999999999999999'))).toMatch(/^Number overflow/);
    expect(canonicalNumber('1234567890123456789012345678901234567800000')).toBe('1234567890123456789012345678901234567800000');
  });
});

describe('arithmetic', () => {
  it('adds and subtracts exactly', () => {
    expect(addNumbers('0.1', '0.2')).toBe('0.3');
    expect(subtractNumbers('1', '1.000')).toBe('0');
    expect(subtractNumbers('5', '7.5')).toBe('-2.5');
    expect(addNumbers('1E20', '-1E20')).toBe('0');
  });

  it('reports overflow, underflow, and a result past 38 digits as an overflow (as DynamoDB does)', () => {
    expect(messageOf(() => addNumbers('9.9e125', '9.9e125'))).toMatch(/^Number overflow/);
    expect(messageOf(() => subtractNumbers('1.1E-130', '1E-130'))).toMatch(/^Number underflow/);
    expect(messageOf(() => addNumbers('1E20', '1E-20'))).toBe('Number overflow. Attempting to store a number with magnitude larger than supported range');
  });

  const decimalText = fc
    .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 6 }))
    .map(([coefficient, scale]) => ({ coefficient, scale }));

  function text({ coefficient, scale }: { coefficient: bigint; scale: number }): string {
    return `${coefficient.toString()}E-${scale}`;
  }

  it('adds like a bigint reference', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const scale = Math.max(a.scale, b.scale);
        const sum = a.coefficient * 10n ** BigInt(scale - a.scale) + b.coefficient * 10n ** BigInt(scale - b.scale);
        expect(addNumbers(text(a), text(b))).toBe(canonicalNumber(`${sum.toString()}E-${scale}`));
      }),
    );
  });

  it('compares like a bigint reference', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const scale = Math.max(a.scale, b.scale);
        const x = a.coefficient * 10n ** BigInt(scale - a.scale);
        const y = b.coefficient * 10n ** BigInt(scale - b.scale);
        expect(Math.sign(compareNumbers(text(a), text(b)))).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
    );
  });

  it('canonical form round-trips and keeps the value', () => {
    fc.assert(
      fc.property(decimalText, (a) => {
        const canonical = canonicalNumber(text(a));
        expect(canonicalNumber(canonical)).toBe(canonical);
        expect(compareNumbers(canonical, text(a))).toBe(0);
      }),
    );
  });

  it('never throws anything but a DynamoDBError on random text', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        try {
          canonicalNumber(input);
        } catch (error) {
          expect(error).toBeInstanceOf(DynamoDBError);
        }
      }),
    );
  });
});

describe('numberSize', () => {
  // Byte costs measured against DynamoDB's 400 KB gate, one literal at a time.
  it.each([
    ['0', 1], ['1', 2], ['12', 2], ['123', 3], ['1234', 3],
    ['12345678901234567890123456789012345678', 20], ['0042', 2], ['100', 2], ['1010', 3],
    ['0.0000001', 2], ['1E125', 2], ['1E-100', 2], ['1.5', 3], ['15', 2], ['1.2', 3],
    ['1.200', 3], ['1.234', 4], ['3.14159', 5], ['123456', 4], ['100.5', 4], ['0.15', 2],
    ['-42', 3], ['-0', 1],
  ])('%s costs %i bytes', (literal, bytes) => {
    expect(numberSize(literal)).toBe(bytes);
  });
});

describe('parseNumber', () => {
  it('returns the message instead of throwing', () => {
    expect(parseNumber('x')).toBe('The parameter cannot be converted to a numeric value: x');
    expect(parseNumber('-1.5')).toEqual({ negative: true, digits: '15', scale: -1 });
  });
});
