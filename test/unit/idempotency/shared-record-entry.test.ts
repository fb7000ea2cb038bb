import { describe, expect, it } from 'vitest';
import { decodeSharedRecordEntry, encodeSharedRecordEntry, sharedRecordKey, type SharedRecordEntry } from '../../../lambda/idempotency/shared-record-entry.js';

const id = 'a'.repeat(64);
const entry: SharedRecordEntry = {
  id,
  fingerprint: 'b'.repeat(64),
  expiresAt: 2_000,
  response: { statusCode: 201, headers: { 'content-type': 'application/json' }, cookies: ['s=1'], body: '{"ok":true}' },
};

describe('shared record entries', () => {
  it('decodes what it encodes, for its own record id, before its expiry', () => {
    expect(decodeSharedRecordEntry(encodeSharedRecordEntry(entry), id, 1_999)).toEqual({ kind: 'completed', entry });
  });

  it('reports an entry at or past its expiry as expired', () => {
    expect(decodeSharedRecordEntry(encodeSharedRecordEntry(entry), id, 2_000)).toEqual({ kind: 'expired' });
  });

  it("reports another record's well-formed entry as foreign", () => {
    expect(decodeSharedRecordEntry(encodeSharedRecordEntry(entry), 'c'.repeat(64), 0)).toEqual({ kind: 'foreign' });
  });

  const valid = JSON.parse(encodeSharedRecordEntry(entry)) as Record<string, unknown>;
  it.each<[string, string]>([
    ['not JSON', '{"v":1'],
    ['JSON null', 'null'],
    ['an array', '[]'],
    ['another version', JSON.stringify({ ...valid, v: 2 })],
    ['another status', JSON.stringify({ ...valid, status: 'IN_PROGRESS' })],
    ['an id that is not a string', JSON.stringify({ ...valid, id: 7 })],
    ['a fingerprint that is not hex SHA-256', JSON.stringify({ ...valid, fingerprint: 'B'.repeat(64) })],
    ['a fractional expiry', JSON.stringify({ ...valid, expiresAt: 1.5 })],
    ['a response without a status', JSON.stringify({ ...valid, response: { body: 'x' } })],
    ['a response with a numeric header', JSON.stringify({ ...valid, response: { statusCode: 200, headers: { a: 1 } } })],
  ])('reports %s as corrupt', (_label, text) => {
    expect(decodeSharedRecordEntry(text, id, 0)).toEqual({ kind: 'corrupt' });
  });

  it('keys entries by table and record id', () => {
    expect(sharedRecordKey('idempotency-prod', id)).toBe(`idempotency:idempotency-prod:${id}`);
    expect(sharedRecordKey('other', id)).not.toBe(sharedRecordKey('idempotency-prod', id));
  });
});
