import { defaultRetryPolicy } from '../../lambda/payments/adapters/retry-budget.js';
import { cellOf, fmt, latencyGoals, type LatencyBenchmarkRun } from './latency-report.js';

/**
 * One sentence per number worth explaining in the latency run: where the hot-account ceiling is
 * and what bounds it, and the mechanism behind every goal this run missed, from the run's own
 * numbers.
 */
export function latencyExplanations(run: LatencyBenchmarkRun): string[] {
  const notes: string[] = [];
  const transactionMs = run.profile.TransactWriteItems ?? Number.NaN;
  const concurrencies = [...new Set(run.cells.map((cell) => cell.result.concurrency))].sort((a, b) => a - b);
  const hot = concurrencies.flatMap((concurrency) => {
    const cell = cellOf(run, 'hot', 'ours', concurrency);
    return cell === undefined ? [] : [{ concurrency, cell }];
  });
  const [single] = hot;
  if (single !== undefined) {
    const rates = hot.map(
      ({ concurrency, cell }) =>
        `${fmt(cell.result.requestsPerSecond)}/s at concurrency ${concurrency} (p50 ${fmt(cell.result.p50Ms)} ms, p99 ${fmt(cell.result.p99Ms)} ms, ` +
        `${(cell.callsPerRequest.TransactWriteItems ?? 0).toFixed(1)} transactions sent per payment)`,
    );
    const failed = hot.filter(({ cell }) => Object.keys(cell.result.statusCounts).some((status) => Number(status) !== cell.expectedStatus));
    notes.push(
      `Hot account: one account takes ${rates.join(', ')} with this middleware. Every payment's transaction updates the ` +
        `account item, and while a transaction runs (${transactionMs} ms here) any other transaction touching that item is ` +
        'refused with TransactionConflict, as DynamoDB refuses it; the loser waits a jittered backoff (ceiling ' +
        `${defaultRetryPolicy.baseDelayMs} ms, doubling per retry up to ${defaultRetryPolicy.maxDelayMs} ms) and re-sends. So an ` +
        'account commits one transaction at a time: at most 1 / (transaction latency + the gap before the next attempt ' +
        `lands), ${fmt(1000 / transactionMs)}/s if they followed each other with no gap. One instance paying alone comes ` +
        `closest (${fmt(single.cell.result.requestsPerSecond)}/s: the item idles only while that instance claims the key); ` +
        'more instances do not raise the ceiling but lower the rate, since colliding transactions are wasted and the ' +
        'backoffs leave the item idle, while the p99 grows with the queue' +
        (failed.length > 0
          ? `; at concurrency ${failed.map(({ concurrency }) => concurrency).join(', ')} some payments ran out of retry budget ` +
            'and were answered 503 with Retry-After, their keys released for the client to retry'
          : '') +
        '. The fix is in the data model (docs/data-model.md, "Hot accounts"), not in more concurrency.',
    );
  }
  const warmOurs = cellOf(run, 'warm', 'ours', 1)?.result.p50Ms;
  const warmCached = cellOf(run, 'warm', 'ours-cache', 1)?.result.p50Ms;
  if (warmOurs !== undefined && warmCached !== undefined) {
    notes.push(
      `With the cache on, a first charge also looks in the cache before claiming (a miss) and writes the record and the ` +
        `order marker after committing: its p50 at concurrency 1 is ${fmt(warmCached)} ms against ${fmt(warmOurs)} ms without ` +
        '(same DynamoDB round trips); the cache pays off on replays and paid orders.',
    );
  }
  if (run.variants.some((variant) => variant.id === 'powertools-cache')) {
    notes.push(
      "Powertools' cache persistence layer is not a cache in front of DynamoDB: it keeps the idempotency records in " +
        'Valkey/Redis instead of the table, so its claim and completion are cache round trips and its first charge waits ' +
        'for the transaction alone. The price is durability: a record lost with the cache (a restart, an eviction, a ' +
        'failover) lets a retry run the charge again, stopped here only by the payment record keyed by order. Ours keeps ' +
        'DynamoDB as the record and only answers replays and paid orders from the cache. Its rows run without payload ' +
        "validation: Powertools 2.35.0's cache layer stores the completed record without the payload hash, so with " +
        'validation every replay failed (IdempotencyValidationError, answered 500).',
    );
  }
  const cached = run.variants.some((variant) => variant.id === 'ours-cache');
  if (!cached) {
    notes.push('This run had no cache: the cache rows and the two cache goals are not measured (they say so rather than pass).');
  }
  const goals = latencyGoals(run);
  const cold = goals[1];
  const sequentialOf = (variant: string): string => String(run.callProfiles.find((entry) => entry.variant.id === variant)?.calls.firstColdAccount.sequential ?? '?');
  if (cold?.met === false) {
    notes.push(
      `Missed: the cold-account first charge is ${cold.measured} Powertools' p50 (goal ≤ 0.65×). Ours waits for ` +
        `${sequentialOf('ours')} sequential round trips, Powertools for ${sequentialOf('powertools')}; what separates the ` +
        'ratio from the round trips alone is the fixed CPU work of a request, which both pay.',
    );
  }
  const oursCold = cellOf(run, 'cold', 'ours', 1)?.result.p50Ms;
  const lentCold = cellOf(run, 'cold', 'powertools-read-ahead', 1)?.result.p50Ms;
  if (oursCold !== undefined && lentCold !== undefined) {
    notes.push(
      "Cold account, Powertools given this project's account read-ahead (a middleware in front of its claim that knows " +
        "the request's account; Powertools' own middleware runs the handler, and so the read, only after the claim): " +
        `${sequentialOf('powertools-read-ahead')} sequential round trips, p50 ${fmt(lentCold)} ms at concurrency 1; ours ` +
        `${fmt(oursCold)} ms is ${(oursCold / lentCold).toFixed(2)}× that. What is left is its completion, an UpdateItem ` +
        'after the transaction, where ours completes the key inside the transaction.',
    );
  }
  const c16 = goals[4];
  if (c16?.met === false) {
    notes.push(
      `Missed: at concurrency 16 the warm first charge is ${c16.measured} Powertools' p50 (goal ≤ 0.75×). All 16 instances of ` +
        `a cell share this process on ${run.machine.cores} cores (load average ${run.loadAverageAfter} after the run), so part ` +
        'of each latency is waiting for a core, which both variants pay alike and which shrinks the ratio towards 1.',
    );
  }
  const bundle = goals[6];
  const cacheBytes = run.bundles.find((entry) => entry.variant.id === 'ours')?.cacheBytes;
  if (bundle?.met === false && cacheBytes !== undefined) {
    notes.push(
      `Missed: the cache-off bundle of POST /payments still carries ${bundle.measured} of the cache (client library ` +
        `${(cacheBytes.client / 1024).toFixed(1)} KiB, cache modules ${(cacheBytes.modules / 1024).toFixed(1)} KiB): some code ` +
        "reaches a cache module other than through the checks of process.env.SHARED_CACHE_BUNDLE that the stack's define " +
        'folds away (infra/definitions/shared-cache-bundle.ts).',
    );
  }
  return notes;
}
