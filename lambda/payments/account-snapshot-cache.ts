import type { AccountSnapshot } from './domain/account-snapshot.js';
import { BoundedCache } from './bounded-cache.js';

/**
 * Instance-local snapshots of accounts (accountId -> version, balance, currency, owner), fed by
 * reads and by committed transactions. A snapshot may be stale: every movement is conditioned on
 * its version, and a failed condition returns the fresh item. @default 10_000 entries
 */
export class AccountSnapshotCache extends BoundedCache<AccountSnapshot> {
  constructor(maxEntries = 10_000) {
    super(maxEntries, (candidate, current) => candidate.version >= current.version);
  }
}
