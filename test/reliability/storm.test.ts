import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordIdOf } from '../../lambda/idempotency/record-id.js';
import { startLocalApi, type LocalApi } from '../../local/http/start-local-api.js';
import { testDynamoDBClient } from '../support/dynamodb.js';
import { callApi, jsonOf, type ApiResponse } from '../support/local-api-client.js';
import { expectFundedAccountOverHttp } from '../support/funded-account.js';
import { readMoneyState } from './support/money-state.js';
import { moneyViolations } from './support/money-violations.js';
import { readIdempotencyRecords } from './support/read-idempotency-records.js';
import { localIdentity } from '../support/iam-caller.js';

// 40 orders x 10 copies of each (same key, same body), all 400 in flight at
// once across 4 simulated instances.
const orders = 40;
const copies = 10;
const callerArn = (caller: string): string => localIdentity(caller);

describe('a storm of duplicate payments across instances', () => {
  let api: LocalApi;
  const client = testDynamoDBClient();
  const logs: string[] = [];

  beforeAll(async () => {
    api = await startLocalApi({
      port: 0,
      instances: 4,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tableNamePrefix: `storm-${randomUUID().slice(0, 8)}-`,
      onLog: (instance, line) => logs.push(`[${instance}] ${line}`),
      deleteTablesOnStop: true,
    });
  }, 60_000);

  afterAll(async () => {
    await api.stop();
    client.destroy();
  });

  it('charges each of 40 orders exactly once; every copy gets the same 201 or a 409 in progress', async () => {
    const caller = `storm-${randomUUID().slice(0, 8)}`;
    const deposit = 10_000_000;
    const accountId = await expectFundedAccountOverHttp(api.url, caller, 'EUR', deposit);
    const requests = Array.from({ length: orders }, (_, order) => ({
      key: `storm-key-${order}-${randomUUID()}`,
      body: { orderId: `storm-order-${order}`, accountId, amount: 1_000 + order, currency: 'EUR' },
    }));
    // Interleave the copies so the duplicates of one key are not sent back to back.
    const sends = Array.from({ length: copies }, () => requests).flat();
    const responses = await Promise.all(
      sends.map((request) => callApi(api.url, { method: 'POST', path: '/payments', caller, key: request.key, body: request.body })),
    );

    const byKey = new Map<string, ApiResponse[]>();
    responses.forEach((response, index) => {
      const key = sends[index]?.key ?? '';
      byKey.set(key, [...(byKey.get(key) ?? []), response]);
    });
    const serverErrors = responses.filter((response) => response.status >= 500);
    expect(serverErrors.map((response) => response.text), logs.slice(-20).join('\n')).toEqual([]);

    const firstBodies = new Map<string, string>();
    for (const [key, answers] of byKey) {
      const created = answers.filter((answer) => answer.status === 201);
      const others = answers.filter((answer) => answer.status !== 201);
      expect(created.length, `key ${key}`).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((answer) => answer.text)).size, `key ${key}: 201 bodies differ`).toBe(1);
      for (const other of others) {
        expect(other.status).toBe(409);
        expect(jsonOf(other).code).toBe('idempotency_request_in_progress');
        expect(other.headers.get('retry-after')).toMatch(/^[0-9]+$/);
      }
      firstBodies.set(key, created[0]?.text ?? '');
    }

    // The state, read straight from the tables.
    const state = await readMoneyState(client, api.tableNames);
    const ownPayments = state.payments.filter((payment) => payment.ownerId === callerArn(caller));
    expect(ownPayments).toHaveLength(orders);
    expect(new Set(ownPayments.map((payment) => payment.orderId)).size).toBe(orders);
    const charged = requests.reduce((sum, request) => sum + request.body.amount, 0);
    const account = state.accounts.find((item) => item.accountId === accountId);
    expect(account?.balance).toBe(deposit - charged);
    expect(state.ledger.filter((entry) => entry.accountId === accountId)).toHaveLength(orders + 1);
    expect(moneyViolations(state)).toEqual([]);

    // Each key: one record, COMPLETED, holding exactly the body its clients received.
    const records = await readIdempotencyRecords(client, api.tableNames.idempotency);
    for (const request of requests) {
      const record = records.get(recordIdOf(callerArn(caller), request.key));
      expect(record?.status, request.key).toBe('COMPLETED');
      if (record?.status === 'COMPLETED') {
        expect(record.response.statusCode).toBe(201);
        expect(record.response.body).toBe(firstBodies.get(request.key));
      }
    }

    // And every key now replays that body, byte for byte, marked as a replay.
    const replays = await Promise.all(
      requests.map((request) => callApi(api.url, { method: 'POST', path: '/payments', caller, key: request.key, body: request.body })),
    );
    replays.forEach((replay, index) => {
      const key = requests[index]?.key ?? '';
      expect(replay.status).toBe(201);
      expect(replay.text).toBe(firstBodies.get(key));
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    });
    const after = await readMoneyState(client, api.tableNames);
    expect(after.accounts.find((item) => item.accountId === accountId)?.balance).toBe(deposit - charged);
  }, 120_000);
});
