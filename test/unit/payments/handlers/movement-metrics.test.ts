import { describe, expect, it } from 'vitest';
import { moneyMetrics } from '../../../../infra/definitions/metrics.js';
import type { Refusal } from '../../../../lambda/payments/domain/refusal.js';
import { movementMetricOf, refusalMetrics } from '../../../../lambda/payments/handlers/movement-metrics.js';
import type { MovementEvent } from '../../../../lambda/payments/movements/money-movement.js';

const refused = (refusal: Refusal): MovementEvent => ({ kind: 'refused', refusal });

describe('movementMetricOf', () => {
  it.each([
    ['payment', { kind: 'committed' }, moneyMetrics.paymentSucceeded],
    ['deposit', { kind: 'committed' }, moneyMetrics.depositSucceeded],
    ['refund', { kind: 'committed' }, moneyMetrics.refundSucceeded],
    ['open_account', { kind: 'committed' }, null],
    ['payment', refused({ kind: 'insufficient_funds' }), moneyMetrics.insufficientFunds],
    ['payment', refused({ kind: 'order_already_paid', paymentId: 'pay_1' }), moneyMetrics.orderAlreadyPaid],
    ['deposit', refused({ kind: 'currency_mismatch', requested: 'EUR', held: 'USD' }), moneyMetrics.currencyMismatch],
    ['refund', refused({ kind: 'refund_exceeds_payment', refundable: 0 }), moneyMetrics.refundExceedsPayment],
    ['payment', refused({ kind: 'account_not_found' }), null],
    ['deposit', refused({ kind: 'balance_limit_exceeded', movement: 'deposit' }), null],
    ['refund', refused({ kind: 'already_applied', movement: 'refund', originalId: 'rfd_1' }), null],
    ['deposit', { kind: 'conflict_retried' }, moneyMetrics.transactionConflictRetried],
  ] as const)('counts %s %j as %s', (movement, event, metric) => {
    expect(movementMetricOf(movement, event)).toBe(metric);
  });

  it('gives every money metric but the retry budget’s (counted by the route) an outcome', () => {
    const counted = new Set<string>([
      ...Object.values(refusalMetrics),
      ...['payment', 'deposit', 'refund'].map((name) => movementMetricOf(name, { kind: 'committed' })),
      movementMetricOf('payment', { kind: 'conflict_retried' }),
    ].filter((name) => name !== null));
    expect(Object.values(moneyMetrics).filter((name) => !counted.has(name))).toEqual([moneyMetrics.retryBudgetExhausted]);
  });
});
