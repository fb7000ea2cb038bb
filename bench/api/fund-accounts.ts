import { randomUUID } from 'node:crypto';

/** Options of {@link fundAccounts}. */
export interface FundAccountsOptions {
  /** Base URL of the API. */
  readonly url: string;
  /** Sent as `X-Caller-Id`: the local runner's stand-in for the IAM caller. */
  readonly callerId: string;
  readonly count: number;
  readonly currency: string;
  /** Deposited into each account, in minor units. */
  readonly deposit: number;
  /** Requests in flight at once while setting up. @default 8 */
  readonly parallelism?: number;
}

/**
 * Creates `count` accounts for one caller through the API and funds each with one deposit, so
 * a load test can spread payments over many accounts instead of contending on one.
 *
 * @returns the account ids.
 * @throws when the API answers anything but 201.
 */
export async function fundAccounts(options: FundAccountsOptions): Promise<string[]> {
  const ids: string[] = [];
  const parallelism = options.parallelism ?? 8;
  for (let start = 0; start < options.count; start += parallelism) {
    const batch = Math.min(parallelism, options.count - start);
    const created = await Promise.all(Array.from({ length: batch }, () => fundOne(options)));
    ids.push(...created);
  }
  return ids;
}

async function fundOne(options: FundAccountsOptions): Promise<string> {
  const account = await post(options, '/accounts', { currency: options.currency });
  const accountId = account.accountId;
  if (typeof accountId !== 'string') throw new Error('POST /accounts returned no accountId');
  await post(options, `/accounts/${accountId}/deposits`, { amount: options.deposit, currency: options.currency, reference: `bench-funding-${accountId}` });
  return accountId;
}

async function post(options: FundAccountsOptions, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, options.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      'x-caller-id': options.callerId,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}
