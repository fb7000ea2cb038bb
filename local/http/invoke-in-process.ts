import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, Context } from 'aws-lambda';
import { routes } from '../../infra/definitions/routes.js';
import { apiGatewayEvent } from './api-gateway-event.js';
import { httpResponseOf } from './http-response-of.js';
import { lambdaContext } from './lambda-context.js';
import { matchRoute } from './match-route.js';

/** A Lambda handler of an HTTP API route, as the factories in lambda/payments build them. */
export type HttpLambdaHandler = (event: APIGatewayProxyEventV2WithIAMAuthorizer, context: Context) => Promise<unknown>;

/** One request handed straight to a handler function, as API Gateway would hand it. */
export interface InProcessRequest {
  readonly method: 'GET' | 'POST';
  /** The request target, e.g. `/payments` or `/accounts/acct_.../ledger?limit=5`. */
  readonly target: string;
  /** Becomes the IAM caller, as the local runner's `X-Caller-Id`. */
  readonly caller: string;
  readonly key?: string;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
  /** The function's remaining time at the start, in ms (the lease follows it). @default 10_000 */
  readonly timeoutMs?: number;
}

/** The HTTP response API Gateway would send for what the handler returned. */
export interface InProcessResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/**
 * Invokes `handler` in this process with the payload 2.0 event and Lambda context the local
 * runner would build for the request (same event builder, same context), and renders its result
 * as the HTTP response.
 *
 * @throws when the target matches no route, or the handler's result is not a valid response.
 */
export async function invokeInProcess(handler: HttpLambdaHandler, request: InProcessRequest): Promise<InProcessResponse> {
  const queryAt = request.target.indexOf('?');
  const match = matchRoute(routes, request.method, queryAt === -1 ? request.target : request.target.slice(0, queryAt));
  if (match.kind !== 'found') throw new Error(`no route for ${request.method} ${request.target}`);
  const rawHeaders = ['x-caller-id', request.caller];
  if (request.key !== undefined) rawHeaders.push('idempotency-key', request.key);
  let body = Buffer.alloc(0);
  if (request.body !== undefined) {
    rawHeaders.push('content-type', 'application/json');
    body = Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body), 'utf8');
  }
  const requestId = randomUUID();
  const event = apiGatewayEvent(
    { method: request.method, target: request.target, rawHeaders, body, sourceIp: '127.0.0.1', httpVersion: '1.1' },
    { route: match.route, pathParameters: match.pathParameters, requestId, timeEpoch: Date.now() },
  );
  const context = lambdaContext({
    functionName: `in-process-${match.route.id}`,
    memoryMb: match.route.memoryMb,
    awsRequestId: requestId,
    deadline: Date.now() + (request.timeoutMs ?? 10_000),
    instance: 1,
  });
  const response = httpResponseOf(await handler(event, context));
  if (response === undefined) throw new Error('the handler returned a malformed response');
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text: response.body.toString('utf8'),
  };
}
