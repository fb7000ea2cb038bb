import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { unauthenticatedProblem } from './problem.js';

/**
 * The caller of an HTTP API request: `<accountId>:<principal unique id>`, from the IAM
 * authorizer context API Gateway puts in the request (the local runner fills the same fields
 * from the `X-Caller-Id` header, so handlers never read that header themselves).
 *
 * Not the ARN: the ARN of an assumed role ends in the session name, which whoever assumes the
 * role chooses, and a user deleted and re-created under the same name gets the same ARN. The
 * unique id (`AIDA…` for a user, `AROA…` for a role) is IAM's own and never reused; for an
 * assumed role `userId` is `AROA…:<session>`, and only the role's part is kept, so every session
 * of one role is one caller. Unique ids are unique within AWS, and the account id is kept beside
 * them so that a caller also says which account it belongs to.
 *
 * @throws Problem 401 `unauthenticated` when the request context has no IAM caller.
 */
export function callerOf(event: APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithIAMAuthorizer): string {
  // The plain v2 event type declares no authorizer; read the field structurally.
  const authorizer: unknown = 'authorizer' in event.requestContext ? event.requestContext.authorizer : undefined;
  const iam = isRecord(authorizer) && isRecord(authorizer.iam) ? authorizer.iam : undefined;
  const accountId = iam?.accountId;
  const userId = iam?.userId;
  if (typeof accountId !== 'string' || accountId === '' || typeof userId !== 'string' || userId === '') throw unauthenticatedProblem();
  const principalId = principalIdOf(userId);
  if (principalId === '') throw unauthenticatedProblem();
  return callerIdentity(accountId, principalId);
}

/** The caller string of a principal: what `callerOf` answers, and what owns accounts and payments. */
export function callerIdentity(accountId: string, principalId: string): string {
  return `${accountId}:${principalId}`;
}

/** `AROA…:session` → `AROA…`; a user's `AIDA…` as is. */
function principalIdOf(userId: string): string {
  const colon = userId.indexOf(':');
  return colon === -1 ? userId : userId.slice(0, colon);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
