import { Problem } from '../../http/problem.js';
import type { Refusal } from '../domain/refusal.js';

/** The problem a business refusal is answered with (returned, so the idempotency middleware stores it). */
export function refusalProblem(refusal: Refusal): Problem {
  switch (refusal.kind) {
    case 'account_not_found':
      return new Problem({ status: 404, code: 'account_not_found', title: 'Account not found', detail: 'No account with this id belongs to the caller.' });
    case 'payment_not_found':
      return new Problem({ status: 404, code: 'payment_not_found', title: 'Payment not found', detail: 'No payment for this order belongs to the caller.' });
    case 'currency_mismatch':
      return new Problem({
        status: 422,
        code: 'currency_mismatch',
        title: 'Currency mismatch',
        detail: `The account holds ${refusal.held}; the request is in ${refusal.requested}.`,
      });
    case 'insufficient_funds':
      return new Problem({ status: 402, code: 'insufficient_funds', title: 'Insufficient funds', detail: 'The account balance does not cover this payment.' });
    case 'balance_limit_exceeded':
      return new Problem({
        status: 422,
        code: 'balance_limit_exceeded',
        title: 'Balance limit exceeded',
        detail: `This ${refusal.movement} would take the balance past the largest balance an account may hold.`,
      });
    case 'order_already_paid':
      return new Problem({
        status: 409,
        code: 'order_already_paid',
        title: 'Order already paid',
        detail: 'This order has already been paid; nothing was charged.',
        extensions: { paymentId: refusal.paymentId },
      });
    case 'refund_exceeds_payment':
      return new Problem({
        status: 422,
        code: 'refund_exceeds_payment',
        title: 'Refund exceeds payment',
        detail:
          refusal.refundable === 0
            ? 'The payment has been fully refunded already.'
            : `At most ${refusal.refundable} minor units of this payment can still be refunded.`,
        extensions: { refundableAmount: refusal.refundable },
      });
  }
}
