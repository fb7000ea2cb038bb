import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStrictJson } from '../../../lambda/http/strict-json.js';

const integersOnly = { integersOnly: true };

describe('parseStrictJson', () => {
  it('reads I-JSON as JSON.parse does, with no violation', () => {
    const text = '{"a":[1,-2,{"b":"x,y:{}"}],"c":{"a":0},"d":"\\"}"}';
    expect(parseStrictJson(text, integersOnly)).toEqual({ json: true, value: JSON.parse(text) as unknown, violations: [] });
  });

  it('says when the text is not JSON', () => {
    expect(parseStrictJson('{"a":', integersOnly)).toEqual({ json: false });
  });

  it.each([
    ['a repeated member', '{"amount":1,"amount":2}', 'amount'],
    ['a member repeated through an escape', '{"amount":1,"\\u0061mount":2}', 'amount'],
    ['a repeated member in a nested object', '{"a":{"b":1,"c":[{"d":1,"d":1}]}}', 'a.c.0.d'],
  ])('reports %s at its path', (_label, text, path) => {
    const parsed = parseStrictJson(text, integersOnly);
    expect(parsed.json && parsed.violations).toEqual([{ path, message: 'member name appears more than once in its object' }]);
  });

  it('accepts the same name in two different objects', () => {
    const parsed = parseStrictJson('{"a":{"x":1},"b":{"x":1},"x":[{"x":1},{"x":2}]}', integersOnly);
    expect(parsed.json && parsed.violations).toEqual([]);
  });

  it.each([
    ['1.0', 'amount'],
    ['1e2', 'amount'],
    ['1E+2', 'amount'],
    ['-0.5', 'amount'],
    ['99.999999999999999999', 'amount'],
  ])('reports the number %s when only integers are allowed', (number, path) => {
    const parsed = parseStrictJson(`{"amount":${number}}`, integersOnly);
    expect(parsed.json && parsed.violations).toEqual([{ path, message: 'numbers must be written as plain integers, without a fraction or an exponent' }]);
    expect(parseStrictJson(`{"amount":${number}}`, { integersOnly: false })).toMatchObject({ json: true, violations: [] });
  });

  it('accepts plain integers, however large, leaving their range to the schema', () => {
    const parsed = parseStrictJson('{"a":[0,-1,123456789012345678901234567890]}', integersOnly);
    expect(parsed.json && parsed.violations).toEqual([]);
  });

  it('agrees with JSON.parse on every JSON value, and finds nothing wrong in one JSON.stringify wrote from integers', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' ? Math.trunc(item) % 1e15 : item))), (text) => {
        const parsed = parseStrictJson(text, integersOnly);
        expect(parsed).toEqual({ json: true, value: JSON.parse(text) as unknown, violations: [] });
      }),
    );
  });
});
