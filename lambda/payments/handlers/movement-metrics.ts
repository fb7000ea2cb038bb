import { moneyMetrics, type MoneyMetricName } from '../../../infra/definitions/metrics.js';
import type { Refusal } from '../domain/refusal.js';
import type { MovementEvent, MovementRecorder } from '../movements/money-movement.js';
import { countMetric, type PaymentsObservability } from '../wiring/observability.js';

/** The metric a committed movement counts, by movement name; opening an account counts none. */
export const committedMovementMetrics: Readonly<Record<string, MoneyMetricName>> = {
  payment: moneyMetrics.paymentSucceeded,
  deposit: moneyMetrics.depositSucceeded,
  refund: moneyMetrics.refundSucceeded,
};

/**
 * The metric each refusal counts, or null. Typed over every refusal, so a new one does not
 * compile until it is given a row here.
 */
export const refusalMetrics: Readonly<Record<Refusal['kind'], MoneyMetricName | null>> = {
  insufficient_funds: moneyMetrics.insufficientFunds,
  order_already_paid: moneyMetrics.orderAlreadyPaid,
  currency_mismatch: moneyMetrics.currencyMismatch,
  refund_exceeds_payment: moneyMetrics.refundExceedsPayment,
  // Not-found and reference answers are the caller's own mistakes or retries, not money outcomes.
  account_not_found: null,
  payment_not_found: null,
  balance_limit_exceeded: null,
  already_applied: null,
  reference_reused: null,
};

/** The metric a movement's event counts, if any. */
export function movementMetricOf(movementName: string, event: MovementEvent): MoneyMetricName | null {
  switch (event.kind) {
    case 'committed':
      return committedMovementMetrics[movementName] ?? null;
    case 'refused':
      return refusalMetrics[event.refusal.kind];
    case 'conflict_retried':
      return moneyMetrics.transactionConflictRetried;
  }
}

/** The recorder of one movement's runs: each event counts its metric in the current request. */
export function movementRecorder(movementName: string, observability: PaymentsObservability): MovementRecorder {
  return (event) => {
    const metric = movementMetricOf(movementName, event);
    if (metric !== null) countMetric(observability, metric);
  };
}
