import { isAccountId } from '../domain/account.js';
import { newId } from '../domain/ids.js';
import { balanceAfter } from '../domain/money.js';
import { naturalKey, refusalOfTakenKey } from '../domain/natural-key.js';
import { balanceRefusal } from '../domain/refusal.js';
import { accountPath, createDepositBody } from '../domain/request-schemas.js';
import type { MoneyMovement } from './money-movement.js';
import { commit, moveMoney, refuse } from './move-money.js';

/** What a committed deposit created. */
export interface Deposit {
  readonly depositId: string;
  readonly accountId: string;
  readonly amount: number;
  readonly currency: string;
  readonly reference: string;
  readonly balanceAfter: number;
  readonly createdAt: string;
}

/**
 * `POST /accounts/{accountId}/deposits`: credits the caller's account. The deposit's `reference`
 * (the external transfer's id) is its natural key per account: a second deposit with it is
 * refused at any time, whatever idempotency key it carries.
 */
export const deposit: MoneyMovement<typeof createDepositBody, typeof accountPath, Deposit> = {
  name: 'deposit',
  body: createDepositBody,
  path: accountPath,
  accountOf: ({ path: { accountId } }) => accountId,
  start({ body: { amount, currency, reference }, path: { accountId } }, caller) {
    const depositId = newId('dep');
    const key = naturalKey('deposit', accountId, reference, `amount=${amount} currency=${currency}`);
    const entryId = newId('led');
    return async ({ state, at }) => {
      const before = isAccountId(accountId) ? await state.account(accountId) : undefined;
      if (before === undefined) return refuse({ kind: 'account_not_found' });
      if (before.currency !== currency) return refuse({ kind: 'currency_mismatch', requested: currency, held: before.currency });
      const balance = balanceAfter(before.balance, amount);
      if (typeof balance !== 'number') {
        // A stale balance may be higher than the real one: only a fresh one may refuse, and a
        // deposit that already ran is told so rather than refused for today's balance.
        if (!state.fresh) return { kind: 'refresh' };
        const taken = await state.takenKey(key);
        return refuse(taken === undefined ? balanceRefusal(balance, 'deposit') : refusalOfTakenKey(key, taken));
      }
      const writes = moveMoney({ caller, currency, before, balanceAfter: balance, type: 'deposit', entryId, referenceId: depositId, at });
      return commit([...writes, { kind: 'take_natural_key', key, movementId: depositId, at }], {
        depositId,
        accountId,
        amount,
        currency,
        reference,
        balanceAfter: balance,
        createdAt: at,
      });
    };
  },
  reply(created) {
    return { status: 201, body: { ...created } };
  },
};
