import { idempotencyMetrics, type IdempotencyMetricName } from '../../../infra/definitions/metrics.js';
import type { IdempotencyLogEntry, IdempotencyLogger, IdempotencyOutcome } from '../../idempotency/idempotency-log.js';
import { countMetric, type PaymentsObservability } from '../wiring/observability.js';
import { sharedCacheMetricsOf } from './shared-cache-metrics.js';

/**
 * The metric each idempotency outcome counts, or null for outcomes that are only logged. Typed
 * over every outcome, so a new outcome does not compile until it is given a row here.
 * `replayed` answered from a cache (the instance's memory or the shared cache) counts
 * `IdempotencyReplayedFromCache` instead (see {@link idempotencyMetricOf}).
 */
export const idempotencyOutcomeMetrics: Readonly<Record<IdempotencyOutcome, IdempotencyMetricName | null>> = {
  claimed: idempotencyMetrics.claimed,
  replayed: idempotencyMetrics.replayed,
  conflict: idempotencyMetrics.inProgress,
  reused: idempotencyMetrics.keyReused,
  lease_lost: idempotencyMetrics.leaseLost,
  completion_cancelled: idempotencyMetrics.completionCancelled,
  release_failed: idempotencyMetrics.releaseFailed,
  // The request's own answer says what happened; these add nothing an alarm would act on.
  completed: null,
  released: null,
  release_skipped: null,
  completion_failed: null,
  response_too_large: null,
  unprotected: null,
  key_missing: null,
  key_invalid: null,
  // Answered by the route's own check (the paid-order marker): counted by its cache metric.
  answered_before_claim: null,
};

/** The metric an idempotency log entry counts, if any. */
export function idempotencyMetricOf(entry: IdempotencyLogEntry): IdempotencyMetricName | null {
  // IdempotencyReplayed means the idempotency table answered; a cache answer is the other metric.
  if (entry.outcome === 'replayed' && (entry.fromCache === true || entry.fromSharedCache === true)) return idempotencyMetrics.replayedFromCache;
  return idempotencyOutcomeMetrics[entry.outcome];
}

/**
 * The idempotency middleware's logger for the payment functions: each entry becomes one
 * structured log line at its level (it carries `outcome` and `keyHash`, never the raw key) and
 * counts its metric. The key's hash is also kept on the request's later lines (an error logged
 * after the claim names the key it held).
 */
export function idempotencyObserver(observability: PaymentsObservability): IdempotencyLogger {
  const { logger } = observability;
  return (entry) => {
    const { level, message, ...fields } = entry;
    if (entry.keyHash !== undefined) logger.appendKeys({ keyHash: entry.keyHash });
    logger[level](message, fields);
    const metric = idempotencyMetricOf(entry);
    if (metric !== null) countMetric(observability, metric);
    // Only a function with the shared cache logs cache outcomes; one bundled without it
    // (process.env.SHARED_CACHE_BUNDLE defined as 'excluded') leaves this code out.
    if (process.env.SHARED_CACHE_BUNDLE !== 'excluded') {
      for (const cacheMetric of sharedCacheMetricsOf(entry)) countMetric(observability, cacheMetric);
    }
  };
}
