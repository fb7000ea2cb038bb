/**
 * What the service knows of an account at one version. `ownerId`, `currency` and `createdAt`
 * never change; `balance` and `version` change together in every money movement.
 */
export interface AccountSnapshot {
  readonly accountId: string;
  /** The caller (IAM user ARN) that created the account. */
  readonly ownerId: string;
  /** ISO 4217 code of the account's currency. */
  readonly currency: string;
  /** Minor units; never negative. */
  readonly balance: number;
  /** Number of ledger entries the account has; the seq of its newest entry. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

// Ids are opaque to clients; the shape below is what `newId('acct')` mints, and anything else in
// a path cannot name an account (so it is answered 404 without touching DynamoDB).
const accountIdPattern = /^acct_[0-9a-f]{32}$/;

/** True when `value` has the shape of an account id this service issues. */
export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && accountIdPattern.test(value);
}
