import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InProcessResponse } from '../../local/http/invoke-in-process.js';
import type { FaultErrorRule, FaultInjector, FaultOperation } from '../../local/dynamodb/faults/fault-injector.js';
import { expectFundedAccountInProcess } from './support/funded-account-in-process.js';
import { problemCode } from './support/client-retries.js';
import { startInProcessSystem, type InProcessSystem } from './support/in-process-system.js';
import { readMoneyState } from './support/money-state.js';
import { moneyViolations } from './support/money-violations.js';
import type { PaymentsInstance } from './support/payments-instance.js';
import { localIdentity } from '../support/iam-caller.js';

// Random interleavings of account creation, deposits, payments, refunds,
// duplicates (same key, any instance), fresh-key retries and injected engine faults, across two
// callers and three instances; steps of one batch run concurrently. After each run the tables
// must satisfy every money invariant and every key that got a settled answer must replay it
// byte for byte. A failure prints fast-check's seed and path; reproduce with
// FC_SEED=<seed> FC_PATH=<path> npx vitest run test/reliability/invariants.property.test.ts
const numRuns = Number(process.env.FC_NUM_RUNS ?? 30);
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const path = process.env.FC_PATH;

const callers = 2;
const instancesPerRun = 3;
const orders = 5;
const currencies = ['EUR', 'USD'] as const;
type Currency = (typeof currencies)[number];
type FaultKind = 'throttling' | 'internal' | 'conflict' | 'lost-response';

/**
 * Which account a deposit or payment names: mostly one of the caller's own, in its currency;
 * sometimes another caller's (must be 404 and move nothing) or in the wrong currency (422).
 */
interface AccountPick {
  readonly index: number;
  readonly foreign: boolean;
  readonly wrongCurrency: boolean;
}

type Step =
  | { readonly kind: 'open'; readonly caller: number; readonly currency: Currency; readonly instance: number }
  | {
      readonly kind: 'deposit';
      readonly caller: number;
      readonly account: AccountPick;
      readonly amount: number;
      readonly instance: number;
    }
  | {
      readonly kind: 'pay';
      readonly caller: number;
      readonly account: AccountPick;
      readonly order: number;
      readonly amount: number;
      readonly instance: number;
    }
  | { readonly kind: 'refund'; readonly caller: number; readonly order: number; readonly amount: number | undefined; readonly instance: number }
  | { readonly kind: 'duplicate'; readonly of: number; readonly instance: number }
  | { readonly kind: 'fresh-key'; readonly of: number; readonly instance: number }
  | { readonly kind: 'fault'; readonly operation: FaultOperation; readonly error: FaultKind; readonly times: number };

const caller = fc.nat({ max: callers - 1 });
const instance = fc.nat({ max: instancesPerRun - 1 });
const currency = fc.constantFrom(...currencies);
const rarely = fc.integer({ min: 0, max: 9 }).map((n) => n === 0);
const account: fc.Arbitrary<AccountPick> = fc.record({ index: fc.nat(), foreign: rarely, wrongCurrency: rarely });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('open' as const), caller, currency, instance }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deposit' as const), caller, account, amount: fc.integer({ min: 1, max: 5_000 }), instance }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      caller,
      account,
      order: fc.nat({ max: orders - 1 }),
      amount: fc.integer({ min: 1, max: 4_000 }),
      instance,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      caller,
      order: fc.nat({ max: orders - 1 }),
      amount: fc.option(fc.integer({ min: 1, max: 3_000 }), { nil: undefined }),
      instance,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), of: fc.nat(), instance }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fresh-key' as const), of: fc.nat(), instance }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      operation: fc.constantFrom<FaultOperation>('PutItem', 'TransactWriteItems', 'DeleteItem', 'GetItem'),
      error: fc.constantFrom<FaultKind>('throttling', 'internal', 'conflict', 'lost-response'),
      times: fc.integer({ min: 1, max: 2 }),
    }),
  },
);
const batches = fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { minLength: 3, maxLength: 12 });

/** One request as sent, so it can be sent again. */
interface SentRequest {
  readonly caller: string;
  readonly key: string;
  readonly target: string;
  readonly body: Record<string, unknown>;
}

function faultRule(step: Extract<Step, { kind: 'fault' }>): FaultErrorRule {
  const base = { operation: step.operation, times: step.times };
  switch (step.error) {
    case 'throttling':
      return { ...base, error: 'ProvisionedThroughputExceededException' };
    case 'internal':
      return { ...base, error: 'InternalServerError' };
    case 'conflict':
      return { ...base, error: 'TransactionConflict' };
    case 'lost-response':
      return { ...base, error: 'InternalServerError', afterApply: true, times: 1 };
  }
}

/** A settled answer: what a completed key must replay (not a 5xx, not "in progress"). */
function settled(response: InProcessResponse): boolean {
  return response.status < 500 && !(response.status === 409 && problemCode(response) === 'idempotency_request_in_progress');
}

