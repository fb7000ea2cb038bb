import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { idempotencyDefaults } from '../../../lambda/idempotency/options.js';
import {
  decodeIdempotencyRecord,
  decodeStoredResponse,
  encodeStoredResponse,
  IdempotencyRecordInvalidError,
  IdempotencyResponseTooLargeError,
} from '../../../lambda/idempotency/record.js';
import { storedResponseOf, type StoredResponse } from '../../../lambda/idempotency/stored-response.js';

const names = idempotencyDefaults.attributes;
const limits = { compressThresholdBytes: 1_024, maxStoredResponseBytes: 10_000 };
const response: StoredResponse = {
  statusCode: 402,
  headers: { 'content-type': 'application/problem+json' },
  body: '{"code":"insufficient_funds"}',
};

describe('stored response encoding', () => {
  it('stores a small response as JSON text and reads it back unchanged', () => {
    const encoded = encodeStoredResponse(response, limits);
    expect(encoded.compressed).toBe(false);
    expect(encoded.value.S).toBe(JSON.stringify(response));
    expect(decodeStoredResponse(encoded.value)).toEqual(response);
  });

  it('gzips a response above the threshold and reads it back byte for byte', () => {
    const large: StoredResponse = { statusCode: 200, body: JSON.stringify({ items: Array.from({ length: 500 }, (_, index) => ({ index })) }) };
    const encoded = encodeStoredResponse(large, limits);
    expect(encoded.compressed).toBe(true);
    expect(encoded.value.B).toBeInstanceOf(Uint8Array);
    expect(encoded.bytes).toBeLessThan(Buffer.byteLength(large.body ?? ''));
    expect(decodeStoredResponse(encoded.value)).toEqual(large);
  });

  it('refuses a response that does not fit even compressed', () => {
    const incompressible: StoredResponse = { statusCode: 200, body: randomBytes(20_000).toString('base64') };
    expect(() => encodeStoredResponse(incompressible, limits)).toThrow(IdempotencyResponseTooLargeError);
  });

  it('refuses a stored response of the wrong shape', () => {
    expect(() => decodeStoredResponse({ S: '{"body":"x"}' })).toThrow(IdempotencyRecordInvalidError);
    expect(() => decodeStoredResponse({ S: 'not json' })).toThrow(IdempotencyRecordInvalidError);
    expect(() => decodeStoredResponse({ B: gzipSync('{"statusCode":200,"headers":{"a":1}}') })).toThrow(IdempotencyRecordInvalidError);
    expect(() => decodeStoredResponse({ N: '1' })).toThrow(IdempotencyRecordInvalidError);
  });
});

describe('storedResponseOf', () => {
  it('keeps a structured result, with header values as strings', () => {
    expect(storedResponseOf({ statusCode: 201, headers: { 'x-count': 3, 'x-ok': true }, body: 'b', cookies: ['a=1'] })).toEqual({
      statusCode: 201,
      headers: { 'x-count': '3', 'x-ok': 'true' },
      body: 'b',
      cookies: ['a=1'],
    });
  });

  it('renders a bare result the way API Gateway does', () => {
    expect(storedResponseOf('hello')).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: 'hello' });
    expect(storedResponseOf({ ok: true })).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
  });
});

describe('decodeIdempotencyRecord', () => {
  it('decodes an IN_PROGRESS record', () => {
    expect(
      decodeIdempotencyRecord(
        {
          id: { S: 'h' },
          status: { S: 'IN_PROGRESS' },
          fingerprint: { S: 'f' },
          leaseToken: { S: 't' },
          leaseExpiresAt: { N: '1700000000000' },
          expiresAt: { N: '1700086400' },
        },
        names,
      ),
    ).toEqual({ status: 'IN_PROGRESS', id: 'h', fingerprint: 'f', leaseToken: 't', leaseExpiresAt: 1_700_000_000_000, expiresAt: 1_700_086_400 });
  });

  it('decodes a COMPLETED record with its response', () => {
    const record = decodeIdempotencyRecord(
      { id: { S: 'h' }, status: { S: 'COMPLETED' }, fingerprint: { S: 'f' }, expiresAt: { N: '5' }, response: encodeStoredResponse(response, limits).value },
      names,
    );
    expect(record).toEqual({ status: 'COMPLETED', id: 'h', fingerprint: 'f', expiresAt: 5, response });
  });

  it('honours custom attribute names', () => {
    const custom = { ...names, status: 'state', expiresAt: 'ttl' };
    const record = decodeIdempotencyRecord(
      { id: { S: 'h' }, state: { S: 'COMPLETED' }, fingerprint: { S: 'f' }, ttl: { N: '5' }, response: { S: JSON.stringify(response) } },
      custom,
    );
    expect(record.status).toBe('COMPLETED');
  });

  it.each([
    ['an unknown status', { status: { S: 'DONE' } }],
    ['a missing lease token', { leaseToken: { NULL: true } }],
    ['a non-integer expiry', { expiresAt: { N: '1.5' } }],
    ['a fingerprint of the wrong type', { fingerprint: { N: '1' } }],
  ])('refuses a record with %s', (_label, override) => {
    const item = {
      id: { S: 'h' },
      status: { S: 'IN_PROGRESS' },
      fingerprint: { S: 'f' },
      leaseToken: { S: 't' },
      leaseExpiresAt: { N: '1' },
      expiresAt: { N: '1' },
      ...override,
    };
    expect(() => decodeIdempotencyRecord(item, names)).toThrow(IdempotencyRecordInvalidError);
  });

  it('refuses a COMPLETED record without a response', () => {
    expect(() => decodeIdempotencyRecord({ id: { S: 'h' }, status: { S: 'COMPLETED' }, fingerprint: { S: 'f' }, expiresAt: { N: '1' } }, names)).toThrow(
      IdempotencyRecordInvalidError,
    );
  });
});
