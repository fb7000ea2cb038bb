// Ids are opaque to clients; the shape below is what `newId('acct')` mints, and anything else in
// a path cannot name an account (so it is answered 404 without touching DynamoDB).
const accountIdPattern = /^acct_[0-9a-f]{32}$/;

/** True when `value` has the shape of an account id this service issues. */
export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && accountIdPattern.test(value);
}