describe('money invariants under random interleavings, duplicates and faults', () => {
  let system: InProcessSystem;
  let faults: FaultInjector;

  beforeAll(async () => {
    system = await startInProcessSystem();
    faults = system.server.engine.faults;
  });

  afterAll(async () => {
    await system.stop();
  });

  async function expectInvariantsHoldAfter(plan: readonly (readonly Step[])[]): Promise<void> {
    const runId = randomUUID().slice(0, 8);
    const callerIds = Array.from({ length: callers }, (_, index) => `prop-${runId}-${index}`);
    const arns = new Set(callerIds.map((id) => localIdentity(id)));
    const instances: PaymentsInstance[] = Array.from({ length: instancesPerRun }, () => system.instance());
    const accounts: string[] = [];
    const owned = callerIds.map((): { accountId: string; currency: Currency }[] => []);
    for (const [index, id] of callerIds.entries()) {
      const accountId = await expectFundedAccountInProcess(instances[0] ?? system.instance(), id, 'EUR', 10_000);
      accounts.push(accountId);
      owned[index]?.push({ accountId, currency: 'EUR' });
    }
    const pick = (who: number, choice: AccountPick): { accountId: string; currency: Currency } => {
      const mine = owned[choice.foreign ? (who + 1) % callers : who] ?? [];
      const chosen = mine[choice.index % Math.max(mine.length, 1)] ?? { accountId: 'acct_missing', currency: 'EUR' as const };
      const other = currencies.find((code) => code !== chosen.currency) ?? chosen.currency;
      return { accountId: chosen.accountId, currency: choice.wrongCurrency ? other : chosen.currency };
    };
    const sent: SentRequest[] = [];
    const answers = new Map<string, InProcessResponse>();
    const problems: string[] = [];

    const record = (request: SentRequest, response: InProcessResponse): void => {
      if (!settled(response)) return;
      const id = `${request.caller} ${request.key}`;
      const first = answers.get(id);
      if (first === undefined) answers.set(id, response);
      else if (first.status !== response.status || first.text !== response.text) {
        problems.push(`key ${request.key}: answered ${first.status} then ${response.status} ${response.text}`);
      }
    };
    const send = async (request: SentRequest, on: number): Promise<void> => {
      const target = instances[on % instances.length];
      if (target === undefined) return;
      const response = await target.send({ method: 'POST', target: request.target, caller: request.caller, key: request.key, body: request.body });
      record(request, response);
      if (request.target === '/accounts' && response.status === 201) {
        const { accountId, currency: opened } = JSON.parse(response.text) as { accountId?: unknown; currency?: unknown };
        const who = callerIds.indexOf(request.caller);
        if (typeof accountId === 'string' && !accounts.includes(accountId) && (opened === 'EUR' || opened === 'USD')) {
          accounts.push(accountId);
          owned[who]?.push({ accountId, currency: opened });
        }
      }
    };
    const requestOf = (item: Exclude<Step, { kind: 'fault' | 'duplicate' | 'fresh-key' }>): SentRequest => {
      const who = callerIds[item.caller] ?? '';
      const key = randomUUID();
      switch (item.kind) {
        case 'open':
          return { caller: who, key, target: '/accounts', body: { currency: item.currency } };
        case 'deposit': {
          const chosen = pick(item.caller, item.account);
          return { caller: who, key, target: `/accounts/${chosen.accountId}/deposits`, body: { amount: item.amount, currency: chosen.currency, reference: `wire-${key}` } };
        }
        case 'pay': {
          const chosen = pick(item.caller, item.account);
          return {
            caller: who,
            key,
            target: '/payments',
            body: { orderId: `${runId}-o${item.order}`, accountId: chosen.accountId, amount: item.amount, currency: chosen.currency },
          };
        }
        case 'refund':
          return { caller: who, key, target: `/payments/${runId}-o${item.order}/refunds`, body: { ...(item.amount === undefined ? {} : { amount: item.amount }), reference: `rma-${key}` } };
      }
    };

    try {
      for (const batch of plan) {
        for (const item of batch) if (item.kind === 'fault') faults.inject(faultRule(item));
        const work: Promise<void>[] = [];
        for (const item of batch) {
          if (item.kind === 'fault') continue;
          if (item.kind === 'duplicate' || item.kind === 'fresh-key') {
            const original = sent[item.of % Math.max(sent.length, 1)];
            if (original === undefined) continue;
            const again = item.kind === 'duplicate' ? original : { ...original, key: randomUUID() };
            if (item.kind === 'fresh-key') sent.push(again);
            work.push(send(again, item.instance));
            continue;
          }
          const request = requestOf(item);
          sent.push(request);
          work.push(send(request, item.instance));
        }
        await Promise.all(work);
        faults.clear();
      }
    } finally {
      faults.clear();
    }

    // The state, read back: only this run's callers and their accounts.
    const state = await readMoneyState(system.reader, system.tableNames);
    const own = {
      accounts: state.accounts.filter((item) => arns.has(String(item.ownerId))),
      payments: state.payments.filter((item) => arns.has(String(item.ownerId))),
      ledger: state.ledger.filter((item) => accounts.includes(String(item.accountId))),
    };
    problems.push(...moneyViolations(own));

    // Every key that got a settled answer replays it, byte for byte, on a fresh instance.
    const fresh = system.instance();
    for (const request of sent) {
      const first = answers.get(`${request.caller} ${request.key}`);
      if (first === undefined) continue;
      const replay = await fresh.send({ method: 'POST', target: request.target, caller: request.caller, key: request.key, body: request.body });
      if (replay.status !== first.status || replay.text !== first.text || replay.headers['idempotent-replayed'] !== 'true') {
        problems.push(`key ${request.key}: replayed ${replay.status} ${replay.text} instead of ${first.status} ${first.text}`);
      }
    }
    for (const created of [...instances, fresh]) created.destroy();
    expect(problems).toEqual([]);
  }

  it('keeps balance == ledger, no negative balance, one payment per order, refunds within payments, exact replays', async () => {
    await fc.assert(fc.asyncProperty(batches, expectInvariantsHoldAfter), {
      numRuns,
      ...(seed === undefined ? {} : { seed }),
      ...(path === undefined ? {} : { path }),
      verbose: fc.VerbosityLevel.Verbose,
    });
  }, 150_000);
});
