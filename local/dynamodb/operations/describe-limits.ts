/**
 * DescribeLimits: DynamoDB's default provisioned-capacity quotas for an account in us-east-1
 * (the engine enforces none of them).
 */

/** The account's and each table's maximum provisioned capacity. */
export function describeLimits(): Record<string, number> {
  return {
    AccountMaxReadCapacityUnits: 80_000,
    AccountMaxWriteCapacityUnits: 80_000,
    TableMaxReadCapacityUnits: 40_000,
    TableMaxWriteCapacityUnits: 40_000,
  };
}
