import { describe, expect, it } from 'vitest';
import { parseJsonObject } from '../../../lambda/shared/json-object.js';

describe('parseJsonObject', () => {
  it('reads a JSON object, nested values included', () => {
    expect(parseJsonObject('{"a":1,"b":{"c":[true,null]}}')).toEqual({ a: 1, b: { c: [true, null] } });
    expect(parseJsonObject(' {} ')).toEqual({});
  });

  it.each(['', 'paid', '{"a":', '[1,2]', '"text"', '42', 'null', 'true'])('gives undefined for %j: not JSON, or not an object', (text) => {
    expect(parseJsonObject(text)).toBeUndefined();
  });
});
