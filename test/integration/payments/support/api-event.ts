import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, Context } from 'aws-lambda';
import { apiGatewayEvent, type IamCaller } from '../../../../local/http/api-gateway-event.js';
import { lambdaContext as localLambdaContext } from '../../../../local/http/lambda-context.js';
import { iamUserOf, localIdentity } from '../../../support/iam-caller.js';

/** What a test request says; the rest of the HTTP API v2 event is filled in as API Gateway would. */
export interface ApiRequest {
  readonly method: 'GET' | 'POST';
  /** Route template, e.g. `/payments/{orderId}`. */
  readonly route: string;
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  /** The caller's identity (`<accountId>:<unique id>`, see `iamUserOf`); `null` for a request without one. */
  readonly caller: string | null;
  /** The IAM principal in the authorizer context, when not the user `caller` names (e.g. a role session). */
  readonly principal?: IamCaller;
}

/** An API Gateway HTTP API (payload 2.0) event with IAM authorization, from the runner's own builder. */
export function apiEvent(request: ApiRequest): APIGatewayProxyEventV2WithIAMAuthorizer {
  const rawPath = Object.entries(request.pathParameters ?? {}).reduce(
    (path, [name, value]) => path.replace(`{${name}}`, encodeURIComponent(value)),
    request.route,
  );
  const rawQueryString = new URLSearchParams(request.query ?? {}).toString();
  const body = request.body === undefined ? '' : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const rawHeaders = ['content-type', 'application/json', 'user-agent', 'vitest'];
  if (request.idempotencyKey !== undefined) rawHeaders.push('idempotency-key', request.idempotencyKey);
  const event = apiGatewayEvent(
    {
      method: request.method,
      target: rawQueryString === '' ? rawPath : `${rawPath}?${rawQueryString}`,
      rawHeaders,
      body: Buffer.from(body, 'utf8'),
      sourceIp: '127.0.0.1',
      httpVersion: '1.1',
    },
    {
      route: { method: request.method, path: request.route },
      pathParameters: request.pathParameters ?? {},
      requestId: randomUUID(),
      timeEpoch: Date.now(),
      caller: request.principal ?? iamUserOf(request.caller ?? localIdentity('none')),
    },
  );
  if (request.caller !== null) return event;
  // A request that reached the function without IAM authorization (a misconfigured route).
  const { authorizer: _authorizer, ...requestContext } = event.requestContext;
  return { ...event, requestContext } as unknown as APIGatewayProxyEventV2WithIAMAuthorizer;
}

/** A Lambda context whose remaining time counts down from `timeoutMs`. */
export function lambdaContext(timeoutMs = 10_000): Context {
  return localLambdaContext({
    functionName: 'payments-test',
    memoryMb: 512,
    awsRequestId: randomUUID(),
    deadline: Date.now() + timeoutMs,
    instance: 1,
  });
}
