import { cacheMetrics, type CacheMetricName } from '../../../infra/definitions/metrics.js';
import { orderMarkerCheck } from '../cache/order-markers.js';
import type { IdempotencyLogEntry, SharedCacheLookupOutcome, SharedCacheWriteOutcome } from '../../idempotency/idempotency-log.js';

type CacheOutcome = SharedCacheLookupOutcome | SharedCacheWriteOutcome;

// What every use of the cache counts alike: the kind of fault, or an entry not to be trusted.
// A successful write counts nothing: the request's own outcome already says the record completed.
const common: Readonly<Record<CacheOutcome, CacheMetricName | null>> = {
  hit: null,
  miss: null,
  written: null,
  present: null,
  corrupt: cacheMetrics.corruptEntry,
  foreign: cacheMetrics.foreignEntry,
  timeout: cacheMetrics.timeout,
  unavailable: cacheMetrics.unavailable,
  error: cacheMetrics.error,
};

/**
 * The shared cache metrics one idempotency log entry counts: its record lookup (hit, miss or
 * why not), its record write's fault, and the route's own check (the paid-order marker).
 */
export function sharedCacheMetricsOf(entry: IdempotencyLogEntry): CacheMetricName[] {
  const counted: CacheMetricName[] = [];
  const add = (metric: CacheMetricName | null): void => {
    if (metric !== null) counted.push(metric);
  };
  if (entry.sharedCache === 'hit') add(cacheMetrics.recordHit);
  else if (entry.sharedCache === 'miss') add(cacheMetrics.recordMiss);
  else if (entry.sharedCache !== undefined) add(common[entry.sharedCache]);
  if (entry.sharedCacheWrite !== undefined) add(common[entry.sharedCacheWrite]);
  const check = entry.routeCache;
  if (check !== undefined) {
    if (check.name === orderMarkerCheck && check.outcome === 'hit') add(cacheMetrics.orderMarkerHit);
    else if (check.name === orderMarkerCheck && check.outcome === 'miss') add(cacheMetrics.orderMarkerMiss);
    else add(common[check.outcome]);
  }
  return counted;
}
