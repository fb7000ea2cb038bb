import { randomUUID } from 'node:crypto';
import { callApi, jsonOf } from './api-client.js';

/**
 * Opens an account for `caller` through the API and deposits `amount` into it (when positive).
 *
 * @returns the account id.
 * @throws when either request does not answer 201.
 */
export async function fundedAccount(baseUrl: string, caller: string, currency: string, amount: number): Promise<string> {
  const created = await callApi(baseUrl, { method: 'POST', path: '/accounts', caller, key: randomUUID(), body: { currency } });
  if (created.status !== 201) throw new Error(`POST /accounts answered ${created.status}: ${created.text}`);
  const accountId = jsonOf(created).accountId;
  if (typeof accountId !== 'string') throw new Error('POST /accounts returned no accountId');
  if (amount > 0) {
    const deposit = await callApi(baseUrl, {
      method: 'POST',
      path: `/accounts/${accountId}/deposits`,
      caller,
      key: randomUUID(),
      body: { amount, currency },
    });
    if (deposit.status !== 201) throw new Error(`deposit answered ${deposit.status}: ${deposit.text}`);
  }
  return accountId;
}
