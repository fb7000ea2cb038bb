import { describe, expect, it } from 'vitest';
import { sharedRecordCache } from '../../../lambda/idempotency/shared-record-cache.js';
import { encodeSharedRecordEntry, sharedRecordKey } from '../../../lambda/idempotency/shared-record-entry.js';
import { SharedCache, SharedCacheUnavailableError, type SharedCacheClient } from '../../../lambda/shared/shared-cache.js';

const keyHash = 'a'.repeat(64);
const fingerprint = 'f'.repeat(64);
const response = { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
const nowMs = 1_700_000_000_000;
const nowSeconds = nowMs / 1000;

/** An in-memory server: what was set, with the TTL it was given. */
function memoryClient(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const ttls = new Map<string, number>();
  const client: SharedCacheClient = {
    get: (key) => Promise.resolve(values.get(key)),
    setIfAbsent: (key, value, ttlMillis) => {
      if (values.has(key)) return Promise.resolve(false);
      values.set(key, value);
      ttls.set(key, ttlMillis);
      return Promise.resolve(true);
    },
  };
  return { client, values, ttls };
}

const entry = (overrides: Partial<{ id: string; expiresAt: number }> = {}): string =>
  encodeSharedRecordEntry({ id: overrides.id ?? keyHash, fingerprint, expiresAt: overrides.expiresAt ?? nowSeconds + 60, response });

describe('sharedRecordCache', () => {
  it('keeps a committed record for its remaining retention, once, and finds it again under the table it was kept for', async () => {
    const server = memoryClient();
    const records = sharedRecordCache(new SharedCache(server.client));
    expect(await records.keep('idem', keyHash, { fingerprint, response }, nowSeconds + 90, nowMs)).toBe('written');
    expect(server.ttls.get(sharedRecordKey('idem', keyHash))).toBe(90_000);
    expect(await records.keep('idem', keyHash, { fingerprint: 'e'.repeat(64), response }, nowSeconds + 90, nowMs)).toBe('present');

    expect(await records.find('idem', keyHash, nowMs)).toEqual({ outcome: 'hit', completion: { fingerprint, response }, expiresAt: nowSeconds + 90 });
    expect(await records.find('other-table', keyHash, nowMs)).toEqual({ outcome: 'miss' });
  });

  it.each([
    ['an entry past its expiry (the server has not dropped it yet)', entry({ expiresAt: nowSeconds }), 'miss'],
    ['an entry that is not JSON', 'paid', 'corrupt'],
    ["another record's entry under this key", entry({ id: 'b'.repeat(64) }), 'foreign'],
  ] as const)('reports %s as %s, never as a completed record', async (_label, value, outcome) => {
    const records = sharedRecordCache(new SharedCache(memoryClient({ [sharedRecordKey('idem', keyHash)]: value }).client));
    expect(await records.find('idem', keyHash, nowMs)).toEqual({ outcome });
  });

  it('reports a server it cannot reach as a fault, for both lookups and writes', async () => {
    const down: SharedCacheClient = {
      get: () => Promise.reject(new SharedCacheUnavailableError('down')),
      setIfAbsent: () => Promise.reject(new SharedCacheUnavailableError('down')),
    };
    const records = sharedRecordCache(new SharedCache(down));
    expect(await records.find('idem', keyHash, nowMs)).toEqual({ outcome: 'unavailable' });
    expect(await records.keep('idem', keyHash, { fingerprint, response }, nowSeconds + 90, nowMs)).toBe('unavailable');
  });
});
