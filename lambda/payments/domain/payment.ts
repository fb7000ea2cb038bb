/** A payment as stored and as `GET /payments/{orderId}` shows it. */
export interface PaymentRecord {
  readonly paymentId: string;
  readonly orderId: string;
  readonly accountId: string;
  readonly amount: number;
  readonly currency: string;
  /** The charge's status; refunds do not change it (they show in `refundedAmount`). */
  readonly status: 'succeeded';
  /** Sum of the refunds so far, 0..amount. */
  readonly refundedAmount: number;
  readonly createdAt: string;
}

// Not only dots: `.` and `..` are path segments that standard clients resolve away (RFC 3986
// dot segments), so an order named so could never be addressed again.
export const orderIdPattern = /^(?!\.+$)[A-Za-z0-9._:-]{1,128}$/;

/** True when `value` is a valid order id: 1–128 characters of `[A-Za-z0-9._:-]`, not only dots. */
export function isOrderId(value: unknown): value is string {
  return typeof value === 'string' && orderIdPattern.test(value);
}

/** A refund planned against what has been refunded so far. */
export interface RefundPlan {
  /** Amount this refund returns, in minor units. */
  readonly amount: number;
  /** The payment's refunded total once this refund is applied. */
  readonly refundedAfter: number;
}

/** Why a refund cannot be made: it would exceed what is still refundable (0 when fully refunded). */
export interface RefundRefusal {
  readonly refundable: number;
}

/**
 * Plans a refund of `requested` (or, when undefined, of everything still refundable) on a
 * payment of `paymentAmount` of which `refundedAmount` is already refunded.
 */
export function planRefund(paymentAmount: number, refundedAmount: number, requested: number | undefined): RefundPlan | RefundRefusal {
  const refundable = paymentAmount - refundedAmount;
  const amount = requested ?? refundable;
  if (amount <= 0 || amount > refundable) return { refundable: Math.max(refundable, 0) };
  return { amount, refundedAfter: refundedAmount + amount };
}
