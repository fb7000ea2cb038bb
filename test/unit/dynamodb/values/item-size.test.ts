import { describe, expect, it } from 'vitest';
import { attributeValueSize, itemSize, utf8Length } from '../../../../local/dynamodb/values/item-size.js';

describe('item size', () => {
  it('counts names and string values in UTF-8 bytes', () => {
    expect(itemSize({ pk: { S: 'abc' } })).toBe(5);
    expect(itemSize({ 'é': { S: '€😀' } })).toBe(2 + 3 + 4);
    expect(utf8Length('\ud800')).toBe(3);
  });

  it('counts long strings the same way (counted natively past 16 characters)', () => {
    expect(utf8Length('é'.repeat(20))).toBe(40);
    expect(utf8Length('😀'.repeat(10))).toBe(40);
    expect(utf8Length('a€'.repeat(10))).toBe(40);
    // Lone surrogates count as the 3-byte replacement character, on both paths.
    expect(utf8Length('\ud800'.repeat(17))).toBe(51);
    // A lone low surrogate, 8 pairs formed across the repeats (4 bytes each), a lone high one.
    expect(utf8Length('\udc00\ud800'.repeat(9))).toBe(3 + 8 * 4 + 3);
  });

  it('counts binaries by raw bytes', () => {
    expect(attributeValueSize({ B: Buffer.from('hello').toString('base64') })).toBe(5);
    expect(attributeValueSize({ B: '' })).toBe(0);
    expect(attributeValueSize({ BS: ['AQ==', 'AQI='] })).toBe(3);
  });

  it('counts BOOL and NULL as one byte', () => {
    expect(itemSize({ a: { BOOL: true }, b: { NULL: true } })).toBe(4);
  });

  it('adds 3 bytes per List or Map and 1 per element', () => {
    expect(attributeValueSize({ L: [] })).toBe(3);
    expect(attributeValueSize({ M: {} })).toBe(3);
    expect(attributeValueSize({ L: [{ S: 'ab' }, { N: '1' }] })).toBe(3 + 1 + 2 + 1 + 2);
    expect(attributeValueSize({ M: { ab: { S: 'c' } } })).toBe(3 + 1 + 2 + 1);
  });

  it('counts sets as the sum of their members', () => {
    expect(attributeValueSize({ SS: ['a', 'bc'] })).toBe(3);
    expect(attributeValueSize({ NS: ['1', '3.14159'] })).toBe(2 + 5);
  });

  it('sizes the documented 38-digit number at 20 bytes', () => {
    expect(itemSize({ n: { N: '9'.repeat(38) } })).toBe(21);
  });
});
