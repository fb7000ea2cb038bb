import { describe, expect, inject, it } from 'vitest';
import type { RouteDefinition } from '../../../infra/definitions/routes.js';
import { type RequestLogEntry, startLocalApi } from '../../../local/http/start-local-api.js';
import { useLocalApi } from '../../support/local-api.js';
import { requestWithHost } from '../../support/request-with-host.js';

// DNS rebinding: a request that reaches the runner on loopback but names another site in Host.
const routes: RouteDefinition[] = [
  {
    id: 'ProbePost',
    method: 'POST',
    path: '/probe/{name}',
    entry: 'test/integration/local-http/fixtures/probe-handler.ts',
    timeoutSeconds: 3,
    memoryMb: 256,
    grants: [],
  },
];

const requests: RequestLogEntry[] = [];

const api = useLocalApi('host', { instances: 1, routes, allowedHosts: ['payments.internal'], onRequest: (entry) => requests.push(entry) });

function post(host: string): ReturnType<typeof requestWithHost> {
  return requestWithHost(`${api().url}/probe/x`, host, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
}

describe('the Host header', () => {
  it.each(['evil.example', 'evil.example:3000', '127.0.0.1.nip.io'])('refuses Host %s with 403 host_not_allowed before any function runs', async (host) => {
    requests.length = 0;
    const reply = await post(host);
    expect(reply.status).toBe(403);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(reply.body)).toMatchObject({
      type: '/docs/problems#host_not_allowed',
      status: 403,
      code: 'host_not_allowed',
      title: 'Host not allowed',
    });
    // No instance ran: nothing could have been changed.
    expect(requests).toEqual([expect.objectContaining({ status: 403, outcome: 'rejected' })]);
    expect(requests[0]?.instance).toBeUndefined();
  });

  it.each(['/openapi.json', '/_local/metrics'])('refuses the runner\'s own path %s too', async (path) => {
    const reply = await requestWithHost(`${api().url}${path}`, 'evil.example', { method: 'GET' });
    expect(reply.status).toBe(403);
  });

  it.each(['127.0.0.1:3000', 'localhost', '[::1]', 'payments.internal:443'])('runs the function for Host %s', async (host) => {
    requests.length = 0;
    const reply = await post(host);
    expect(reply.status).toBe(200);
    expect(requests[0]?.instance).toEqual(expect.any(Number));
  });

  it('serves fetch(), which names 127.0.0.1:port', async () => {
    const response = await fetch(`${api().url}/probe/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(200);
  });
});

describe('the listening address', () => {
  it('refuses a non-loopback address unless allowNonLoopback is set', async () => {
    await expect(startLocalApi({ port: 0, host: '0.0.0.0', routes, dynamodbEndpoint: inject('dynamodbEndpoint') })).rejects.toThrow(/allow-non-loopback/);
  });
});
