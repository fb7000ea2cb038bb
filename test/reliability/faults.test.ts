import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FaultErrorRule, FaultInjector, FaultRequest, FiredFault } from '../../local/dynamodb/faults/fault-injector.js';
import { startLocalApi } from '../../local/http/start-local-api.js';
import { testDynamoDBClient } from '../support/dynamodb.js';
import { callApi, jsonOf } from '../support/local-api-client.js';
import { problemCode, sendWithClientRetries } from './support/client-retries.js';
import { expectChargedOnce } from './support/expect-charged-once.js';
import { expectFundedAccountOverHttp } from '../support/funded-account.js';
import { expectFundedAccountInProcess } from './support/funded-account-in-process.js';
import { startInProcessSystem, type InProcessSystem } from './support/in-process-system.js';
import type { PaymentsInstance } from './support/payments-instance.js';
import { localIdentity } from '../support/iam-caller.js';

// Each case charges a fresh order on a fresh account with the engine failing
// one step; a client then retries with the same key (Retry-After honoured) until it gets a
// settled answer, alternating between two instances. Invocations get a 2.5 s timeout, so a
// lease left behind by a failed release runs out within the test.
const invocationTimeoutMs = 2_500;
const deposit = 100_000;
const amount = 4_321;
const callerArn = (caller: string): string => localIdentity(caller);

type FaultKind = 'throttling' | 'internal error' | 'TransactionConflict' | 'applied, response lost';

/** The fault of `kind` as a rule (without operation and match). */
function ruleOf(kind: FaultKind, times: number, conflictIndex = 0): Omit<FaultErrorRule, 'operation'> {
  switch (kind) {
    case 'throttling':
      return { error: 'ProvisionedThroughputExceededException', times };
    case 'internal error':
      return { error: 'InternalServerError', times };
    case 'TransactionConflict':
      return { error: 'TransactionConflict', times, conflictIndex };
    case 'applied, response lost':
      // Once: the SDK's or the handler's identical re-send must then see the applied write.
      return { error: 'InternalServerError', afterApply: true, times: 1 };
  }
}

const kinds: readonly FaultKind[] = ['throttling', 'internal error', 'TransactionConflict', 'applied, response lost'];
// Positions in the payment transaction: debit, ledger entry, payment record, completion.
const completionIndex = 3;

