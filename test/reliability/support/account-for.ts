import { randomUUID } from 'node:crypto';
import type { PaymentsInstance } from './payments-instance.js';

/**
 * Opens an account for `caller` on `instance` and deposits `amount` into it (when positive).
 *
 * @returns the account id.
 * @throws when either request does not answer 201.
 */
export async function accountFor(instance: PaymentsInstance, caller: string, currency: string, amount: number): Promise<string> {
  const created = await instance.send({ method: 'POST', target: '/accounts', caller, key: randomUUID(), body: { currency } });
  if (created.status !== 201) throw new Error(`POST /accounts answered ${created.status}: ${created.text}`);
  const { accountId } = JSON.parse(created.text) as { accountId?: unknown };
  if (typeof accountId !== 'string') throw new Error('POST /accounts returned no accountId');
  if (amount > 0) {
    const deposit = await instance.send({
      method: 'POST',
      target: `/accounts/${accountId}/deposits`,
      caller,
      key: randomUUID(),
      body: { amount, currency },
    });
    if (deposit.status !== 201) throw new Error(`deposit answered ${deposit.status}: ${deposit.text}`);
  }
  return accountId;
}
