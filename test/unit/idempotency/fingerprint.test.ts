import { describe, expect, it } from 'vitest';
import { requestFingerprint } from '../../../lambda/idempotency/fingerprint.js';

const base = { method: 'POST', path: '/payments' };

describe('requestFingerprint', () => {
  it('is a hex SHA-256', () => {
    expect(requestFingerprint({ ...base, body: '{}' })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores key order and whitespace of a JSON body', () => {
    expect(requestFingerprint({ ...base, body: '{"amount":100,"currency":"USD"}' })).toBe(
      requestFingerprint({ ...base, body: '{ "currency": "USD",\n  "amount": 100 }' }),
    );
  });

  it('differs for another body, method or path', () => {
    const reference = requestFingerprint({ ...base, body: '{"amount":100}' });
    expect(requestFingerprint({ ...base, body: '{"amount":101}' })).not.toBe(reference);
    expect(requestFingerprint({ ...base, method: 'PUT', body: '{"amount":100}' })).not.toBe(reference);
    expect(requestFingerprint({ ...base, path: '/payments/x/refunds', body: '{"amount":100}' })).not.toBe(reference);
  });

  it('treats the method case-insensitively', () => {
    expect(requestFingerprint({ ...base, method: 'post', body: '{}' })).toBe(requestFingerprint({ ...base, body: '{}' }));
  });

  it('decodes a base64 body before fingerprinting it', () => {
    const json = '{"b":2,"a":1}';
    expect(requestFingerprint({ ...base, body: Buffer.from(json).toString('base64'), isBase64Encoded: true })).toBe(
      requestFingerprint({ ...base, body: '{"a":1,"b":2}' }),
    );
  });

  it('uses the raw bytes of a body that is not JSON', () => {
    const binary = Buffer.from([0xff, 0x00, 0x01]).toString('base64');
    const other = Buffer.from([0xff, 0x00, 0x02]).toString('base64');
    expect(requestFingerprint({ ...base, body: binary, isBase64Encoded: true })).not.toBe(
      requestFingerprint({ ...base, body: other, isBase64Encoded: true }),
    );
    expect(requestFingerprint({ ...base, body: 'a=1&b=2' })).not.toBe(requestFingerprint({ ...base, body: 'b=2&a=1' }));
  });

  it('treats a missing body like an empty one, and unlike a JSON empty string', () => {
    expect(requestFingerprint(base)).toBe(requestFingerprint({ ...base, body: '' }));
    expect(requestFingerprint(base)).not.toBe(requestFingerprint({ ...base, body: '""' }));
  });
});

describe('requestFingerprint of a validated body', () => {
  const route = { method: 'POST', path: '/payments/order-1/refunds' };

  it('fingerprints what executes: {} and no body alike, whatever the raw text says', () => {
    const empty = requestFingerprint({ ...route, body: undefined, validatedBody: { value: {} } });
    expect(requestFingerprint({ ...route, body: '{}', validatedBody: { value: {} } })).toBe(empty);
    expect(requestFingerprint({ ...route, body: ' { } ', validatedBody: { value: {} } })).toBe(empty);
  });

  it('ignores member order in the validated value and still tells amounts apart', () => {
    const one = requestFingerprint({ ...route, validatedBody: { value: { amount: 1, currency: 'USD' } } });
    expect(requestFingerprint({ ...route, validatedBody: { value: { currency: 'USD', amount: 1 } } })).toBe(one);
    expect(requestFingerprint({ ...route, validatedBody: { value: { currency: 'USD', amount: 2 } } })).not.toBe(one);
    expect(requestFingerprint({ ...route, path: '/payments/order-2/refunds', validatedBody: { value: { amount: 1, currency: 'USD' } } })).not.toBe(one);
  });
});
