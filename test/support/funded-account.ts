import { randomUUID } from 'node:crypto';
import { callApi } from './local-api-client.js';

/** One POST of the setup, under a fresh idempotency key, and what came back. */
export type SetupPost = (path: string, body: unknown) => Promise<{ readonly status: number; readonly text: string }>;

/**
 * Opens an account in `currency` with `post` and deposits `amount` into it (when positive).
 *
 * @returns the account id.
 * @throws when either request does not answer 201 Created.
 */
export async function expectFundedAccount(post: SetupPost, currency: string, amount: number): Promise<string> {
  const created = await post('/accounts', { currency });
  if (created.status !== 201) throw new Error(`POST /accounts answered ${created.status}: ${created.text}`);
  const { accountId } = JSON.parse(created.text) as { accountId?: unknown };
  if (typeof accountId !== 'string') throw new Error('POST /accounts returned no accountId');
  if (amount > 0) {
    const deposit = await post(`/accounts/${accountId}/deposits`, { amount, currency, reference: `funding-${accountId}` });
    if (deposit.status !== 201) throw new Error(`deposit answered ${deposit.status}: ${deposit.text}`);
  }
  return accountId;
}

/**
 * Opens an account for `caller` through the API at `baseUrl` and deposits `amount` into it
 * (when positive).
 *
 * @returns the account id.
 * @throws when either request does not answer 201 Created.
 */
export function expectFundedAccountOverHttp(baseUrl: string, caller: string, currency: string, amount: number): Promise<string> {
  return expectFundedAccount((path, body) => callApi(baseUrl, { method: 'POST', path, caller, key: randomUUID(), body }), currency, amount);
}
