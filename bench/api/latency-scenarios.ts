import { randomUUID } from 'node:crypto';
import type { InProcessRequest } from '../../local/http/invoke-in-process.js';

/** A payment as sent: its idempotency key and body. */
export interface PaymentCall {
  readonly key: string;
  readonly body: { readonly orderId: string; readonly accountId: string; readonly amount: number; readonly currency: string };
}

/** The accounts and completed payments the scenarios draw from. */
export interface ScenarioData {
  readonly callerId: string;
  readonly currency: string;
  /** One account per instance index, paid on only by that instance: its snapshot stays current. */
  readonly warmAccounts: readonly string[];
  /** Accounts each instance of a cell pays on once at most, so it never has a snapshot of them. */
  readonly coldAccounts: readonly string[];
  /** The one account every instance pays on at once. */
  readonly hotAccount: string;
  /** Payments completed before the cell by an instance of the same variant that is not in it, on as many accounts. */
  readonly completed: readonly PaymentCall[];
}

/** The kinds of request the latency benchmark times, as the issue names them. */
export type ScenarioId = 'warm' | 'cold' | 'replay' | 'paid-order' | 'hot';

/** One kind of request: how each instance of a cell picks its next one, and what it should answer. */
export interface LatencyScenario {
  readonly id: ScenarioId;
  readonly label: string;
  /** The status every response should have; anything else is reported. */
  readonly expectedStatus: number;
  /** Request `n` of instance `instance` in a cell of `concurrency` instances; undefined when it has none left. */
  readonly request: (data: ScenarioData, concurrency: number) => (instance: number, n: number) => InProcessRequest | undefined;
}

const run = randomUUID().slice(0, 8);
let sequence = 0;

function freshPayment(data: ScenarioData, accountId: string): InProcessRequest {
  sequence += 1;
  return paymentRequest(data, {
    key: `lat-${run}-${sequence}`,
    body: { orderId: `lat-order-${run}-${sequence}`, accountId, amount: 1, currency: data.currency },
  });
}

/** The in-process request of a payment call. */
export function paymentRequest(data: Pick<ScenarioData, 'callerId'>, call: PaymentCall): InProcessRequest {
  return { method: 'POST', target: '/payments', caller: data.callerId, key: call.key, body: call.body };
}

/**
 * Where instance `instance` of `concurrency` starts in a pool of `size`: evenly spaced, so that
 * instances stepping through the pool at the same pace never touch one item at once.
 */
function startOf(instance: number, concurrency: number, size: number): number {
  return instance * Math.max(1, Math.floor(size / concurrency));
}

function pick<T>(values: readonly T[], index: number, what: string): T {
  const value = values[index % values.length];
  if (value === undefined) throw new Error(`the latency benchmark has no ${what}`);
  return value;
}

/** The scenarios, in the order the report lists them. */
export const latencyScenarios: readonly LatencyScenario[] = [
  {
    id: 'warm',
    label: 'first charge, warm account',
    expectedStatus: 201,
    request: (data) => (instance) => freshPayment(data, pick(data.warmAccounts, instance, 'warm account')),
  },
  {
    id: 'cold',
    label: 'first charge, cold account',
    expectedStatus: 201,
    // An instance stops before coming back to an account it has seen.
    request: (data, concurrency) => (instance, n) =>
      n >= data.coldAccounts.length
        ? undefined
        : freshPayment(data, pick(data.coldAccounts, startOf(instance, concurrency, data.coldAccounts.length) + n, 'cold account')),
  },
  {
    id: 'replay',
    label: 'replay on another instance',
    expectedStatus: 201,
    request: (data, concurrency) => (instance, n) =>
      paymentRequest(data, pick(data.completed, startOf(instance, concurrency, data.completed.length) + n, 'completed payment')),
  },
  {
    id: 'paid-order',
    label: 'fresh key for a paid order',
    expectedStatus: 409,
    request: (data, concurrency) => (instance, n) => {
      const paid = pick(data.completed, startOf(instance, concurrency, data.completed.length) + n, 'completed payment');
      sequence += 1;
      return paymentRequest(data, { key: `lat-${run}-${sequence}`, body: paid.body });
    },
  },
  {
    id: 'hot',
    label: 'many payments on one hot account',
    expectedStatus: 201,
    request: (data) => () => freshPayment(data, data.hotAccount),
  },
];
