import type { HttpLambdaHandler, InProcessRequest } from '../../local/http/invoke-in-process.js';
import { invokeInProcess } from '../../local/http/invoke-in-process.js';

/** What one closed-loop cell measured. */
export interface ClosedLoopResult {
  readonly concurrency: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses by HTTP status. */
  readonly statusCounts: Readonly<Record<string, number>>;
}

/** Options of {@link closedLoop}. */
export interface ClosedLoopOptions {
  /** One handler per simulated instance; each runs one request at a time. */
  readonly instances: readonly HttpLambdaHandler[];
  readonly durationMs: number;
  /**
   * The `n`-th request (0-based) of instance `instance`; undefined when that instance has no
   * more to send (it then stops early).
   */
  readonly nextRequest: (instance: number, n: number) => InProcessRequest | undefined;
}

/**
 * Drives every instance in a closed loop for `durationMs`, each sending its next request as soon
 * as the previous one is answered, like Lambda's concurrency: `instances.length` requests in flight,
 * each on an instance of its own (no request waits for a free instance). Latency is measured from
 * the invocation to the rendered response, in this process.
 */
export async function closedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const started = performance.now();
  const end = started + options.durationMs;
  await Promise.all(
    options.instances.map(async (handler, instance) => {
      for (let n = 0; performance.now() < end; n += 1) {
        const request = options.nextRequest(instance, n);
        if (request === undefined) return;
        const sent = performance.now();
        const response = await invokeInProcess(handler, request);
        latencies.push(performance.now() - sent);
        statusCounts[response.status] = (statusCounts[response.status] ?? 0) + 1;
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency: options.instances.length,
    requests: latencies.length,
    requestsPerSecond: latencies.length / elapsedSeconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    statusCounts,
  };
}

/** The nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}
