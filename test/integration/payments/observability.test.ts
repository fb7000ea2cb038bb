import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { idempotencyMetrics, metricsNamespace, moneyMetrics } from '../../../infra/definitions/metrics.js';
import { emfBlobs, usePrintedOutput } from '../../support/captured-output.js';
import { iamUserOf } from '../../support/iam-caller.js';
import { usePaymentsHarness } from './support/payment-tables.js';
import { callerArn } from './support/payments-harness.js';

const suite = usePaymentsHarness();

const printed = usePrintedOutput();

describe('the payment functions’ structured logs and metrics', () => {
  it('print only JSON lines with the request context, and never a key, a body value or the caller’s ARN', async () => {
    // An instance with the functions' own logging (the harness silences idempotency by default).
    const api = suite().instance({ idempotency: {} });
    const caller = callerArn('observed');
    const { userArn, userId } = iamUserOf(caller);
    const secrets = {
      accountKey: `acct-key-${randomUUID()}`,
      depositKey: `dep-key-${randomUUID()}`,
      paymentKey: `pay-key-${randomUUID()}`,
      depositReference: `dep-ref-${randomUUID()}`,
      orderId: `order-${randomUUID()}`,
      badBody: `bad-body-${randomUUID()}`,
    };

    const account = await api.createAccount(caller, { currency: 'USD' }, secrets.accountKey);
    expect(account.status).toBe(201);
    const accountId = account.body.accountId as string;
    expect((await api.deposit(caller, accountId, { amount: 5_000, currency: 'USD', reference: secrets.depositReference }, secrets.depositKey)).status).toBe(201);
    const payment = { orderId: secrets.orderId, accountId, amount: 1_234, currency: 'USD' };
    expect((await api.pay(caller, payment, secrets.paymentKey)).status).toBe(201);
    expect((await api.pay(caller, payment, secrets.paymentKey)).headers['idempotent-replayed']).toBe('true');
    expect((await api.pay(caller, { ...payment, amount: 99 }, secrets.paymentKey)).status).toBe(422);
    expect((await api.pay(caller, `{"orderId":"${secrets.badBody}"`, randomUUID())).status).toBe(400);
    expect((await api.pay(caller, payment, null)).status).toBe(400);
    expect((await api.getAccount(caller, accountId)).status).toBe(200);
    expect((await api.getPayment(caller, secrets.orderId)).status).toBe(200);
    expect((await api.ledger(caller, accountId, { limit: '1' })).status).toBe(200);

    const text = printed().lines().join('\n');
    for (const secret of [...Object.values(secrets), userArn, userId]) expect(text).not.toContain(secret);

    const lines = printed().json();
    const logs = lines.filter((line) => line._aws === undefined);
    for (const line of logs) {
      expect(line).toMatchObject({
        level: expect.stringMatching(/^(INFO|WARN|ERROR)$/) as string,
        service: 'payments',
        function_request_id: expect.any(String) as string,
        api_request_id: expect.any(String) as string,
        route: expect.stringMatching(/^(GET|POST) \//) as string,
        cold_start: expect.any(Boolean) as boolean,
      });
    }
    const idempotencyLines = logs.filter((line) => line.message === 'idempotency');
    expect(idempotencyLines.map((line) => [line.route, line.outcome])).toEqual([
      ['POST /accounts', 'claimed'],
      ['POST /accounts', 'completed'],
      ['POST /accounts/{accountId}/deposits', 'claimed'],
      ['POST /accounts/{accountId}/deposits', 'completed'],
      ['POST /payments', 'claimed'],
      ['POST /payments', 'completed'],
      ['POST /payments', 'replayed'],
      ['POST /payments', 'reused'],
      ['POST /payments', 'key_missing'],
    ]);
    for (const line of idempotencyLines.filter((one) => one.outcome !== 'key_missing')) expect(line.keyHash).toMatch(/^[0-9a-f]{64}$/);
    // Each function's first request is its cold start.
    expect(logs.filter((line) => line.cold_start === true).map((line) => line.route)).toEqual(['POST /accounts', 'POST /accounts', 'POST /accounts/{accountId}/deposits', 'POST /accounts/{accountId}/deposits', 'POST /payments', 'POST /payments']);

    const counted = emfBlobs(lines).map((blob) => {
      expect(blob.namespace).toBe(metricsNamespace);
      expect(blob.dimensions).toEqual([['service', 'route']]);
      return [blob.values.route, blob.metrics];
    });
    expect(counted).toEqual(
      expect.arrayContaining([
        ['POST /accounts', expect.objectContaining({ [idempotencyMetrics.claimed]: 1 })],
        ['POST /payments', expect.objectContaining({ [idempotencyMetrics.replayed]: 1 })],
        ['POST /payments', { [idempotencyMetrics.keyReused]: 1 }],
      ]),
    );
    expect(printed().lines().filter((line) => line.includes('No application metrics'))).toEqual([]);
  });

  it('count each money outcome once, on its route', async () => {
    // The harness's instances keep idempotency quiet, so only money outcomes are counted here.
    const api = suite().instance();
    const caller = callerArn('counted');
    const accountId = await api.openAccount(caller, 'USD', 1_000);
    const orderId = `order-${randomUUID()}`;
    const paid = await api.pay(caller, { orderId, accountId, amount: 400, currency: 'USD' });
    expect(paid.status).toBe(201);
    expect((await api.pay(caller, { orderId, accountId, amount: 400, currency: 'USD' })).status).toBe(409);
    expect((await api.pay(caller, { orderId: `order-${randomUUID()}`, accountId, amount: 5_000, currency: 'USD' })).status).toBe(402);
    expect((await api.pay(caller, { orderId: `order-${randomUUID()}`, accountId, amount: 1, currency: 'EUR' })).status).toBe(422);
    expect((await api.refund(caller, orderId, { amount: 100 })).status).toBe(201);
    expect((await api.refund(caller, orderId, { amount: 301 })).status).toBe(422);
    // Another instance moves the account: this one's snapshot is stale, its transaction is
    // refused by the version condition and sent again.
    expect((await suite().instance().deposit(caller, accountId, { amount: 10, currency: 'USD' })).status).toBe(201);
    expect((await api.pay(caller, { orderId: `order-${randomUUID()}`, accountId, amount: 10, currency: 'USD' })).status).toBe(201);

    const totals = new Map<string, number>();
    for (const blob of emfBlobs(printed().json())) {
      for (const [name, value] of Object.entries(blob.metrics)) {
        const key = `${String(blob.values.route)} ${name}`;
        totals.set(key, (totals.get(key) ?? 0) + value);
      }
    }
    expect(Object.fromEntries(totals)).toEqual({
      [`POST /accounts/{accountId}/deposits ${moneyMetrics.depositSucceeded}`]: 2,
      [`POST /payments ${moneyMetrics.paymentSucceeded}`]: 2,
      [`POST /payments ${moneyMetrics.orderAlreadyPaid}`]: 1,
      [`POST /payments ${moneyMetrics.insufficientFunds}`]: 1,
      [`POST /payments ${moneyMetrics.currencyMismatch}`]: 1,
      [`POST /payments ${moneyMetrics.transactionConflictRetried}`]: 1,
      [`POST /payments/{orderId}/refunds ${moneyMetrics.refundSucceeded}`]: 1,
      [`POST /payments/{orderId}/refunds ${moneyMetrics.refundExceedsPayment}`]: 1,
    });
  });
});
