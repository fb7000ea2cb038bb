import type { AccountSnapshot } from '../domain/account.js';
import { newId } from '../domain/ids.js';
import { createAccountBody, noPath } from '../domain/request-schemas.js';
import type { MoneyMovement } from './money-movement.js';
import { commit } from './move-money.js';

/**
 * `POST /accounts`: opens an account in the body's currency for the caller, with balance 0.
 * Only a random 128-bit id colliding can fail the put; the runner then plans again, with a new id.
 */
export const openAccount: MoneyMovement<typeof createAccountBody, typeof noPath, AccountSnapshot> = {
  name: 'open_account',
  body: createAccountBody,
  path: noPath,
  start({ body: { currency } }, caller) {
    return ({ at }) => {
      const account: AccountSnapshot = { accountId: newId('acct'), ownerId: caller, currency, balance: 0, version: 0, createdAt: at, updatedAt: at };
      return Promise.resolve(commit([{ kind: 'open_account', account }], account));
    };
  },
  reply({ accountId, currency, balance, createdAt }) {
    return { status: 201, body: { accountId, currency, balance, createdAt }, location: `/accounts/${accountId}` };
  },
};
