import { describe, expect, it } from 'vitest';
import { combineRounds } from '../../../../bench/api/combine-rounds.js';
import type { LoadResult } from '../../../../bench/api/load-test.js';

function run(overrides: Partial<LoadResult>): LoadResult {
  return {
    connections: 16,
    durationSeconds: 5,
    requests: 1000,
    requestsPerSecond: 200,
    p50Ms: 10,
    p99Ms: 40,
    statusCounts: { '201': 1000 },
    errors: 0,
    timeouts: 0,
    ...overrides,
  };
}

describe('combineRounds', () => {
  // Three runs whose mean, median and sum all differ, so a fold that picks the wrong one fails.
  const rounds = [
    run({ durationSeconds: 5, requests: 1000, requestsPerSecond: 200, p50Ms: 10, p99Ms: 40, statusCounts: { '201': 998, '409': 2 }, errors: 1, timeouts: 0 }),
    run({ durationSeconds: 5, requests: 1500, requestsPerSecond: 300, p50Ms: 8, p99Ms: 30, statusCounts: { '201': 1500 }, errors: 0, timeouts: 2 }),
    run({ durationSeconds: 5, requests: 400, requestsPerSecond: 80, p50Ms: 27, p99Ms: 110, statusCounts: { '201': 397, '500': 3 }, errors: 4, timeouts: 1 }),
  ];

  it.each([
    { field: 'requestsPerSecond', expected: (200 + 300 + 80) / 3 },
    { field: 'p50Ms', expected: (10 + 8 + 27) / 3 },
    { field: 'p99Ms', expected: (40 + 30 + 110) / 3 },
  ] as const)('takes the mean of the runs for $field', ({ field, expected }) => {
    expect(combineRounds(rounds)[field]).toBeCloseTo(expected, 10);
  });

  it.each([
    { field: 'durationSeconds', expected: 15 },
    { field: 'requests', expected: 2900 },
    { field: 'errors', expected: 5 },
    { field: 'timeouts', expected: 3 },
  ] as const)('adds up $field over the runs', ({ field, expected }) => {
    expect(combineRounds(rounds)[field]).toBe(expected);
  });

  it('adds up the status counts, keeping statuses only some runs saw', () => {
    expect(combineRounds(rounds).statusCounts).toEqual({ '201': 2895, '409': 2, '500': 3 });
  });

  it('keeps each run\'s p50 in run order, so the report can show their spread', () => {
    expect(combineRounds(rounds).p50PerRunMs).toEqual([10, 8, 27]);
  });

  it('keeps the cell\'s connection count', () => {
    expect(combineRounds([run({ connections: 4 }), run({ connections: 4 })]).connections).toBe(4);
  });

  it('returns a single run\'s numbers unchanged', () => {
    const only = rounds[2];
    if (only === undefined) throw new Error('fixture has three runs');
    const { p50PerRunMs, ...combined } = combineRounds([only]);
    expect(combined).toEqual(only);
    expect(p50PerRunMs).toEqual([27]);
  });

  it('does not change the runs it folds', () => {
    const first = run({ statusCounts: { '201': 5 } });
    combineRounds([first, run({ statusCounts: { '201': 7 } })]);
    expect(first.statusCounts).toEqual({ '201': 5 });
  });

  it('refuses to fold no runs', () => {
    expect(() => combineRounds([])).toThrow('combineRounds needs at least one run');
  });
});
