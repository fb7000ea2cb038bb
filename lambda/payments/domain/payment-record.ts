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
