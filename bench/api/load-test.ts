import autocannon from 'autocannon';

/** One payment request of the load: a fresh key and a fresh order every time. */
export interface LoadRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What one autocannon run measured. */
export interface LoadResult {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** When this row folds several runs of the cell: each run's p50, in run order. */
  readonly p50PerRunMs?: readonly number[];
  /** Responses by status code; anything but 201 is a failed payment and is reported. */
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
}

/** Options of {@link loadTest}. */
export interface LoadTestOptions {
  /** Base URL of the API, e.g. `http://127.0.0.1:3000` (loopback only). */
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Builds request number `n` (0-based, across all connections). */
  readonly nextRequest: (n: number) => LoadRequest;
}

/**
 * Drives POST requests at a fixed number of concurrent connections for a bounded time with
 * autocannon, each request built fresh (unique idempotency key and order), and returns latency
 * percentiles, throughput and the status codes seen.
 *
 * @throws when the URL is not on the loopback interface.
 */
export async function loadTest(options: LoadTestOptions): Promise<LoadResult> {
  const host = new URL(options.url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    throw new Error(`the benchmark only targets loopback, not ${host}`);
  }
  let n = 0;
  const statusCounts: Record<string, number> = {};
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    method: 'POST',
    requests: [
      {
        setupRequest: (request) => {
          const next = options.nextRequest(n);
          n += 1;
          return {
            ...request,
            method: 'POST',
            path: next.path,
            headers: { ...next.headers },
            body: next.body,
          };
        },
        onResponse: (status) => {
          statusCounts[status] = (statusCounts[status] ?? 0) + 1;
        },
      },
    ],
  });
  return {
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
