import { isAccountId } from '../domain/account.js';
import { newId } from '../domain/ids.js';
import { balanceAfter } from '../domain/money.js';
import type { PaymentRecord } from '../domain/payment.js';
import { balanceRefusal } from '../domain/refusal.js';
import { createPaymentBody, noPath } from '../domain/request-schemas.js';
import type { MoneyMovement } from './money-movement.js';
import { commit, moveMoney, refuse } from './move-money.js';

/** What a committed payment created. */
export interface Payment {
  readonly payment: PaymentRecord;
  readonly balanceAfter: number;
}

/**
 * `POST /payments`: charges the caller's account for an order. Besides the money move, the
 * payment record keyed by (caller, orderId) is the constraint that pays an order once, whatever
 * idempotency key was sent.
 */
export const payment: MoneyMovement<typeof createPaymentBody, typeof noPath, Payment> = {
  name: 'payment',
  body: createPaymentBody,
  path: noPath,
  accountOf: ({ body: { accountId } }) => accountId,
  paysOrder: {
    orderOf: ({ body: { orderId, accountId, currency } }) => ({ orderId, accountId, currency }),
    paidOrderOf: ({ payment: { orderId, accountId, currency, paymentId } }) => ({ orderId, accountId, currency, paymentId }),
  },
  start({ body: { orderId, accountId, amount, currency } }, caller) {
    const paymentId = newId('pay');
    const entryId = newId('led');
    return async ({ state, at }) => {
      const before = isAccountId(accountId) ? await state.account(accountId) : undefined;
      if (before === undefined) return refuse({ kind: 'account_not_found' });
      if (before.currency !== currency) return refuse({ kind: 'currency_mismatch', requested: currency, held: before.currency });
      const balance = balanceAfter(before.balance, -amount);
      if (typeof balance !== 'number') {
        // A stale balance may be lower than the real one: only a fresh one may refuse.
        if (!state.fresh) return { kind: 'refresh' };
        // A paid order is 409 whatever the balance: check it before refusing for lack of funds.
        const paid = await state.payment(orderId);
        if (paid !== undefined) return refuse({ kind: 'order_already_paid', paymentId: paid.paymentId });
        return refuse(balanceRefusal(balance, 'payment'));
      }
      const record: PaymentRecord = { paymentId, orderId, accountId, amount, currency, status: 'succeeded', refundedAmount: 0, createdAt: at };
      const writes = moveMoney({ caller, currency, before, balanceAfter: balance, type: 'payment', entryId, referenceId: paymentId, orderId, at });
      return commit([...writes, { kind: 'record_payment', ownerId: caller, payment: record }], { payment: record, balanceAfter: balance });
    };
  },
  reply({ payment: { paymentId, orderId, accountId, amount, currency, status, createdAt }, balanceAfter: balance }) {
    return {
      status: 201,
      body: { paymentId, orderId, accountId, amount, currency, status, balanceAfter: balance, createdAt },
      location: `/payments/${orderId}`,
    };
  },
};
