import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareScalars, compareStrings, compareValues, valuesEqual } from '../../../../local/dynamodb/values/compare-values.js';

describe('compareValues', () => {
  it('orders strings by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF5E is one UTF-16 unit above the surrogates; U+1F600 is a surrogate pair but a larger code point.
    expect(compareValues({ S: '\uff5e' }, { S: '\u{1f600}' })).toBeLessThan(0);
    expect('\uff5e' < '\u{1f600}').toBe(false);
    expect(compareValues({ S: 'a' }, { S: 'ab' })).toBeLessThan(0);
    expect(compareValues({ S: 'B' }, { S: 'a' })).toBeLessThan(0);
  });

  it('agrees with Buffer.compare on UTF-8 for random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareStrings(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
    );
  });

  it('orders numbers numerically and binaries as unsigned bytes', () => {
    expect(compareValues({ N: '-10' }, { N: '9' })).toBeLessThan(0);
    expect(compareValues({ N: '1E-130' }, { N: '0' })).toBeGreaterThan(0);
    expect(compareValues({ N: '100' }, { N: '1E2' })).toBe(0);
    expect(compareValues({ B: Buffer.from([0x7f]).toString('base64') }, { B: Buffer.from([0x80]).toString('base64') })).toBeLessThan(0);
    expect(compareValues({ B: 'AQ==' }, { B: 'AQI=' })).toBeLessThan(0);
  });

  it('says when scalars are not comparable', () => {
    expect(compareScalars({ S: '1' }, { N: '1' })).toBeUndefined();
    expect(compareScalars({ SS: ['a'] }, { SS: ['a'] })).toBeUndefined();
  });
});

describe('valuesEqual', () => {
  it.each([
    ['sets regardless of order', { SS: ['a', 'b'] }, { SS: ['b', 'a'] }, true],
    ['number sets by members', { NS: ['1', '2'] }, { NS: ['2', '3'] }, false],
    ['numbers by value', { N: '1' }, { N: '1.0' }, true],
    ['lists element by element', { L: [{ S: 'a' }, { N: '1' }] }, { L: [{ S: 'a' }, { N: '1' }] }, true],
    ['lists of different lengths', { L: [{ S: 'a' }] }, { L: [{ S: 'a' }, { S: 'a' }] }, false],
    ['maps member by member', { M: { a: { BOOL: true } } }, { M: { a: { BOOL: true } } }, true],
    ['maps with different member names', { M: { a: { BOOL: true } } }, { M: { b: { BOOL: true } } }, false],
    ['values of different types', { S: '1' }, { N: '1' }, false],
    ['NULLs', { NULL: true }, { NULL: true }, true],
  ] as const)('compares %s deeply', (_what, a, b, equal) => {
    expect(valuesEqual(a, b)).toBe(equal);
  });
});

describe('number ordering', () => {
  it('agrees with a bigint reference for integers in any spelling', () => {
    const spelled = fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.constantFrom('', '0', '00', '.0', 'e0')).map(([n, suffix]) => {
      const text = n.toString();
      if (suffix === '.0' || suffix === 'e0') return { n, text: text + suffix };
      return { n, text: text.startsWith('-') ? `-${suffix}${text.slice(1)}` : suffix + text };
    });
    fc.assert(
      fc.property(spelled, spelled, (a, b) => {
        const expected = a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
        expect(Math.sign(compareValues({ N: a.text }, { N: b.text }))).toBe(expected);
      }),
    );
  });
});
