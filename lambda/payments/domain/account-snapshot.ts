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
