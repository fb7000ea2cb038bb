import { randomUUID } from 'node:crypto';
import { expectFundedAccount } from '../../support/funded-account.js';
import type { PaymentsInstance } from './payments-instance.js';

/**
 * Opens an account for `caller` on the in-process `instance` and deposits `amount` into it
 * (when positive).
 *
 * @returns the account id.
 * @throws when either request does not answer 201 Created.
 */
export function expectFundedAccountInProcess(instance: PaymentsInstance, caller: string, currency: string, amount: number): Promise<string> {
  return expectFundedAccount((target, body) => instance.send({ method: 'POST', target, caller, key: randomUUID(), body }), currency, amount);
}
