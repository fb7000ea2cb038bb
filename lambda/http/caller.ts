import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { unauthenticatedProblem } from './problem.js';

/**
 * The caller of an HTTP API request: the IAM principal's ARN that API Gateway's IAM
 * authorization put in the request context. The local runner fills the same field from the
 * `X-Caller-Id` header, so handlers never read that header themselves.
 *
 * @throws Problem 401 `unauthenticated` when the request context has no IAM caller.
 */
export function callerOf(event: APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithIAMAuthorizer): string {
  // The plain v2 event type declares no authorizer; read the field structurally.
  const authorizer: unknown = 'authorizer' in event.requestContext ? event.requestContext.authorizer : undefined;
  const userArn = isRecord(authorizer) && isRecord(authorizer.iam) ? authorizer.iam.userArn : undefined;
  if (typeof userArn !== 'string' || userArn === '') throw unauthenticatedProblem();
  return userArn;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
