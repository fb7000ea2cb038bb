import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../lambda/idempotency/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and drops insignificant whitespace', () => {
    expect(canonicalJson(' { "b" : 1,\n "a" : { "d": [ 2 , {"z":0,"y":1} ], "c": null } } ')).toBe(
      '{"a":{"c":null,"d":[2,{"y":1,"z":0}]},"b":1}',
    );
  });

  it('sorts keys by UTF-16 code units', () => {
    expect(canonicalJson('{"é":1,"z":2,"A":3,"\ud83d\ude00":4,"\uffff":5}')).toBe('{"A":3,"z":2,"é":1,"\ud83d\ude00":4,"\uffff":5}');
  });

  it('keeps numbers exactly as written', () => {
    expect(canonicalJson('{"a":1.0,"b":1e2,"c":-0,"d":9007199254740993}')).toBe('{"a":1.0,"b":1e2,"c":-0,"d":9007199254740993}');
    expect(canonicalJson('9007199254740993')).not.toBe(canonicalJson('9007199254740992'));
  });

  it('normalises string escapes', () => {
    expect(canonicalJson('"\\u0041\\/\\t"')).toBe('"A/\\t"');
  });

  it('keeps the last of duplicate keys, as JSON.parse does', () => {
    expect(canonicalJson('{"a":1,"b":2,"a":3}')).toBe('{"a":3,"b":2}');
  });

  it.each(['', ' ', '{', '{"a":1,}', '[1,]', '01', '1.', '.5', '+1', "{'a':1}", '"a\nb"', 'tru', '{"a" 1}', '[1] x', '"\\x"', '"\\u12"', '\ufeff{}'])(
    'returns undefined for %j, which is not JSON',
    (text) => {
      expect(canonicalJson(text)).toBeUndefined();
    },
  );

  it('gives up (undefined) on absurd nesting instead of overflowing the stack', () => {
    expect(canonicalJson('['.repeat(100_000) + ']'.repeat(100_000))).toBeUndefined();
  });

  it('agrees with JSON.parse on every value and is insensitive to key order and whitespace', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const compact = JSON.stringify(value);
        const canonical = canonicalJson(compact);
        expect(canonical).toBeDefined();
        expect(JSON.parse(canonical ?? '')).toEqual(JSON.parse(compact));
        expect(canonicalJson(JSON.stringify(value, null, 2))).toBe(canonical);
        expect(canonicalJson(JSON.stringify(reversed(value)))).toBe(canonical);
        expect(canonicalJson(canonical ?? '')).toBe(canonical);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const canonical = canonicalJson(text);
        if (canonical !== undefined) expect(() => JSON.parse(text) as unknown).not.toThrow();
      }),
    );
  });
});

function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reversed(item)]));
  }
  return value;
}
