import { cacheMetrics, type CacheMetricName } from '../../../infra/definitions/metrics.js';
import { orderMarkerCheck } from '../cache/order-markers.js';
import type { IdempotencyLogEntry, SharedCacheLookupOutcome, SharedCacheWriteOutcome } from '../../idempotency/idempotency-log.js';

type CacheOutcome = SharedCacheLookupOutcome | SharedCacheWriteOutcome;

// What every use of the cache counts alike: the kind of fault, or an entry not to be trusted.
// A successful write counts nothing: the request's own outcome already says the record completed.
// A function, not a table: a bundle without the cache then drops it with its only caller.
function commonMetricOf(outcome: CacheOutcome): CacheMetricName | null {
  switch (outcome) {
    case 'hit':
    case 'miss':
    case 'written':
    case 'present':
      return null;
    case 'corrupt':
      return cacheMetrics.corruptEntry;
    case 'foreign':
      return cacheMetrics.foreignEntry;
    case 'timeout':
      return cacheMetrics.timeout;
    case 'unavailable':
      return cacheMetrics.unavailable;
    case 'error':
      return cacheMetrics.error;
  }
}

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
  else if (entry.sharedCache !== undefined) add(commonMetricOf(entry.sharedCache));
  if (entry.sharedCacheWrite !== undefined) add(commonMetricOf(entry.sharedCacheWrite));
  const check = entry.routeCache;
  if (check !== undefined) {
    if (check.name === orderMarkerCheck && check.outcome === 'hit') add(cacheMetrics.orderMarkerHit);
    else if (check.name === orderMarkerCheck && check.outcome === 'miss') add(cacheMetrics.orderMarkerMiss);
    else add(commonMetricOf(check.outcome));
  }
  return counted;
}
