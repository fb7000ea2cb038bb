import { localMetricsPath } from '../http/local-metrics-endpoint.js';
import type { MetricsSummary } from '../http/metric-counters.js';

/**
 * The metrics the local runner at `url` counted (`GET /_local/metrics`), or undefined when the
 * API there is not the local runner (a deployed stack has no such path: its metrics are in
 * CloudWatch).
 */
export async function fetchRunnerMetrics(url: string, fetchImpl: typeof fetch = fetch): Promise<MetricsSummary | undefined> {
  let response: Response;
  try {
    response = await fetchImpl(new URL(localMetricsPath, url));
  } catch {
    return undefined;
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return undefined;
  }
  const summary: unknown = await response.json();
  const routes: unknown = typeof summary === 'object' && summary !== null ? (summary as { routes?: unknown }).routes : undefined;
  return typeof routes === 'object' && routes !== null ? (summary as MetricsSummary) : undefined;
}
