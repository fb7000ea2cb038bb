import type { APIGatewayProxyEventV2WithIAMAuthorizer, Context } from 'aws-lambda';

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
  /** IAM user ARN of the caller; `null` for a request without one. */
  readonly caller: string | null;
}

/** An API Gateway HTTP API (payload 2.0) event with IAM authorization. */
export function apiEvent(request: ApiRequest): APIGatewayProxyEventV2WithIAMAuthorizer {
  const rawPath = Object.entries(request.pathParameters ?? {}).reduce(
    (path, [name, value]) => path.replace(`{${name}}`, encodeURIComponent(value)),
    request.route,
  );
  const rawQueryString = new URLSearchParams(request.query ?? {}).toString();
  const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const now = Date.now();
  const userArn = request.caller ?? 'none';
  const event: APIGatewayProxyEventV2WithIAMAuthorizer = {
    version: '2.0',
    routeKey: `${request.method} ${request.route}`,
    rawPath,
    rawQueryString,
    headers: {
      'content-type': 'application/json',
      ...(request.idempotencyKey === undefined ? {} : { 'idempotency-key': request.idempotencyKey }),
    },
    ...(request.query === undefined ? {} : { queryStringParameters: { ...request.query } }),
    ...(request.pathParameters === undefined ? {} : { pathParameters: { ...request.pathParameters } }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'test.execute-api.local',
      domainPrefix: 'test',
      http: { method: request.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `req-${now}-${Math.random().toString(16).slice(2)}`,
      routeKey: `${request.method} ${request.route}`,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      authorizer: {
        iam: {
          accessKey: 'AKIA',
          accountId: '000000000000',
          callerId: userArn,
          cognitoIdentity: null,
          principalOrgId: '',
          userArn,
          userId: userArn,
        },
      },
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
  if (request.caller !== null) return event;
  // A request that reached the function without IAM authorization (a misconfigured route).
  const { authorizer: _authorizer, ...requestContext } = event.requestContext;
  return { ...event, requestContext } as unknown as APIGatewayProxyEventV2WithIAMAuthorizer;
}

/** A Lambda context whose remaining time counts down from `timeoutMs`. */
export function lambdaContext(timeoutMs = 10_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'payments-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:payments-test',
    memoryLimitInMB: '512',
    awsRequestId: `aws-${Math.random().toString(16).slice(2)}`,
    logGroupName: '/aws/lambda/payments-test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  } as Context;
}
