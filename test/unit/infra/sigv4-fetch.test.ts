import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionOfApi, sigv4Fetch } from '../../../infra/sigv4-fetch.js';

let url: string;
const seen: IncomingHttpHeaders[] = [];
const server = createServer((request, response) => {
  seen.push(request.headers);
  request.resume();
  request.on('end', () => response.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"Service Unavailable"}'));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

describe('sigv4Fetch', () => {
  it('signs for execute-api in the region, covering Idempotency-Key, and carries the session token', async () => {
    const signed = await sigv4Fetch('eu-west-3', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token-1' });
    seen.length = 0;
    const response = await signed(new URL('/payments', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: '{"orderId":"o-1"}',
    });
    // A 503 is returned as is, not retried: a retry is the caller's, with the same key.
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(1);
    const headers = seen[0] ?? {};
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers['x-amz-security-token']).toBe('token-1');
    const authorization = String(headers.authorization);
    const day = String(headers['x-amz-date']).slice(0, 8);
    expect(authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${day}/eu-west-3/execute-api/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`));
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
    expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'idempotency-key', 'content-type', 'x-amz-date']));
  });

  it.each([
    ['https://abc123.execute-api.ap-southeast-2.amazonaws.com', {}, 'ap-southeast-2'],
    ['http://127.0.0.1:3000', { AWS_REGION: 'us-west-2' }, 'us-west-2'],
  ])('tells the region of %s', (apiUrl, env, region) => {
    expect(regionOfApi(apiUrl, env)).toBe(region);
  });

  it('refuses a URL whose region it cannot tell', () => {
    expect(() => regionOfApi('http://127.0.0.1:3000', {})).toThrow(/AWS_REGION/);
  });
});
