/**
 * The one source of truth for the functions' own CloudWatch metrics (embedded metric format).
 * The functions emit them (Powertools Metrics: `namespace`, `serviceName`, one `route`
 * dimension); the CDK stack alarms on them and draws them on the dashboard. Both sides import
 * the names from here, so a renamed metric cannot leave an alarm watching nothing.
 * docs/operations.md says what each one means. Keep this module free of imports: it is the one
 * file of infra/ that lambda/ may import (docs/design.md).
 */

/** CloudWatch namespace of every metric below (POWERTOOLS_METRICS_NAMESPACE in the functions). */
export const metricsNamespace = 'IdempotentPayments';

/** Value of the `service` dimension (POWERTOOLS_SERVICE_NAME in the functions). */
export const serviceName = 'payments';

/**
 * The dimensions every metric carries, and no others: low cardinality on purpose (never a
 * caller, an account or a key). `service` is Powertools' default dimension; `route` is the HTTP
 * API route key of the request, e.g. `POST /payments` (`event.routeKey`, which the local runner
 * sets the same way).
 */
export const metricDimensions = { service: 'service', route: 'route' } as const;

/** One counter (unit Count, value 1 per occurrence) per outcome of the idempotency layer. */
export const idempotencyMetrics = {
  /** A new key was claimed and the handler ran. */
  claimed: 'IdempotencyClaimed',
  /** A completed key was answered from the idempotency table. */
  replayed: 'IdempotencyReplayed',
  /** A completed key was answered from a cache (the instance's memory or the shared cache), without a DynamoDB call. */
  replayedFromCache: 'IdempotencyReplayedFromCache',
  /** 409: the key is still being processed by another request. */
  inProgress: 'IdempotencyInProgress',
  /** 422: the key was used before with a different request. */
  keyReused: 'IdempotencyKeyReused',
  /** The lease on a key expired while the handler ran; another request may have taken the key over. */
  leaseLost: 'IdempotencyLeaseLost',
  /** Saving the response together with the money change was cancelled (transaction refused). */
  completionCancelled: 'IdempotencyCompletionCancelled',
  /** Releasing a failed request's claim failed: the key stays blocked until its lease expires. */
  releaseFailed: 'IdempotencyReleaseFailed',
} as const;

/** One counter per money outcome. */
export const moneyMetrics = {
  paymentSucceeded: 'PaymentSucceeded',
  insufficientFunds: 'InsufficientFunds',
  orderAlreadyPaid: 'OrderAlreadyPaid',
  currencyMismatch: 'CurrencyMismatch',
  depositSucceeded: 'DepositSucceeded',
  refundSucceeded: 'RefundSucceeded',
  refundExceedsPayment: 'RefundExceedsPayment',
  /** A transaction was refused because another one moved the account, and was sent again. */
  transactionConflictRetried: 'TransactionConflictRetried',
  /** 503: conflicts or throttling outlasted the request's retry budget. */
  retryBudgetExhausted: 'RetryBudgetExhausted',
} as const;

/**
 * One counter per outcome of the shared cache (Valkey/Redis, `-c cache=valkey`) on the
 * idempotent routes: what a lookup found, and one name per kind of fault, so none needs a
 * free-text reason. None is a money-safety signal: every fault falls back to DynamoDB.
 */
export const cacheMetrics = {
  /** A completed record in the cache answered a replay or a 422, with no DynamoDB call. */
  recordHit: 'CacheRecordHit',
  /** The cache held no record for the key: DynamoDB claimed or answered it. */
  recordMiss: 'CacheRecordMiss',
  /** A paid-order marker answered 409 order_already_paid, with no DynamoDB call. */
  orderMarkerHit: 'CacheOrderMarkerHit',
  /** No marker for the order: the payment went to DynamoDB. */
  orderMarkerMiss: 'CacheOrderMarkerMiss',
  /** A cache read or write did not finish within CACHE_TIMEOUT_MS. */
  timeout: 'CacheTimeout',
  /** The cache could not be reached (connection refused, dropped, reconnecting). */
  unavailable: 'CacheUnavailable',
  /** The cache answered with an error. */
  error: 'CacheError',
  /** An entry that is not one the functions write (bad JSON, a field missing or malformed): ignored. */
  corruptEntry: 'CacheCorruptEntry',
  /** A well-formed entry of another key or another caller under a caller's key: ignored. */
  foreignEntry: 'CacheForeignEntry',
} as const;

export type IdempotencyMetricName = (typeof idempotencyMetrics)[keyof typeof idempotencyMetrics];
export type MoneyMetricName = (typeof moneyMetrics)[keyof typeof moneyMetrics];
export type CacheMetricName = (typeof cacheMetrics)[keyof typeof cacheMetrics];
export type PaymentsMetricName = IdempotencyMetricName | MoneyMetricName | CacheMetricName;

/** Every metric name, idempotency outcomes first. */
export const metricNames: readonly PaymentsMetricName[] = [
  ...Object.values(idempotencyMetrics),
  ...Object.values(moneyMetrics),
  ...Object.values(cacheMetrics),
];

/**
 * The idempotency outcomes that mean money safety needs a look: none of them happens in normal
 * operation, so one is enough to alarm.
 */
export const moneySafetyMetrics: readonly IdempotencyMetricName[] = [
  idempotencyMetrics.leaseLost,
  idempotencyMetrics.completionCancelled,
  idempotencyMetrics.releaseFailed,
];

/** The `route` dimension value of a route: its HTTP API route key. */
export function routeDimension(route: { readonly method: string; readonly path: string }): string {
  return `${route.method} ${route.path}`;
}
