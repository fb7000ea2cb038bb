import { describe, expect, it } from 'vitest';
import { useLocalApi } from '../../support/local-api.js';

const lines: string[] = [];

const api = useLocalApi('local-metrics', { instances: 2, onLog: (_instance, line) => lines.push(line) });

function createAccount(key: string, currency: string): Promise<Response> {
  return fetch(`${api().url}/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-caller-id': 'metrics-test' },
    body: JSON.stringify({ currency }),
  });
}

describe('the functions’ output in the local runner', () => {
  it('counts the EMF metrics every instance printed, per route, and answers them on GET /_local/metrics', async () => {
    expect((await createAccount('k1', 'USD')).status).toBe(201);
    expect((await createAccount('k1', 'USD')).headers.get('idempotent-replayed')).toBe('true');
    expect((await createAccount('k1', 'EUR')).status).toBe(422);
    expect((await fetch(`${api().url}/accounts/acct_00000000000000000000000000000000`, { headers: { 'x-caller-id': 'metrics-test' } })).status).toBe(404);

    const expected = { routes: { 'POST /accounts': { IdempotencyClaimed: 1, IdempotencyKeyReused: 1, IdempotencyReplayed: 1 } } };
    const response = await fetch(`${api().url}/_local/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(expected);
    expect(api().metrics()).toEqual(expected);
    expect((await fetch(`${api().url}/_local/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('hands on the functions’ lines as printed: JSON with the request context, each function cold once per instance', () => {
    const logs = lines.filter((line) => line.startsWith('{"level"')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs.map((log) => log.outcome)).toEqual(['claimed', 'completed', 'replayed', 'reused']);
    for (const log of logs) expect(log).toMatchObject({ service: 'payments', route: 'POST /accounts', api_request_id: expect.any(String) as string });
    // Two instances, LRU: the first request and the replay each started one; the third reused the first.
    expect(logs.map((log) => log.cold_start)).toEqual([true, true, true, false]);
  });
});
