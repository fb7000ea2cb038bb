import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dynamodbDeadlines } from '../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import { localIdentity } from '../support/iam-caller.js';
import { problemCode } from './support/client-retries.js';
import { expectChargedOnce } from './support/expect-charged-once.js';
import { expectFundedAccountInProcess } from './support/funded-account-in-process.js';
import { startInProcessSystem, type InProcessSystem } from './support/in-process-system.js';

// A DynamoDB that stops answering must not hold the function until its timeout: every call has
// an enforced deadline, so the request ends as 503 with Retry-After inside its retry budget, and
// a retry with the same key, once DynamoDB answers again, charges exactly once.
const invocationTimeoutMs = 4_000;
const deposit = 100_000;
const amount = 2_500;

describe.skipIf(!inject('dynamodbIsLocalEngine'))('a stalled DynamoDB', () => {
  let system: InProcessSystem;

  beforeAll(async () => {
    system = await startInProcessSystem();
  });

  afterAll(async () => {
    await system.stop();
  });

  it('answers 503 with Retry-After well before the function timeout, and the retry charges once', async () => {
    const faults = system.server.engine.faults;
    const caller = `stall-${randomUUID().slice(0, 8)}`;
    const accountId = await expectFundedAccountInProcess(system.instance(), caller, 'EUR', deposit);
    const key = `stall-${randomUUID()}`;
    const body = { orderId: `order-${randomUUID()}`, accountId, amount, currency: 'EUR' };
    // Every transaction that names the account stalls far longer than the invocation may last.
    const mentionsAccount = (request: Readonly<Record<string, unknown>>): boolean => JSON.stringify(request).includes(accountId);
    faults.inject({ operation: 'TransactWriteItems', match: mentionsAccount, latencyMs: 30_000, times: 100 });
    const started = Date.now();
    let stalled;
    try {
      stalled = await system.instance().send({ method: 'POST', target: '/payments', caller, key, body, timeoutMs: invocationTimeoutMs });
    } finally {
      faults.clear();
    }
    const elapsed = Date.now() - started;
    expect(stalled.status).toBe(503);
    expect(problemCode(stalled)).toBe('service_unavailable');
    expect(Number(stalled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Ended by the deadlines and the retry budget, not by the function timeout.
    expect(elapsed).toBeLessThan(invocationTimeoutMs);
    expect(elapsed).toBeGreaterThanOrEqual(dynamodbDeadlines.requestTimeoutMs);

    const retried = await system.instance().send({ method: 'POST', target: '/payments', caller, key, body, timeoutMs: invocationTimeoutMs });
    expect(retried.status).toBe(201);
    await expectChargedOnce(system.reader, system.tableNames, {
      callerArn: localIdentity(caller),
      accountId,
      orderId: body.orderId,
      key,
      amount,
      balanceBefore: deposit,
      body: retried.text,
    });
  }, 20_000);
});
