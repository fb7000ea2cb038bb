import { Problem } from '../../http/problem.js';
import type { KeyedMovement } from '../domain/natural-key.js';
import type { Refusal } from '../domain/refusal.js';

/** How each keyed movement says it already ran, and which member names the original. */
const alreadyApplied: Readonly<Record<KeyedMovement, { code: string; title: string; detail: string; idName: string }>> = {
  deposit: {
    code: 'deposit_already_applied',
    title: 'Deposit already applied',
    detail: 'A deposit with this reference was already applied to the account; nothing was credited.',
    idName: 'depositId',
  },
  refund: {
    code: 'refund_already_made',
    title: 'Refund already made',
    detail: 'A refund with this reference was already made for this payment; nothing was refunded.',
    idName: 'refundId',
  },
  account: {
    code: 'account_already_exists',
    title: 'Account already exists',
    detail: 'An account with this reference was already opened for the caller; no account was created.',
    idName: 'accountId',
  },
};

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
    case 'already_applied': {
      const { code, title, detail, idName } = alreadyApplied[refusal.movement];
      return new Problem({ status: 409, code, title, detail, extensions: { [idName]: refusal.originalId } });
    }
    case 'reference_reused': {
      const { idName } = alreadyApplied[refusal.movement];
      return new Problem({
        status: 422,
        code: 'reference_reused',
        title: 'Reference reused',
        detail: `This reference was used for another ${refusal.movement} on different terms; nothing was done. Use a new reference for a new ${refusal.movement}.`,
        extensions: { [idName]: refusal.originalId },
      });
    }
  }
}
