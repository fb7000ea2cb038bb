import type { AccountSnapshot } from '../domain/account.js';
import { newId } from '../domain/ids.js';
import { naturalKey } from '../domain/natural-key.js';
import { createAccountBody, noPath } from '../domain/request-schemas.js';
import type { MoneyMovement } from './money-movement.js';
import { commit } from './move-money.js';

/** What a committed opening created. */
export interface OpenedAccount {
  readonly account: AccountSnapshot;
  readonly reference: string | undefined;
}

/**
 * `POST /accounts`: opens an account in the body's currency for the caller, with balance 0.
 * Only a random 128-bit id colliding can fail the put; the runner then plans again, with a new id.
 * An optional `reference` (the client's customer id) is a natural key per caller: a second
 * opening with it is refused at any time, whatever idempotency key it carries.
 */
export const openAccount: MoneyMovement<typeof createAccountBody, typeof noPath, OpenedAccount> = {
  name: 'open_account',
  body: createAccountBody,
  path: noPath,
  start({ body: { currency, reference } }, caller) {
    const key = reference === undefined ? undefined : naturalKey('account', caller, reference, `currency=${currency}`);
    return ({ at }) => {
      const account: AccountSnapshot = { accountId: newId('acct'), ownerId: caller, currency, balance: 0, version: 0, createdAt: at, updatedAt: at };
      const open = { kind: 'open_account', account } as const;
      const writes = key === undefined ? [open] : [open, { kind: 'take_natural_key', key, movementId: account.accountId, at } as const];
      return Promise.resolve(commit(writes, { account, reference }));
    };
  },
  reply({ account: { accountId, currency, balance, createdAt }, reference }) {
    const body = { accountId, currency, balance, ...(reference === undefined ? {} : { reference }), createdAt };
    return { status: 201, body, location: `/accounts/${accountId}` };
  },
};
