/**
 * Drives one operation against one target at a fixed concurrency for a fixed time and reports
 * throughput and latency percentiles. Only calls that got their expected outcome are counted;
 * any other outcome aborts the measurement, so a broken target cannot look fast.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BenchOperation } from './workload.js';

/** One measured cell of the results table. */
export interface Measurement {
  readonly operations: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /**
   * Server CPU time (user + system) per operation, in microseconds: what the server itself
   * costs, whatever the load generator could deliver.
   */
  readonly serverCpuMicrosPerOp?: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  readonly concurrency: number;
  /** Measured time, after the warm-up. */
  readonly durationMs: number;
  /** Time run first and discarded (JIT, socket pool, allocation). */
  readonly warmupMs: number;
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

async function drive(
  client: DynamoDBClient,
  operation: BenchOperation,
  concurrency: number,
  durationMs: number,
  counter: { next: number },
  latencies: number[] | undefined,
): Promise<number> {
  const deadline = performance.now() + durationMs;
  let completed = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const n = counter.next;
      counter.next += 1;
      const started = performance.now();
      await operation.run(client, n);
      latencies?.push(performance.now() - started);
      completed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return completed;
}

/**
 * Measures `operation` through `client`.
 * @throws the first unexpected outcome (an error the operation did not expect).
 */
export async function measure(client: DynamoDBClient, operation: BenchOperation, options: MeasureOptions): Promise<Measurement> {
  const counter = { next: 0 };
  await drive(client, operation, options.concurrency, options.warmupMs, counter, undefined);
  const latencies: number[] = [];
  const started = performance.now();
  const completed = await drive(client, operation, options.concurrency, options.durationMs, counter, latencies);
  const elapsedSeconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    operations: completed,
    opsPerSecond: completed / elapsedSeconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}
