import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RouteDefinition } from '../../../infra/definitions/routes.js';
import { type LocalApi, startLocalApi } from '../../../local/http/start-local-api.js';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';

// The runner's own behaviour, with a probe handler instead of the payment handlers, so what
// API Gateway and Lambda would do is checked independently of the business logic.
const probe = (id: string, method: 'GET' | 'POST', path: string, timeoutSeconds = 3): RouteDefinition => ({
  id,
  method,
  path,
  entry: 'test/integration/local-http/fixtures/probe-handler.ts',
  timeoutSeconds,
  memoryMb: 256,
  grants: [],
});
const routes = [
  probe('ProbeGet', 'GET', '/probe/{name}'),
  probe('ProbePost', 'POST', '/probe/{name}'),
  probe('ProbeSlow', 'POST', '/slow', 1),
];

interface ProbeBody {
  instanceId: string;
  invocations: number;
  maxRunning: number;
  remainingAtStart: number;
  functionName: string;
  event: {
    version: string;
    routeKey: string;
    rawPath: string;
    rawQueryString: string;
    cookies?: string[];
    headers: Record<string, string>;
    queryStringParameters?: Record<string, string>;
    pathParameters?: Record<string, string>;
    body?: string;
    isBase64Encoded: boolean;
    requestContext: {
      http: { method: string; path: string; sourceIp: string };
      requestId: string;
      routeKey: string;
      stage: string;
      time: string;
      timeEpoch: number;
      authorizer: { iam: { userArn: string; callerId: string; userId: string; accountId: string } };
    };
  };
  env: Record<string, string | undefined>;
}

const faultToken = randomUUID();
const prefix = `${uniqueTableName('runner')}-`;
let api: LocalApi;
const logs: string[] = [];

beforeAll(async () => {
  api = await startLocalApi({
    port: 0,
    instances: 3,
    routes,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    deleteTablesOnStop: true,
    tableNamePrefix: prefix,
    maxBodyBytes: 64 * 1024,
    faultToken,
    ledgerCursorKey: 'shared-cursor-key',
    onLog: (instance, line) => logs.push(`${instance}: ${line}`),
  });
}, 60_000);

