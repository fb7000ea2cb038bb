import type { LoadResult } from './load-test.js';

/**
 * Folds several runs of one load cell into one row: latency percentiles and throughput are
 * the mean of the runs, request and status counts their sum.
 *
 * @throws when given no runs.
 */
export function combineRounds(rounds: readonly LoadResult[]): LoadResult {
  const [first] = rounds;
  if (first === undefined) throw new Error('combineRounds needs at least one run');
  const mean = (pick: (result: LoadResult) => number): number => rounds.reduce((sum, result) => sum + pick(result), 0) / rounds.length;
  const sum = (pick: (result: LoadResult) => number): number => rounds.reduce((total, result) => total + pick(result), 0);
  const statusCounts: Record<string, number> = {};
  for (const result of rounds) {
    for (const [status, count] of Object.entries(result.statusCounts)) statusCounts[status] = (statusCounts[status] ?? 0) + count;
  }
  return {
    connections: first.connections,
    durationSeconds: sum((result) => result.durationSeconds),
    requests: sum((result) => result.requests),
    requestsPerSecond: mean((result) => result.requestsPerSecond),
    p50Ms: mean((result) => result.p50Ms),
    p99Ms: mean((result) => result.p99Ms),
    p50PerRunMs: rounds.map((result) => result.p50Ms),
    statusCounts,
    errors: sum((result) => result.errors),
    timeouts: sum((result) => result.timeouts),
  };
}
