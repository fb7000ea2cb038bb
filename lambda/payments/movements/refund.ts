import { newId } from '../domain/ids.js';
import { balanceAfter } from '../domain/money.js';
import { naturalKey, refusalOfTakenKey } from '../domain/natural-key.js';
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
  readonly reference: string;
  readonly refundedAmount: number;
  readonly balanceAfter: number;
  readonly createdAt: string;
}

/**
 * `POST /payments/{orderId}/refunds`: returns part or (without `amount`) all of what is left of
 * the caller's payment to its account. Besides the money move, the payment's refunded total is
 * raised, pinned to the total the refund was planned against, so concurrent refunds never exceed
 * the payment. The refund's `reference` is its natural key per payment: a second refund with it is
 * refused at any time, whatever idempotency key it carries.
 */
export const refund: MoneyMovement<typeof createRefundBody, typeof orderPath, Refund> = {
  name: 'refund',
  body: createRefundBody,
  emptyBodyAsObject: true,
  path: orderPath,
  start({ body: { amount: requested, reference }, path: { orderId } }, caller) {
    const refundId = newId('ref');
    // Without an amount the refund asked for whatever was left: a retry asks the same.
    const key = naturalKey('refund', `${caller}\n${orderId}`, reference, `amount=${requested ?? 'rest'}`);
    const entryId = newId('led');
    return async ({ state, at }) => {
      const paid = await state.payment(orderId);
      if (paid === undefined) return refuse({ kind: 'payment_not_found' });
      const plan = planRefund(paid.amount, paid.refundedAmount, requested);
      if ('refundable' in plan) {
        // The refunded total only grows, but a cached one may be behind: refuse on a fresh one,
        // and tell a refund that already ran so rather than refusing it for what is left now.
        if (!state.fresh) return { kind: 'refresh' };
        const taken = await state.takenKey(key);
        return refuse(taken === undefined ? { kind: 'refund_exceeds_payment', refundable: plan.refundable } : refusalOfTakenKey(key, taken));
      }
      const before = await state.account(paid.accountId);
      if (before === undefined) throw new Error("a payment's account is missing or owned by another caller");
      const balance = balanceAfter(before.balance, plan.amount);
      if (typeof balance !== 'number') return refuseWhenFresh(state.fresh, balanceRefusal(balance, 'refund'));
      const writes = moveMoney({ caller, currency: paid.currency, before, balanceAfter: balance, type: 'refund', entryId, referenceId: refundId, orderId, at });
      const raise = { kind: 'raise_refunded', ownerId: caller, payment: paid, refundedAfter: plan.refundedAfter } as const;
      return commit([...writes, raise, { kind: 'take_natural_key', key, movementId: refundId, at }], {
        refundId,
        orderId,
        amount: plan.amount,
        currency: paid.currency,
        reference,
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
