import { describe, expect, it } from 'vitest';
import { validateTransactWriteItems } from '../../../../local/dynamodb/validation/transact-write-items.js';

function fingerprint(json: string): string {
  return validateTransactWriteItems(JSON.parse(json)).fingerprint;
}

const put = (item: string): string => `{"Put":{"TableName":"table1","Item":${item}}}`;

describe('the fingerprint a ClientRequestToken is bound to', () => {
  it('is the same for the same request with its members in another order', () => {
    const a = fingerprint(`{"ClientRequestToken":"tok","TransactItems":[${put('{"pk":{"S":"a"},"n":{"N":"1"}}')}]}`);
    const b = fingerprint(`{"TransactItems":[{"Put":{"Item":{"n":{"N":"1"},"pk":{"S":"a"}},"TableName":"table1"}}],"ClientRequestToken":"tok"}`);
    expect(a).toBe(b);
  });

  it('differs when a value, a type, the action order or ReturnItemCollectionMetrics differs', () => {
    const base = fingerprint(`{"ClientRequestToken":"tok","TransactItems":[${put('{"pk":{"S":"a"}}')},${put('{"pk":{"S":"b"}}')}]}`);
    const variants = [
      `{"ClientRequestToken":"tok","TransactItems":[${put('{"pk":{"S":"a"}}')},${put('{"pk":{"S":"c"}}')}]}`,
      `{"ClientRequestToken":"tok","TransactItems":[${put('{"pk":{"S":"b"}}')},${put('{"pk":{"S":"a"}}')}]}`,
      `{"ClientRequestToken":"tok","TransactItems":[${put('{"pk":{"S":"a"}}')},${put('{"pk":{"N":"1"}}')}]}`,
      `{"ClientRequestToken":"tok","ReturnItemCollectionMetrics":"SIZE","TransactItems":[${put('{"pk":{"S":"a"}}')},${put('{"pk":{"S":"b"}}')}]}`,
    ];
    const prints = variants.map(fingerprint);
    expect(new Set([base, ...prints]).size).toBe(variants.length + 1);
  });

  it('tells apart strings that contain the separators of its own text', () => {
    // Length-prefixed strings: "a;s1:b" in one attribute is not two attributes "a" and "b".
    const one = fingerprint(`{"ClientRequestToken":"tok","TransactItems":[${put('{"pk":{"S":"x"},"v":{"S":"a;s1:b"}}')}]}`);
    const two = fingerprint(`{"ClientRequestToken":"tok","TransactItems":[${put('{"pk":{"S":"x"},"v":{"S":"a"},"w":{"S":"b"}}')}]}`);
    const quoted = fingerprint(`{"ClientRequestToken":"tok","TransactItems":[${put('{"pk":{"S":"x"},"v":{"S":"a\\"b"}}')}]}`);
    expect(new Set([one, two, quoted]).size).toBe(3);
  });

  it('is not computed for a request without a token', () => {
    expect(fingerprint(`{"TransactItems":[${put('{"pk":{"S":"a"}}')}]}`)).toBe('');
  });
});