afterAll(async () => {
  await api.stop();
});

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${api.url}${path}`, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** What the probe handler saw; expects 200 OK. */
async function expectProbeOk(path: string, init: RequestInit = {}): Promise<ProbeBody> {
  const { status, text } = await call(path, init);
  expect(status).toBe(200);
  return JSON.parse(text) as ProbeBody;
}

describe('the API Gateway v2 event', () => {
  it('carries the route, raw path and query, lower-cased headers, cookies and decoded path parameters', async () => {
    const body = await expectProbeOk('/probe/a%20b?x=1&y=two&x=3', {
      headers: { 'X-Custom': 'Value', Cookie: 'c1=v1; c2=v2' },
    });
    const { event } = body;
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /probe/{name}');
    expect(event.rawPath).toBe('/probe/a%20b');
    expect(event.rawQueryString).toBe('x=1&y=two&x=3');
    expect(event.queryStringParameters).toEqual({ x: '1,3', y: 'two' });
    expect(event.pathParameters).toEqual({ name: 'a b' });
    expect(event.headers['x-custom']).toBe('Value');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['c1=v1', 'c2=v2']);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBeUndefined();
    expect(event.requestContext.http.method).toBe('GET');
    expect(event.requestContext.http.path).toBe('/probe/a%20b');
    expect(event.requestContext.stage).toBe('$default');
    expect(event.requestContext.routeKey).toBe('GET /probe/{name}');
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(60_000);
    expect(body.functionName).toBe('local-ProbeGet');
  });

  it('names the caller from X-Caller-Id as an IAM user, local-dev by default', async () => {
    const named = await expectProbeOk('/probe/x', { headers: { 'X-Caller-Id': 'alice' } });
    expect(named.event.requestContext.authorizer.iam).toMatchObject({
      userArn: 'arn:aws:iam::000000000000:user/alice',
      callerId: 'alice',
      userId: 'alice',
      accountId: '000000000000',
    });
    const anonymous = await expectProbeOk('/probe/x');
    expect(anonymous.event.requestContext.authorizer.iam.userArn).toBe('arn:aws:iam::000000000000:user/local-dev');
  });

  it('passes a JSON body as text', async () => {
    const { event } = await expectProbeOk('/probe/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"amount": 5}',
    });
    expect(event.body).toBe('{"amount": 5}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('passes a binary body base64-encoded', async () => {
    const bytes = Buffer.from([0, 1, 2, 250]);
    const { event } = await expectProbeOk('/probe/x', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });

  it('gives the handlers the table names, the endpoint and one cursor key', async () => {
    const { env } = await expectProbeOk('/probe/x');
    expect(env).toMatchObject({
      accounts: `${prefix}accounts`,
      idempotency: `${prefix}idempotency`,
      endpoint: api.dynamodbEndpoint,
      cursorKey: 'shared-cursor-key',
    });
    expect(env.region).toBeTruthy();
  });

  it('counts the remaining time down from the function timeout', async () => {
    const { remainingAtStart } = await expectProbeOk('/probe/x');
    expect(remainingAtStart).toBeGreaterThan(2_000);
    expect(remainingAtStart).toBeLessThanOrEqual(3_000);
  });
});

describe('the response', () => {
  it('maps a structured result to status, headers, cookies and body', async () => {
    const response = await call('/probe/x?status=202');
    expect(response.status).toBe(202);
    expect(response.headers.get('x-probe')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
    expect((JSON.parse(response.text) as ProbeBody).event.requestContext.requestId).toBe(response.headers.get('apigw-requestid'));
  });

  it('answers 500 internal_error, revealing nothing, when the handler throws', async () => {
    const response = await call('/probe/x?throw=1');
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.parse(response.text)).toMatchObject({ status: 500, code: 'internal_error' });
    expect(response.text).not.toContain('probe was told');
  });

  it('abandons an invocation that outlives its timeout with 503 and replaces the instance', async () => {
    const response = await call('/slow?sleepMs=5000', { method: 'POST' });
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toMatchObject({ status: 503, code: 'service_unavailable' });
    // A fresh instance replaces the stopped one, and the pool serves every request afterwards.
    await api.whenAllInstancesReady();
    const after = await Promise.all(Array.from({ length: 6 }, () => call('/probe/x')));
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });
});

describe('routing, as API Gateway does', () => {
  it.each(['/nope', '/probe', '/probe/x/y', '/probe/x/'])('answers %s (no route) with 404 route_not_found', async (path) => {
    const response = await call(path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.parse(response.text)).toEqual({
      type: '/docs/problems#route_not_found',
      title: 'Route not found',
      status: 404,
      detail: expect.any(String) as string,
      code: 'route_not_found',
    });
  });

  it.each([
    ['GET', '/slow', 'POST'],
    ['DELETE', '/probe/x', 'GET, POST'],
  ])('answers %s %s (a known path, another method) with 405 and Allow: %s', async (method, path, allow) => {
    const response = await call(path, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(JSON.parse(response.text)).toMatchObject({ status: 405, code: 'method_not_allowed' });
  });

  it('answers a body over the configured limit with 413 before any function runs', async () => {
    const before = await expectProbeOk('/probe/x');
    const response = await call('/probe/x', { method: 'POST', body: 'x'.repeat(64 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toMatchObject({ status: 413, code: 'payload_too_large' });
    const exactlyAtLimit = await call('/probe/x', { method: 'POST', body: 'x'.repeat(64 * 1024) });
    expect(exactlyAtLimit.status).toBe(200);
    expect(before.instanceId).toBeTruthy();
  });
});

describe('instances', () => {
  it('spreads concurrent requests across instances with separate module state, one invocation at a time each', async () => {
    await api.whenAllInstancesReady();
    const bodies = await Promise.all(Array.from({ length: 24 }, () => expectProbeOk('/probe/x?sleepMs=50')));
    const instances = new Set(bodies.map((b) => b.instanceId));
    expect(instances.size).toBe(3);
    for (const body of bodies) expect(body.maxRunning).toBe(1);
  });

  it('kills an instance right after its first acknowledged write when asked with the fault token', async () => {
    const id = randomUUID();
    const response = await call(`/probe/x?put=${id}`, {
      method: 'POST',
      headers: { 'X-Local-Fault': 'crash-after-claim', 'X-Local-Fault-Token': faultToken },
    });
    expect(response.status).toBe(500);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'internal_error' });
    // The write happened: the instance died after DynamoDB acknowledged it.
    const client = testDynamoDBClient();
    const stored = await client.send(new GetItemCommand({ TableName: `${prefix}idempotency`, Key: { id: { S: id } }, ConsistentRead: true }));
    expect(stored.Item).toEqual({ id: { S: id } });
    expect(logs.some((line) => line.includes('instance died mid-invocation'))).toBe(true);
  });

  it('ignores the fault headers without the right token, and never shows them to the handler', async () => {
    const id = randomUUID();
    const response = await call(`/probe/x?put=${id}`, {
      method: 'POST',
      headers: { 'X-Local-Fault': 'crash-after-claim', 'X-Local-Fault-Token': 'guess' },
    });
    expect(response.status).toBe(200);
    const { event } = JSON.parse(response.text) as ProbeBody;
    expect(event.headers['x-local-fault']).toBeUndefined();
    expect(event.headers['x-local-fault-token']).toBeUndefined();
  });
});
