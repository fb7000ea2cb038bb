import { newId } from '../domain/ids.js';
import { balanceAfter } from '../domain/money.js';
import { planRefund } from '../domain/payment.js';
import { balanceRefusal } from '../domain/refusal.js';
import { createRefundBody, orderPath } from '../domain/request-schemas.js';
import type { MoneyMovement } from './money-movement.js';
import { commit, moveMoney, refuse, refuseWhenFresh } from './move-money.js';

/** What a committed refund created. */
export interface Refund {
  readonly refundId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly refundedAmount: number;
  readonly balanceAfter: number;
  readonly createdAt: string;
}

/**
 * `POST /payments/{orderId}/refunds`: returns part or (without `amount`) all of what is left of
 * the caller's payment to its account. Besides the money move, the payment's refunded total is
 * raised, pinned to the total the refund was planned against, so concurrent refunds never exceed
 * the payment.
 */
export const refund: MoneyMovement<typeof createRefundBody, typeof orderPath, Refund> = {
  name: 'refund',
  body: createRefundBody,
  emptyBodyAsObject: true,
  path: orderPath,
  start({ body: { amount: requested }, path: { orderId } }, caller) {
    const refundId = newId('ref');
    const entryId = newId('led');
    return async ({ state, at }) => {
      const paid = await state.payment(orderId);
      if (paid === undefined) return refuse({ kind: 'payment_not_found' });
      const plan = planRefund(paid.amount, paid.refundedAmount, requested);
      // The refunded total only grows, but a cached one may be behind: refuse on a fresh one.
      if ('refundable' in plan) return refuseWhenFresh(state.fresh, { kind: 'refund_exceeds_payment', refundable: plan.refundable });
      const before = await state.account(paid.accountId);
      if (before === undefined) throw new Error("a payment's account is missing or owned by another caller");
      const balance = balanceAfter(before.balance, plan.amount);
      if (typeof balance !== 'number') return refuseWhenFresh(state.fresh, balanceRefusal(balance, 'refund'));
      const writes = moveMoney({ caller, currency: paid.currency, before, balanceAfter: balance, type: 'refund', entryId, referenceId: refundId, orderId, at });
      return commit([...writes, { kind: 'raise_refunded', ownerId: caller, payment: paid, refundedAfter: plan.refundedAfter }], {
        refundId,
        orderId,
        amount: plan.amount,
        currency: paid.currency,
        refundedAmount: plan.refundedAfter,
        balanceAfter: balance,
        createdAt: at,
      });
    };
  },
  reply(created) {
    return { status: 201, body: { ...created } };
  },
};
