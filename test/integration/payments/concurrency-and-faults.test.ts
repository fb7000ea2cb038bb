import { randomUUID } from 'node:crypto';
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { usePaymentsHarness } from './support/payment-tables.js';
import { callerArn } from './support/payments-harness.js';
import { injectFaults } from './support/sdk-faults.js';

const suite = usePaymentsHarness();

const order = (): string => `order-${randomUUID()}`;
const instant = (): Promise<void> => Promise.resolve();
const throttled = (): Error => new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} });
const lost = (): Error => new InternalServerError({ message: 'response lost', $metadata: {} });
const conflict = (): Error =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }, { Code: 'None' }],
  });

describe('concurrency', () => {
  it('20 concurrent payments on one account from 20 instances: exact balance, never negative, one entry per success', async () => {
    const alice = callerArn('alice');
    const accountId = await suite().instance().openAccount(alice, 'USD', 1_500);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => suite().instance().pay(alice, { orderId: order(), accountId, amount: 100, currency: 'USD' })),
    );
    const succeeded = results.filter((result) => result.status === 201);
    const refused = results.filter((result) => result.status === 402);
    expect(succeeded).toHaveLength(15);
    expect(refused).toHaveLength(5);
    expect(new Set(succeeded.map((result) => result.body.balanceAfter)).size).toBe(15);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 0, version: 16 });
  });

  it('a double click: 10 concurrent requests with one key charge once', async () => {
    const alice = callerArn('alice');
    const accountId = await suite().instance().openAccount(alice, 'USD', 1_000);
    const body = { orderId: order(), accountId, amount: 100, currency: 'USD' };
    const results = await Promise.all(Array.from({ length: 10 }, () => suite().instance().pay(alice, body, 'double-click')));
    const created = results.filter((result) => result.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((result) => result.raw)).size).toBe(1);
    for (const result of results) expect([201, 409]).toContain(result.status);
    for (const conflictResult of results.filter((result) => result.status === 409)) {
      expect(conflictResult.body.code).toBe('idempotency_request_in_progress');
    }
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 900, version: 2 });
  });
});

describe('contention and faults', () => {
  it('retries TransactionConflict and throttling with a new token, then commits once', async () => {
    const alice = callerArn('alice');
    const api = suite().instance({ sleep: instant });
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    const faults = injectFaults(api.client, 'TransactWriteItemsCommand', [{ before: conflict }, { before: throttled }, { before: conflict }]);
    const paid = await api.pay(alice, { orderId: order(), accountId, amount: 100, currency: 'USD' });
    expect(paid.status).toBe(201);
    expect(faults.remaining()).toBe(0);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 900, version: 2 });
  });

  it('learns the outcome of a transaction whose response was lost by re-sending the same token: one charge', async () => {
    const alice = callerArn('alice');
    const api = suite().instance({ sleep: instant });
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    injectFaults(api.client, 'TransactWriteItemsCommand', [{ after: lost }, { after: lost }]);
    const paid = await api.pay(alice, { orderId: order(), accountId, amount: 250, currency: 'USD' }, 'lost-response');
    expect(paid.status).toBe(201);
    expect(paid.body.balanceAfter).toBe(750);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 750, version: 2 });
    const replay = await suite().instance().pay(alice, { orderId: paid.body.orderId, accountId, amount: 250, currency: 'USD' }, 'lost-response');
    expect(replay.raw).toBe(paid.raw);
  });

  it('answers 503 with Retry-After when throttling outlasts the budget, releases the key, and a retry charges once', async () => {
    const alice = callerArn('alice');
    const api = suite().instance({ sleep: instant, retryPolicy: { maxRetries: 3 } });
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    injectFaults(api.client, 'TransactWriteItemsCommand', Array.from({ length: 4 }, () => ({ before: throttled })));
    const body = { orderId: order(), accountId, amount: 100, currency: 'USD' };
    const unavailable = await api.pay(alice, body, 'throttled-key');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('1');
    expect(unavailable.body).toMatchObject({ code: 'service_unavailable' });
    expect(unavailable.raw).not.toMatch(/Throughput|arn:/);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 1_000, version: 1 });
    const retried = await api.pay(alice, body, 'throttled-key');
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 900, version: 2 });
  });

  it('answers 503 when the invocation has no time left for a retry', async () => {
    const alice = callerArn('alice');
    const api = suite().instance({ sleep: instant });
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    injectFaults(api.client, 'TransactWriteItemsCommand', [{ before: throttled }]);
    const unavailable = await api.pay(alice, { orderId: order(), accountId, amount: 100, currency: 'USD' }, 'no-time-key', 900);
    expect(unavailable.status).toBe(503);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 1_000, version: 1 });
  });

  it('answers 503 when an unknown outcome cannot be resolved in time; a retry then replays or charges, once', async () => {
    const alice = callerArn('alice');
    const api = suite().instance({ sleep: instant, retryPolicy: { maxRetries: 2 } });
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    // Applied, then every re-send's answer is lost as well.
    injectFaults(api.client, 'TransactWriteItemsCommand', [{ after: lost }, { after: lost }, { after: lost }]);
    const body = { orderId: order(), accountId, amount: 100, currency: 'USD' };
    const unavailable = await api.pay(alice, body, 'unknown-key');
    expect(unavailable.status).toBe(503);
    // The transaction (with its completion) committed: the key cannot be released, the retry replays.
    const retried = await suite().instance().pay(alice, body, 'unknown-key');
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 900, version: 2 });
  });
});
