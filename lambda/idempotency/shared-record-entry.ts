import { parseJsonObject } from '../shared/json-object.js';
import { IdempotencyRecordInvalidError, parseStoredResponse } from './record.js';
import type { StoredResponse } from './stored-response.js';

/** A completed record as the shared cache holds it: what a replay or a 422 needs, nothing more. */
export interface SharedRecordEntry {
  /** The record id (hash of scope and key) the entry was written for. */
  readonly id: string;
  readonly fingerprint: string;
  /** Epoch seconds, as in the table. */
  readonly expiresAt: number;
  readonly response: StoredResponse;
}

/** What an entry read back from the shared cache turned out to be. */
export type SharedRecordLookup =
  | { readonly kind: 'completed'; readonly entry: SharedRecordEntry }
  /** Past its expiry (the server's TTL had not removed it yet): as good as absent. */
  | { readonly kind: 'expired' }
  /** Not an entry this middleware writes: not JSON, or a field missing or malformed. */
  | { readonly kind: 'corrupt' }
  /** A well-formed entry of another record (another caller's key, or another key's). */
  | { readonly kind: 'foreign' };

const entryVersion = 1;
const fingerprintPattern = /^[0-9a-f]{64}$/;

/**
 * The cache key of a record: the table name keeps the records of two tables (two deployments,
 * two test runs) apart on one server, and the record id is already a hash of scope and key.
 */
export function sharedRecordKey(tableName: string, recordId: string): string {
  return `idempotency:${tableName}:${recordId}`;
}

/** The entry as the JSON text written to the cache. */
export function encodeSharedRecordEntry(entry: SharedRecordEntry): string {
  return JSON.stringify({
    v: entryVersion,
    status: 'COMPLETED',
    id: entry.id,
    fingerprint: entry.fingerprint,
    expiresAt: entry.expiresAt,
    response: entry.response,
  });
}

/**
 * Reads an entry written by {@link encodeSharedRecordEntry} for record `expectedId`. Anything
 * else (another version, a missing field, another record's entry) is reported, never trusted.
 */
export function decodeSharedRecordEntry(text: string, expectedId: string, nowSeconds: number): SharedRecordLookup {
  const parsed = parseJsonObject(text);
  if (parsed === undefined) return { kind: 'corrupt' };
  const { v, status, id, fingerprint, expiresAt, response } = parsed;
  if (v !== entryVersion || status !== 'COMPLETED' || typeof id !== 'string' || typeof fingerprint !== 'string') return { kind: 'corrupt' };
  if (!fingerprintPattern.test(fingerprint) || !Number.isSafeInteger(expiresAt)) return { kind: 'corrupt' };
  let stored: StoredResponse;
  try {
    stored = parseStoredResponse(response);
  } catch (error) {
    if (error instanceof IdempotencyRecordInvalidError) return { kind: 'corrupt' };
    throw error;
  }
  if (id !== expectedId) return { kind: 'foreign' };
  if ((expiresAt as number) <= nowSeconds) return { kind: 'expired' };
  return { kind: 'completed', entry: { id, fingerprint, expiresAt: expiresAt as number, response: stored } };
}
