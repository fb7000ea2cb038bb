/**
 * Server capacity without the SDK's client-side cost: autocannon replays one pre-built request
 * over keep-alive connections. On a small machine the SDK client, not the server, is what caps
 * the SDK measurement; this one shows how much each server itself can take.
 */
import autocannon from 'autocannon';
import type { Measurement } from './measure.js';
import type { RawRequest } from './workload.js';

/**
 * Replays `request` against `endpoint` on `connections` connections for `durationMs`.
 * @throws when any response has another status than the one expected, or a connection fails.
 */
export async function measureRaw(
  endpoint: string,
  request: RawRequest,
  connections: number,
  durationMs: number,
): Promise<Measurement> {
  const result = await autocannon({
    url: endpoint,
    connections,
    duration: durationMs / 1000,
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${request.target}`,
      // Neither server checks signatures; both insist on a SigV4-looking header.
      authorization:
        'AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000',
      'x-amz-date': '20260101T000000Z',
    },
    body: request.body,
  });
  const expected = result.statusCodeStats?.[`${request.expectStatus}`]?.count ?? 0;
  const total = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  if (result.errors > 0 || expected !== total || total === 0) {
    throw new Error(
      `${request.target} at ${endpoint}: expected every response to be ${request.expectStatus}, got ${JSON.stringify(result.statusCodeStats)} and ${result.errors} errors`,
    );
  }
  return {
    operations: total,
    opsPerSecond: total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}
