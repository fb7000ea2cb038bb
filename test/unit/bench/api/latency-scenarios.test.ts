import { describe, expect, it } from 'vitest';
import { latencyScenarios, paymentRequest, type PaymentCall, type ScenarioData, type ScenarioId } from '../../../../bench/api/latency-scenarios.js';
import type { InProcessRequest } from '../../../../local/http/invoke-in-process.js';

const completed: readonly PaymentCall[] = Array.from({ length: 8 }, (_, index) => ({
  key: `done-key-${index}`,
  body: { orderId: `done-order-${index}`, accountId: `acct_done_${index}`, amount: 1, currency: 'USD' },
}));

const data: ScenarioData = {
  callerId: 'caller-lat',
  currency: 'USD',
  warmAccounts: ['acct_warm_0', 'acct_warm_1', 'acct_warm_2', 'acct_warm_3'],
  coldAccounts: Array.from({ length: 12 }, (_, index) => `acct_cold_${index}`),
  hotAccount: 'acct_hot',
  completed,
};

function scenario(id: ScenarioId) {
  const found = latencyScenarios.find((entry) => entry.id === id);
  if (found === undefined) throw new Error(`no scenario ${id}`);
  return found;
}

function callOf(request: InProcessRequest | undefined): PaymentCall {
  if (request === undefined) throw new Error('expected a request, got the end of the pool');
  expect(request).toMatchObject({ method: 'POST', target: '/payments', caller: 'caller-lat' });
  return { key: request.key ?? '', body: request.body as PaymentCall['body'] };
}

/** Every request of every instance in a cell, instance by instance, until each has none left or `limit`. */
function requestsOf(id: ScenarioId, concurrency: number, limit: number, scenarioData: ScenarioData = data): PaymentCall[][] {
  const next = scenario(id).request(scenarioData, concurrency);
  return Array.from({ length: concurrency }, (_, instance) => {
    const calls: PaymentCall[] = [];
    for (let n = 0; n < limit; n += 1) {
      const request = next(instance, n);
      if (request === undefined) break;
      calls.push(callOf(request));
    }
    return calls;
  });
}