// Needs the engine's fault injection, so it runs only when the suite runs on this project's engine
// (it starts its own in-process engine to hold the Engine handle).
describe.skipIf(!inject('dynamodbIsLocalEngine'))('faults at every step of a payment', () => {
  let system: InProcessSystem;
  let faults: FaultInjector;

  beforeAll(async () => {
    system = await startInProcessSystem();
    faults = system.server.engine.faults;
  });

  afterAll(async () => {
    await system.stop();
  });

  /**
   * Sets up an account, arms the rules, pays with client retries, clears the rules, and expects
   * the payment charged exactly once and replayed.
   *
   * @returns the client's attempts (status and problem code of each).
   */
  async function expectChargedOnceThrough(arm: (ctx: ArmContext) => FaultRequestRule[]): Promise<string[]> {
    const injector = faults;
    const caller = `faults-${randomUUID().slice(0, 8)}`;
    const setup = system.instance();
    const accountId = await expectFundedAccountInProcess(setup, caller, 'EUR', deposit);
    const instances: PaymentsInstance[] = [system.instance(), system.instance()];
    const key = `faults-${randomUUID()}`;
    const orderId = `order-${randomUUID()}`;
    const body = { orderId, accountId, amount, currency: 'EUR' };
    const sdkMaxAttempts = await setup.client.config.maxAttempts();
    for (const rule of arm({ accountId, idempotencyTable: system.tableNames.idempotency, sdkMaxAttempts })) injector.inject(rule);
    // The faults hit the first attempt only; the client's retries run on a healthy engine.
    const fired: FiredFault[] = [];
    const healEngine = (): void => {
      fired.push(...injector.fired);
      injector.clear();
    };
    let history;
    try {
      history = await sendWithClientRetries((attempt) => {
        const instance = instances[attempt % instances.length];
        if (instance === undefined) throw new Error('no instance');
        if (attempt === 1) healEngine();
        return instance.send({ method: 'POST', target: '/payments', caller, key, body, timeoutMs: invocationTimeoutMs });
      });
    } finally {
      healEngine();
    }
    expect(history.final.status, history.attempts.join(', ')).toBe(201);
    // The case really happened: its faults fired (and a lost response followed an applied write).
    expect(fired.length, 'faults fired').toBeGreaterThan(0);
    for (const fault of fired.filter((entry) => entry.afterApply)) expect(fault.applied, `${fault.operation} applied`).toBe(true);
    await expectChargedOnce(system.reader, system.tableNames, {
      callerArn: callerArn(caller),
      accountId,
      orderId,
      key,
      amount,
      balanceBefore: deposit,
      body: history.final.text,
    });
    // And the key replays that very response on any instance.
    const replay = await system.instance().send({ method: 'POST', target: '/payments', caller, key, body });
    expect(replay.status).toBe(201);
    expect(replay.text).toBe(history.final.text);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    return [...history.attempts];
  }

  /** What a case needs to aim its faults. */
  interface ArmContext {
    readonly accountId: string;
    readonly idempotencyTable: string;
    /** How many times the instances' SDK client sends a call before giving up (its own retries included). */
    readonly sdkMaxAttempts: number;
  }

  type FaultRequestRule = FaultErrorRule | (Omit<FaultErrorRule, 'error'> & { error?: undefined; latencyMs: number });

  const onTable = (table: string) => (request: FaultRequest) => request.TableName === table;
  const mentions = (accountId: string) => (request: FaultRequest) => JSON.stringify(request).includes(accountId);

  describe.each(kinds)('%s', (kind) => {
    it('on the claim', async () => {
      const attempts = await expectChargedOnceThrough(({ idempotencyTable, sdkMaxAttempts }) => [
        // Every attempt of the SDK's own retries fails, so the first invocation fails and the client must retry.
        { operation: 'PutItem', match: onTable(idempotencyTable), ...ruleOf(kind, sdkMaxAttempts) },
      ]);
      expect(attempts.length, attempts.join(', ')).toBeGreaterThan(1);
      expect(attempts[0], 'the first invocation failed').not.toBe('201');
    });

    it('on the transaction', async () => {
      await expectChargedOnceThrough(({ accountId }) => [{ operation: 'TransactWriteItems', match: mentions(accountId), ...ruleOf(kind, 4) }]);
    });

    it('on the release after a failed transaction', async () => {
      await expectChargedOnceThrough(({ accountId, idempotencyTable }) => [
        // The transaction keeps failing until the invocation's budget runs out (503), then the
        // release of the key fails too: the key stays claimed until its lease runs out.
        { operation: 'TransactWriteItems', match: mentions(accountId), error: 'InternalServerError', times: 1_000 },
        { operation: 'DeleteItem', match: onTable(idempotencyTable), ...ruleOf(kind, 3) },
      ]);
    });
  });

  // The completion is an action of the payment's own transaction: throttling,
  // internal errors and a lost response on it are the transaction's cases above. What can fail
  // on the completion alone is a conflict on the idempotency record's item.
  it('on the completion: TransactionConflict on the idempotency record inside the transaction', async () => {
    await expectChargedOnceThrough(({ accountId }) => [
      { operation: 'TransactWriteItems', match: mentions(accountId), ...ruleOf('TransactionConflict', 4, completionIndex) },
    ]);
  });

  it('a handler that outlives its lease cannot complete; the takeover charges once', async () => {
    const injector = faults;
    const caller = `lease-${randomUUID().slice(0, 8)}`;
    const accountId = await expectFundedAccountInProcess(system.instance(), caller, 'EUR', deposit);
    const key = `lease-${randomUUID()}`;
    const orderId = `order-${randomUUID()}`;
    const body = { orderId, accountId, amount, currency: 'EUR' };
    // A function can never outlive its own timeout, but it can outlive a lease capped shorter:
    // this instance's lease lasts 0.5 s, and the engine holds its transaction for 1 s (less
    // than the client's request deadline, so the call is slow rather than cut off).
    injector.inject({ operation: 'TransactWriteItems', match: mentions(accountId), latencyMs: 1_000, times: 1 });
    const stale = system.instance({ leaseCapMillis: 500 }).send({ method: 'POST', target: '/payments', caller, key, body });
    await sleep(700);
    const takeover = await system.instance().send({ method: 'POST', target: '/payments', caller, key, body });
    const staleAnswer = await stale;
    injector.clear();
    expect(takeover.status).toBe(201);
    expect(staleAnswer.status).toBe(409);
    expect(problemCode(staleAnswer)).toBe('idempotency_request_in_progress');
    await expectChargedOnce(system.reader, system.tableNames, {
      callerArn: callerArn(caller),
      accountId,
      orderId,
      key,
      amount,
      balanceBefore: deposit,
      body: takeover.text,
    });
  });
});

describe('an instance killed right after the claim', () => {
  it('refuses the retry while the lease lives, then charges once', async () => {
    const faultToken = randomUUID();
    const api = await startLocalApi({
      port: 0,
      instances: 2,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tableNamePrefix: `kill-${randomUUID().slice(0, 8)}-`,
      faultToken,
      // Short function timeout: the dead instance's lease runs out within the test.
      timeoutSeconds: 2,
      onLog: () => undefined,
      deleteTablesOnStop: true,
    });
    try {
      const caller = `kill-${randomUUID().slice(0, 8)}`;
      const accountId = await expectFundedAccountOverHttp(api.url, caller, 'EUR', deposit);
      const key = `kill-${randomUUID()}`;
      const orderId = `order-${randomUUID()}`;
      const body = { orderId, accountId, amount, currency: 'EUR' };
      const crashed = await callApi(api.url, {
        method: 'POST',
        path: '/payments',
        caller,
        key,
        body,
        headers: { 'x-local-fault': 'crash-after-claim', 'x-local-fault-token': faultToken },
      });
      expect(crashed.status).toBe(500);
      const refused = await callApi(api.url, { method: 'POST', path: '/payments', caller, key, body });
      expect(refused.status).toBe(409);
      expect(jsonOf(refused).code).toBe('idempotency_request_in_progress');
      const history = await sendWithClientRetries(async () => {
        const response = await callApi(api.url, { method: 'POST', path: '/payments', caller, key, body });
        return { status: response.status, headers: Object.fromEntries(response.headers), text: response.text };
      });
      expect(history.final.status).toBe(201);
      const client = testDynamoDBClient();
      try {
        await expectChargedOnce(client, api.tableNames, {
          callerArn: callerArn(caller),
          accountId,
          orderId,
          key,
          amount,
          balanceBefore: deposit,
          body: history.final.text,
        });
      } finally {
        client.destroy();
      }
    } finally {
      await api.stop();
    }
  }, 60_000);
});
