import type { LocalHttpResponse } from './http-response-of.js';
import type { MetricsSummary } from './metric-counters.js';

/**
 * Where the runner answers with the metrics its functions counted since it started. Under
 * `/_local/`, a prefix no route of the API uses, so it can never shadow one; like every request,
 * it is answered only under an allowed `Host`.
 */
export const localMetricsPath = '/_local/metrics';

/** The answer to `GET /_local/metrics`, or undefined when the request is for something else. */
export function localMetricsAnswer(method: string, rawPath: string, summary: () => MetricsSummary): LocalHttpResponse | undefined {
  if (rawPath !== localMetricsPath || (method !== 'GET' && method !== 'HEAD')) return undefined;
  return {
    status: 200,
    headers: [
      ['content-type', 'application/json'],
      ['cache-control', 'no-store'],
    ],
    body: Buffer.from(JSON.stringify(summary(), null, 2)),
  };
}
