import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import type { RouteDefinition } from '../../infra/definitions/routes.js';

/** The parts of an HTTP request the event is made of. */
export interface LocalHttpRequest {
  readonly method: string;
  /** The request target as received, e.g. `/accounts/a1/ledger?limit=5`. */
  readonly target: string;
  /** Node's `rawHeaders`: names and values alternating, duplicates kept, as sent. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly httpVersion: string;
}

/** Where the request was routed. */
export interface RoutedRequest {
  /** The route template that matched; only its method and path make the `routeKey`. */
  readonly route: Pick<RouteDefinition, 'path'> & { readonly method: string };
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly requestId: string;
  /** Epoch milliseconds at which API Gateway received the request. */
  readonly timeEpoch: number;
  /**
   * The IAM principal that signed the request. @default the local stand-in named by
   * `X-Caller-Id` ({@link localCaller}), as the local runner does
   */
  readonly caller?: IamCaller;
}

/** The IAM principal API Gateway puts in `requestContext.authorizer.iam`. */
export interface IamCaller {
  /** The caller's AWS account. @default {@link localAccountId} */
  readonly accountId?: string;
  readonly callerId: string;
  readonly userArn: string;
  /**
   * The principal's unique id: `AIDA…` for a user, `AROA…:<session>` for an assumed role.
   * With `accountId`, what the handlers read as the caller's identity (never the ARN).
   */
  readonly userId: string;
}

/** The header that names the caller locally; in AWS the IAM signature does. */
export const callerHeader = 'x-caller-id';
/** The caller when the request names none. */
export const defaultCallerId = 'local-dev';
/** The AWS account the local stand-in pretends to be. */
export const localAccountId = '000000000000';

// API Gateway passes these media types to Lambda as text; every other body is base64-encoded.
const textMediaType = /^(text\/|application\/([\w.+-]*\+)?(json|xml|x-www-form-urlencoded|javascript)\b)/i;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Builds the API Gateway HTTP API (payload format 2.0) event Lambda would receive for this
 * request with IAM authorization: headers lower-cased with duplicates joined by commas, cookies
 * split out, query parameters decoded (duplicates joined by commas), path parameters from the
 * route template, and `requestContext.authorizer.iam` naming the caller (from `X-Caller-Id`
 * unless `routed.caller` names one). The runner, the in-process invoker and the tests all build
 * their events here.
 */
export function apiGatewayEvent(request: LocalHttpRequest, routed: RoutedRequest): APIGatewayProxyEventV2WithIAMAuthorizer {
  const queryAt = request.target.indexOf('?');
  const rawPath = queryAt === -1 ? request.target : request.target.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : request.target.slice(queryAt + 1);

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? '').toLowerCase();
    const value = request.rawHeaders[i + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((c) => c.trim()).filter((c) => c !== ''));
      continue;
    }
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous},${value}`;
  }

  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const previous = query[name];
    query[name] = previous === undefined ? value : `${previous},${value}`;
  }

  const caller = routed.caller ?? localCaller(headers[callerHeader]?.trim() || defaultCallerId);
  const routeKey = `${routed.route.method} ${routed.route.path}`;
  const contentType = headers['content-type'] ?? '';
  const hasBody = request.body.length > 0;
  const asText = !hasBody || contentType === '' || textMediaType.test(contentType);

  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(routed.pathParameters).length > 0 ? { pathParameters: { ...routed.pathParameters } } : {}),
    requestContext: {
      accountId: localAccountId,
      apiId: 'local',
      authorizer: {
        iam: {
          accessKey: 'ASIALOCALACCESSKEY00',
          accountId: caller.accountId ?? localAccountId,
          callerId: caller.callerId,
          cognitoIdentity: null,
          principalOrgId: '',
          userArn: caller.userArn,
          userId: caller.userId,
        },
      },
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: routed.requestId,
      routeKey,
      stage: '$default',
      time: clfTime(routed.timeEpoch),
      timeEpoch: routed.timeEpoch,
    },
    ...(hasBody ? { body: asText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: !asText,
  };
}

/** The IAM user of the local account that a caller name stands for. */
export function localCaller(callerId: string): IamCaller {
  return { callerId, userArn: `arn:aws:iam::${localAccountId}:user/${callerId}`, userId: callerId };
}

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()] ?? ''}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
