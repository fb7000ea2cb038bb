import { describe, expect, it } from 'vitest';
import { apiGatewayEvent, localCaller, type LocalHttpRequest, type RoutedRequest } from '../../../local/http/api-gateway-event.js';

const request = (overrides: Partial<LocalHttpRequest> = {}): LocalHttpRequest => ({
  method: 'POST',
  target: '/payments',
  rawHeaders: [],
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  httpVersion: '1.1',
  ...overrides,
});

const routed: RoutedRequest = {
  route: { method: 'POST', path: '/payments' },
  pathParameters: {},
  requestId: 'req-1',
  timeEpoch: Date.UTC(2026, 2, 12, 19, 3, 58),
};

describe('apiGatewayEvent', () => {
  it.each([
    ['application/json', false],
    ['application/problem+json', false],
    ['text/plain; charset=utf-8', false],
    ['application/x-www-form-urlencoded', false],
    ['application/octet-stream', true],
    ['image/png', true],
  ])('delivers a %s body base64-encoded: %s', (contentType, base64) => {
    const body = Buffer.from('{"a":1}');
    const event = apiGatewayEvent(request({ rawHeaders: ['Content-Type', contentType], body }), routed);
    expect(event.isBase64Encoded).toBe(base64);
    expect(event.body).toBe(base64 ? body.toString('base64') : '{"a":1}');
  });

  it('omits the body of a request without one, as text', () => {
    const event = apiGatewayEvent(request(), routed);
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
  });

  it('names the caller from X-Caller-Id, local-dev without one', () => {
    const named = apiGatewayEvent(request({ rawHeaders: ['X-Caller-Id', ' alice '] }), routed);
    expect(named.requestContext.authorizer.iam).toMatchObject(localCaller('alice'));
    expect(named.requestContext.authorizer.iam.userArn).toBe('arn:aws:iam::000000000000:user/alice');
    const anonymous = apiGatewayEvent(request(), routed);
    expect(anonymous.requestContext.authorizer.iam.userArn).toBe('arn:aws:iam::000000000000:user/local-dev');
  });

  it('takes the caller the routed request names over X-Caller-Id', () => {
    const caller = { callerId: 'AIDAEXAMPLE', userArn: 'arn:aws:iam::123456789012:user/bob', userId: 'AIDAEXAMPLE' };
    const event = apiGatewayEvent(request({ rawHeaders: ['X-Caller-Id', 'alice'] }), { ...routed, caller });
    expect(event.requestContext.authorizer.iam).toMatchObject(caller);
  });

  it('joins repeated headers and query parameters with commas and splits cookies out', () => {
    const event = apiGatewayEvent(
      request({ target: '/payments?x=1&x=2&y=%20', rawHeaders: ['X-A', '1', 'x-a', '2', 'Cookie', 'c1=v1; c2=v2'] }),
      routed,
    );
    expect(event.headers['x-a']).toBe('1,2');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['c1=v1', 'c2=v2']);
    expect(event.rawQueryString).toBe('x=1&x=2&y=%20');
    expect(event.queryStringParameters).toEqual({ x: '1,2', y: ' ' });
  });

  it('stamps the request time in the access-log format', () => {
    expect(apiGatewayEvent(request(), routed).requestContext.time).toBe('12/Mar/2026:19:03:58 +0000');
  });
});
