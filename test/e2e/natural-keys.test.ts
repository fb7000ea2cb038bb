import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useLocalApi } from '../support/local-api.js';
import { expectFundedAccountOverHttp } from '../support/funded-account.js';
import { callApi } from '../support/local-api-client.js';

// Natural keys through the local API (HTTP -> runner -> instances -> DynamoDB): a reference used
// once refuses every later movement with it, under any idempotency key, on any instance.

const api = useLocalApi('e2e-keys', { instances: 3 });

async function post(caller: string, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await callApi(api().url, { method: 'POST', path, caller, key: randomUUID(), body: JSON.stringify(body) });
  return { status: response.status, json: JSON.parse(response.text) as Record<string, unknown> };
}

async function balanceOf(caller: string, accountId: string): Promise<number> {
  const response = await callApi(api().url, { method: 'GET', path: `/accounts/${accountId}`, caller });
  return (JSON.parse(response.text) as { balance: number }).balance;
}

describe('natural keys through the local API', () => {
  it('applies a deposit reference once: fresh keys get 409 with the original id, other terms 422', async () => {
    const caller = `keys-${randomUUID()}`;
    const accountId = await expectFundedAccountOverHttp(api().url, caller, 'USD', 0);
    const transfer = { amount: 1_500, currency: 'USD', reference: 'wire-e2e-1' };
    const first = await post(caller, `/accounts/${accountId}/deposits`, transfer);
    expect(first.status).toBe(201);
    const retries = await Promise.all(Array.from({ length: 6 }, () => post(caller, `/accounts/${accountId}/deposits`, transfer)));
    for (const retry of retries) expect(retry).toMatchObject({ status: 409, json: { code: 'deposit_already_applied', depositId: first.json.depositId } });
    const other = await post(caller, `/accounts/${accountId}/deposits`, { ...transfer, amount: 1_501 });
    expect(other).toMatchObject({ status: 422, json: { code: 'reference_reused', depositId: first.json.depositId } });
    expect(await balanceOf(caller, accountId)).toBe(1_500);
  });

  it('makes a refund once per reference, and opens one account per customer reference', async () => {
    const caller = `keys-${randomUUID()}`;
    const accountId = await expectFundedAccountOverHttp(api().url, caller, 'USD', 5_000);
    const orderId = `order-${randomUUID()}`;
    expect((await post(caller, '/payments', { orderId, accountId, amount: 2_000, currency: 'USD' })).status).toBe(201);
    const refund = await post(caller, `/payments/${orderId}/refunds`, { amount: 700, reference: 'rma-e2e' });
    expect(refund.status).toBe(201);
    const again = await post(caller, `/payments/${orderId}/refunds`, { amount: 700, reference: 'rma-e2e' });
    expect(again).toMatchObject({ status: 409, json: { code: 'refund_already_made', refundId: refund.json.refundId } });
    expect(await balanceOf(caller, accountId)).toBe(3_700);

    const opened = await post(caller, '/accounts', { currency: 'EUR', reference: 'customer-e2e' });
    expect(opened.status).toBe(201);
    const twice = await post(caller, '/accounts', { currency: 'EUR', reference: 'customer-e2e' });
    expect(twice).toMatchObject({ status: 409, json: { code: 'account_already_exists', accountId: opened.json.accountId } });
  });
});
