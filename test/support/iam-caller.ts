import { callerIdentity } from '../../lambda/http/caller.js';
import { localAccountId, type IamCaller } from '../../local/http/api-gateway-event.js';

/** The caller identity (`callerOf`'s answer) of an IAM user of the local account. */
export function localIdentity(userId: string): string {
  return callerIdentity(localAccountId, userId);
}

/**
 * The IAM user whose requests `callerOf` reads as `identity` (`<accountId>:<unique id>`), as
 * API Gateway's IAM authorizer context names it; `''` is a context with empty ids.
 */
export function iamUserOf(identity: string): IamCaller {
  if (identity === '') return { accountId: '', callerId: '', userId: '', userArn: '' };
  const colon = identity.indexOf(':');
  if (colon <= 0 || identity.includes(':', colon + 1)) throw new Error(`iamUserOf: "${identity}" is not <accountId>:<unique id>`);
  const accountId = identity.slice(0, colon);
  const userId = identity.slice(colon + 1);
  return { accountId, callerId: userId, userId, userArn: `arn:aws:iam::${accountId}:user/${userId}` };
}
