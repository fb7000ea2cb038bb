import { describe, expect, it } from 'vitest';
import type { IdempotencyLogEntry } from '../../../../lambda/idempotency/idempotency-log.js';
import { sharedCacheMetricsOf } from '../../../../lambda/payments/handlers/shared-cache-metrics.js';

const entry = (fields: Partial<IdempotencyLogEntry>): IdempotencyLogEntry => ({ level: 'info', message: 'idempotency', outcome: 'claimed', ...fields });

describe('sharedCacheMetricsOf', () => {
  it.each<[string, Partial<IdempotencyLogEntry>, string[]]>([
    ['no cache at all', {}, []],
    ['a replay from a cached record', { outcome: 'replayed', sharedCache: 'hit', fromSharedCache: true }, ['CacheRecordHit']],
    ['a record miss, then a marker miss', { sharedCache: 'miss', routeCache: { name: 'order_marker', outcome: 'miss' } }, ['CacheRecordMiss', 'CacheOrderMarkerMiss']],
    ['a marker answer', { outcome: 'answered_before_claim', sharedCache: 'miss', routeCache: { name: 'order_marker', outcome: 'hit' } }, ['CacheRecordMiss', 'CacheOrderMarkerHit']],
    ['a completion written to the cache', { outcome: 'completed', sharedCacheWrite: 'written', routeCache: { name: 'order_marker', outcome: 'written' } }, []],
    ['a timeout read and a timeout write', { outcome: 'replayed', sharedCache: 'timeout', sharedCacheWrite: 'timeout' }, ['CacheTimeout', 'CacheTimeout']],
    ['an unreachable cache', { sharedCache: 'unavailable', routeCache: { name: 'order_marker', outcome: 'unavailable' } }, ['CacheUnavailable', 'CacheUnavailable']],
    ['an error reply', { sharedCache: 'error' }, ['CacheError']],
    ['a corrupt record and a foreign marker', { sharedCache: 'corrupt', routeCache: { name: 'order_marker', outcome: 'foreign' } }, ['CacheCorruptEntry', 'CacheForeignEntry']],
  ])('counts %s', (_label, fields, metrics) => {
    expect(sharedCacheMetricsOf(entry(fields))).toEqual(metrics);
  });
});
