import type { SharedCache } from '../shared/shared-cache.js';
import type { SharedCacheLookupOutcome, SharedCacheWriteOutcome } from './idempotency-log.js';
import { decodeSharedRecordEntry, encodeSharedRecordEntry, sharedRecordKey } from './shared-record-entry.js';
import type { StoredResponse } from './stored-response.js';

/** A completed record as a replay needs it. */
export interface SharedCompletion {
  readonly fingerprint: string;
  readonly response: StoredResponse;
}

/** What a lookup found: a completed record it can trust, or why there is none. */
export type SharedRecordFound =
  | { readonly outcome: 'hit'; readonly completion: SharedCompletion; readonly expiresAt: number }
  | { readonly outcome: Exclude<SharedCacheLookupOutcome, 'hit'> };

/**
 * Completed records shared by every instance, as the middleware's `sharedCache` option takes
 * them. The middleware knows only this interface, so a function bundled without the cache
 * carries none of its code.
 */
export interface SharedRecordCache {
  /** The completed record `keyHash` of `tableName` at `nowMs`, if the cache holds one it can trust. */
  find(tableName: string, keyHash: string, nowMs: number): Promise<SharedRecordFound>;
  /**
   * Keeps a record that has committed in DynamoDB, and only such a record, until
   * `expiresAtSeconds` (its remaining retention), unless the cache already holds one.
   */
  keep(tableName: string, keyHash: string, completion: SharedCompletion, expiresAtSeconds: number, nowMs: number): Promise<SharedCacheWriteOutcome>;
}

/**
 * The middleware's completed records in `cache` (Valkey or Redis), one JSON entry per record
 * (shared-record-entry.ts). An entry it cannot trust (not one of ours, another record's, past its
 * expiry) is reported, never answered.
 */
export function sharedRecordCache(cache: SharedCache): SharedRecordCache {
  return {
    async find(tableName, keyHash, nowMs) {
      const read = await cache.read(sharedRecordKey(tableName, keyHash));
      if (read.kind === 'fault') return { outcome: read.fault };
      if (read.kind === 'miss') return { outcome: 'miss' };
      const found = decodeSharedRecordEntry(read.value, keyHash, Math.floor(nowMs / 1000));
      switch (found.kind) {
        case 'completed':
          return { outcome: 'hit', completion: { fingerprint: found.entry.fingerprint, response: found.entry.response }, expiresAt: found.entry.expiresAt };
        case 'expired':
          return { outcome: 'miss' };
        case 'corrupt':
        case 'foreign':
          return { outcome: found.kind };
      }
    },
    async keep(tableName, keyHash, completion, expiresAtSeconds, nowMs) {
      const value = encodeSharedRecordEntry({ id: keyHash, fingerprint: completion.fingerprint, expiresAt: expiresAtSeconds, response: completion.response });
      // The entry lives exactly as long as the record is replayed: its remaining retention.
      const written = await cache.writeIfAbsent(sharedRecordKey(tableName, keyHash), value, expiresAtSeconds * 1000 - nowMs);
      return written.kind === 'fault' ? written.fault : written.kind;
    },
  };
}
