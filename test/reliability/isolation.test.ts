import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordIdOf } from '../../lambda/idempotency/record-id.js';
import { startLocalApi, type LocalApi } from '../../local/http/start-local-api.js';
import { testDynamoDBClient } from '../support/dynamodb.js';
import { callApi, jsonOf, type ApiRequest } from '../support/local-api-client.js';
import { expectFundedAccountOverHttp } from '../support/funded-account.js';
import { readMoneyState } from './support/money-state.js';
import { moneyViolations } from './support/money-violations.js';
import { readIdempotencyRecords } from './support/read-idempotency-records.js';
import { localIdentity } from '../support/iam-caller.js';

// Callers never share results, keys or accounts, across instances.
const arnOf = (caller: string): string => localIdentity(caller);

describe('isolation between callers', () => {
  let api: LocalApi;
  const client = testDynamoDBClient();

  beforeAll(async () => {
    api = await startLocalApi({
      port: 0,
      instances: 3,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tableNamePrefix: `iso-${randomUUID().slice(0, 8)}-`,
      onLog: () => undefined,
      deleteTablesOnStop: true,
    });
  }, 60_000);

  afterAll(async () => {
    await api.stop();
    client.destroy();
  });

  it('gives two callers with the same key and the same body each their own result', async () => {
    const alice = `alice-${randomUUID().slice(0, 8)}`;
    const bob = `bob-${randomUUID().slice(0, 8)}`;
    const key = `shared-${randomUUID()}`;
    const open = (caller: string): ApiRequest => ({ method: 'POST', path: '/accounts', caller, key, body: { currency: 'EUR' } });
    const [forAlice, forBob] = await Promise.all([callApi(api.url, open(alice)), callApi(api.url, open(bob))]);
    expect(forAlice.status).toBe(201);
    expect(forBob.status).toBe(201);
    expect(jsonOf(forAlice).accountId).not.toBe(jsonOf(forBob).accountId);
    expect(forAlice.headers.get('idempotent-replayed')).toBeNull();
    expect(forBob.headers.get('idempotent-replayed')).toBeNull();

    // Each replays its own, on whichever instance.
    const [againAlice, againBob] = await Promise.all([callApi(api.url, open(alice)), callApi(api.url, open(bob))]);
    expect(againAlice.text).toBe(forAlice.text);
    expect(againBob.text).toBe(forBob.text);

    const state = await readMoneyState(client, api.tableNames);
    expect(state.accounts.find((item) => item.accountId === jsonOf(forAlice).accountId)?.ownerId).toBe(arnOf(alice));
    expect(state.accounts.find((item) => item.accountId === jsonOf(forBob).accountId)?.ownerId).toBe(arnOf(bob));
    const records = await readIdempotencyRecords(client, api.tableNames.idempotency);
    const storedBody = (caller: string): string | undefined => {
      const record = records.get(recordIdOf(arnOf(caller), key));
      return record?.status === 'COMPLETED' ? record.response.body : undefined;
    };
    expect(storedBody(alice)).toBe(forAlice.text);
    expect(storedBody(bob)).toBe(forBob.text);
  });

  it('does not let one caller read, pay from, refund or replay into another caller\'s account', async () => {
    const alice = `alice-${randomUUID().slice(0, 8)}`;
    const mallory = `mallory-${randomUUID().slice(0, 8)}`;
    const accountId = await expectFundedAccountOverHttp(api.url, alice, 'EUR', 10_000);
    await expectFundedAccountOverHttp(api.url, mallory, 'EUR', 0);
    const orderId = `order-${randomUUID()}`;
    const key = `alice-key-${randomUUID()}`;
    const payment = { orderId, accountId, amount: 2_500, currency: 'EUR' };
    const paid = await callApi(api.url, { method: 'POST', path: '/payments', caller: alice, key, body: payment });
    expect(paid.status).toBe(201);
    const before = await readMoneyState(client, api.tableNames);

    // The very request Alice sent, key and body, sent by Mallory: her own answer, not Alice's.
    const replayInto = await callApi(api.url, { method: 'POST', path: '/payments', caller: mallory, key, body: payment });
    expect(replayInto.status).toBe(404);
    expect(jsonOf(replayInto).code).toBe('account_not_found');
    expect(replayInto.headers.get('idempotent-replayed')).toBeNull();
    expect(replayInto.text).not.toContain(String(jsonOf(paid).paymentId));

    const attempts: { request: ApiRequest; status: number; code: string }[] = [
      { request: { method: 'GET', path: `/accounts/${accountId}`, caller: mallory }, status: 404, code: 'account_not_found' },
      { request: { method: 'GET', path: `/accounts/${accountId}/ledger`, caller: mallory }, status: 404, code: 'account_not_found' },
      { request: { method: 'GET', path: `/payments/${orderId}`, caller: mallory }, status: 404, code: 'payment_not_found' },
      {
        request: { method: 'POST', path: '/payments', caller: mallory, key: randomUUID(), body: { ...payment, orderId: `steal-${randomUUID()}` } },
        status: 404,
        code: 'account_not_found',
      },
      {
        request: { method: 'POST', path: `/accounts/${accountId}/deposits`, caller: mallory, key: randomUUID(), body: { amount: 1, currency: 'EUR', reference: 'mallory-wire' } },
        status: 404,
        code: 'account_not_found',
      },
      { request: { method: 'POST', path: `/payments/${orderId}/refunds`, caller: mallory, key: randomUUID(), body: { reference: 'mallory-rma' } }, status: 404, code: 'payment_not_found' },
    ];
    for (const attempt of attempts) {
      const response = await callApi(api.url, attempt.request);
      expect(response.status, `${attempt.request.method} ${attempt.request.path}`).toBe(attempt.status);
      expect(jsonOf(response).code).toBe(attempt.code);
      // Never a hint that the account or payment exists.
      expect(response.text).not.toContain('"balance"');
    }

    // Nothing moved: Alice's account, ledger and payment are as they were; Mallory paid nothing.
    const after = await readMoneyState(client, api.tableNames);
    const aliceView = (state: typeof before) => ({
      account: state.accounts.find((item) => item.accountId === accountId),
      ledger: state.ledger.filter((item) => item.accountId === accountId),
      payments: state.payments.filter((item) => item.ownerId === arnOf(alice)),
    });
    expect(aliceView(after)).toEqual(aliceView(before));
    expect(after.payments.filter((item) => item.ownerId === arnOf(mallory))).toEqual([]);
    expect(moneyViolations(after)).toEqual([]);

    // Alice's key still replays Alice's payment to Alice.
    const aliceAgain = await callApi(api.url, { method: 'POST', path: '/payments', caller: alice, key, body: payment });
    expect(aliceAgain.text).toBe(paid.text);
    expect(aliceAgain.headers.get('idempotent-replayed')).toBe('true');
  });
});
