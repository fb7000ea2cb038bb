import { isAccountId } from '../domain/account.js';
import { newId } from '../domain/ids.js';
import { balanceAfter } from '../domain/money.js';
import { balanceRefusal } from '../domain/refusal.js';
import { accountPath, createDepositBody } from '../domain/request-schemas.js';
import type { MoneyMovement } from './money-movement.js';
import { commit, moveMoney, refuse, refuseWhenFresh } from './move-money.js';

/** What a committed deposit created. */
export interface Deposit {
  readonly depositId: string;
  readonly accountId: string;
  readonly amount: number;
  readonly currency: string;
  readonly balanceAfter: number;
  readonly createdAt: string;
}

/** `POST /accounts/{accountId}/deposits`: credits the caller's account. */
export const deposit: MoneyMovement<typeof createDepositBody, typeof accountPath, Deposit> = {
  name: 'deposit',
  body: createDepositBody,
  path: accountPath,
  start({ body: { amount, currency }, path: { accountId } }, caller) {
    const depositId = newId('dep');
    const entryId = newId('led');
    return async ({ state, at }) => {
      const before = isAccountId(accountId) ? await state.account(accountId) : undefined;
      if (before === undefined) return refuse({ kind: 'account_not_found' });
      if (before.currency !== currency) return refuse({ kind: 'currency_mismatch', requested: currency, held: before.currency });
      const balance = balanceAfter(before.balance, amount);
      // A stale balance may be higher than the real one: only a fresh one may refuse.
      if (typeof balance !== 'number') return refuseWhenFresh(state.fresh, balanceRefusal(balance, 'deposit'));
      const writes = moveMoney({ caller, currency, before, balanceAfter: balance, type: 'deposit', entryId, referenceId: depositId, at });
      return commit(writes, { depositId, accountId, amount, currency, balanceAfter: balance, createdAt: at });
    };
  },
  reply(created) {
    return { status: 201, body: { ...created } };
  },
};
