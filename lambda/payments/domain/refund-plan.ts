import { RefundExceedsPaymentError } from './payment-error.js';

/** The outcome of planning a refund against what has been refunded so far. */
export interface RefundPlan {
  /** Amount this refund returns, in minor units. */
  readonly amount: number;
  /** The payment's refunded total once this refund is applied. */
  readonly refundedAfter: number;
}

/**
 * Plans a refund of `requested` (or, when undefined, of everything still refundable) on a
 * payment of `paymentAmount` of which `refundedAmount` is already refunded.
 *
 * @returns the plan, or a RefundExceedsPaymentError when the refund would exceed the payment
 *   or the payment is already fully refunded.
 */
export function planRefund(
  paymentAmount: number,
  refundedAmount: number,
  requested: number | undefined,
): RefundPlan | RefundExceedsPaymentError {
  const refundable = paymentAmount - refundedAmount;
  const amount = requested ?? refundable;
  if (amount <= 0 || amount > refundable) return new RefundExceedsPaymentError(Math.max(refundable, 0));
  return { amount, refundedAfter: refundedAmount + amount };
}