describe('latencyScenarios', () => {
  it('lists the scenarios in the report order, each with the status it should answer', () => {
    expect(latencyScenarios.map(({ id, expectedStatus }) => ({ id, expectedStatus }))).toEqual([
      { id: 'warm', expectedStatus: 201 },
      { id: 'cold', expectedStatus: 201 },
      { id: 'replay', expectedStatus: 201 },
      { id: 'paid-order', expectedStatus: 409 },
      { id: 'hot', expectedStatus: 201 },
    ]);
  });

  // Fresh payments are the ones that charge: a repeated key would be a replay, a repeated order a 409.
  it.each<ScenarioId>(['warm', 'cold', 'hot'])('%s: every request is a fresh payment of 1 in the data currency, with a key and order of its own', (id) => {
    const calls = requestsOf(id, 3, 4).flat();
    expect(calls).toHaveLength(12);
    expect(new Set(calls.map((call) => call.key)).size).toBe(12);
    expect(new Set(calls.map((call) => call.body.orderId)).size).toBe(12);
    for (const call of calls) expect(call.body).toMatchObject({ amount: 1, currency: 'USD' });
  });

  it.each([0, 1, 2, 3])('warm: instance %i pays only on its own warm account', (instance) => {
    const next = scenario('warm').request(data, 4);
    const accounts = [0, 1, 2, 50].map((n) => callOf(next(instance, n)).body.accountId);
    expect(accounts).toEqual(Array.from({ length: 4 }, () => `acct_warm_${instance}`));
  });

  it.each([
    { concurrency: 1, size: 12 },
    { concurrency: 3, size: 12 },
    { concurrency: 4, size: 12 },
    { concurrency: 5, size: 12 },
    { concurrency: 12, size: 12 },
    { concurrency: 16, size: 512 },
  ])('cold at concurrency $concurrency over $size accounts: each instance pays each account once, then stops', ({ concurrency, size }) => {
    const pool = { ...data, coldAccounts: Array.from({ length: size }, (_, index) => `acct_cold_${index}`) };
    const cell = requestsOf('cold', concurrency, size + 5, pool);
    for (const calls of cell) {
      expect(calls).toHaveLength(size);
      expect(new Set(calls.map((call) => call.body.accountId))).toEqual(new Set(pool.coldAccounts));
    }
    expect(scenario('cold').request(pool, concurrency)(0, size)).toBeUndefined();
  });

  it.each([
    { concurrency: 3, size: 12, starts: [0, 4, 8] },
    { concurrency: 4, size: 12, starts: [0, 3, 6, 9] },
    { concurrency: 5, size: 12, starts: [0, 2, 4, 6, 8] },
    { concurrency: 2, size: 7, starts: [0, 3] },
  ])('cold at concurrency $concurrency over $size accounts: instances start evenly spaced at $starts', ({ concurrency, size, starts }) => {
    const pool = { ...data, coldAccounts: Array.from({ length: size }, (_, index) => `acct_cold_${index}`) };
    const cell = requestsOf('cold', concurrency, 1, pool);
    expect(cell.map(([first]) => first?.body.accountId)).toEqual(starts.map((start) => `acct_cold_${start}`));
  });

  // Instances stepping at the same pace would otherwise pay on one account at once, a hot account in disguise.
  it.each([2, 3, 4, 5, 12])('cold at concurrency %i: no two instances pay on one account at the same step', (concurrency) => {
    const cell = requestsOf('cold', concurrency, data.coldAccounts.length);
    for (let n = 0; n < data.coldAccounts.length; n += 1) {
      const accounts = cell.map((calls) => calls[n]?.body.accountId);
      expect(new Set(accounts).size).toBe(concurrency);
    }
  });

  it('replay: sends a completed payment again with its own key and body, instances starting evenly spaced in the pool', () => {
    const cell = requestsOf('replay', 4, 3);
    expect(cell).toEqual([
      [completed[0], completed[1], completed[2]],
      [completed[2], completed[3], completed[4]],
      [completed[4], completed[5], completed[6]],
      [completed[6], completed[7], completed[0]],
    ]);
  });

  // Unlike cold, the replay pool is documented to be replayed many times (no variant keeps responses in memory).
  it.each<ScenarioId>(['replay', 'paid-order'])('%s: goes round the completed payments again instead of ending', (id) => {
    const next = scenario(id).request(data, 1);
    expect(callOf(next(0, completed.length)).body).toEqual(completed[0]?.body);
    expect(callOf(next(0, 3 * completed.length + 5)).body).toEqual(completed[5]?.body);
  });

  it('paid-order: sends a paid order again, same body, under a fresh key each time', () => {
    const cell = requestsOf('paid-order', 2, completed.length);
    expect(cell.map((calls) => calls.map((call) => call.body))).toEqual([
      completed.map((call) => call.body),
      [...completed.slice(4), ...completed.slice(0, 4)].map((call) => call.body),
    ]);
    const keys = cell.flat().map((call) => call.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(completed.map((call) => call.key)).not.toContain(key);
  });

  it('hot: every instance pays on the one hot account', () => {
    const accounts = requestsOf('hot', 4, 5).flat().map((call) => call.body.accountId);
    expect(new Set(accounts)).toEqual(new Set(['acct_hot']));
  });

  it.each([
    { id: 'warm' as const, empty: { warmAccounts: [] }, message: 'the latency benchmark has no warm account' },
    { id: 'cold' as const, empty: { coldAccounts: [] }, message: undefined },
    { id: 'replay' as const, empty: { completed: [] }, message: 'the latency benchmark has no completed payment' },
    { id: 'paid-order' as const, empty: { completed: [] }, message: 'the latency benchmark has no completed payment' },
  ])('$id with an empty pool ends, or says what the benchmark lacks', ({ id, empty, message }) => {
    const next = scenario(id).request({ ...data, ...empty }, 2);
    if (message === undefined) expect(next(0, 0)).toBeUndefined();
    else expect(() => next(0, 0)).toThrow(message);
  });
});

describe('paymentRequest', () => {
  it('posts the call to /payments as the data caller, under its key', () => {
    const [call] = completed;
    if (call === undefined) throw new Error('no completed payment');
    expect(paymentRequest({ callerId: 'caller-x' }, call)).toEqual({ method: 'POST', target: '/payments', caller: 'caller-x', key: call.key, body: call.body });
  });
});
