/**
 * The TTL sweep: deletes items whose time-to-live attribute (a Number of epoch seconds) lies in
 * the past, on tables whose TTL is enabled. Until a sweep runs, expired items stay readable, as
 * on AWS, where deletion happens in the background some time after expiry.
 */
import type { TableChange, TableStore } from './table-store.js';

/** DynamoDB ignores TTL values more than five years in the past (they are likely not epochs). */
const ignoredAgeSeconds = 5 * 365 * 24 * 60 * 60;

/**
 * Deletes every expired item of every TTL-enabled table, in one batch of changes.
 * @param nowMs the clock, in milliseconds since the epoch.
 * @returns the number of items deleted.
 */
export function sweepExpiredItems(tables: TableStore, nowMs: number): number {
  const nowSeconds = nowMs / 1000;
  const changes: TableChange[] = [];
  for (const name of tables.names()) {
    const table = tables.find(name);
    const ttl = table?.timeToLive;
    if (table === undefined || ttl?.enabled !== true) continue;
    for (const stored of table.all()) {
      const value = stored.item[ttl.attributeName];
      if (value === undefined || !('N' in value)) continue;
      const expiry = Number(value.N);
      if (!Number.isFinite(expiry) || expiry > nowSeconds || expiry < nowSeconds - ignoredAgeSeconds) continue;
      changes.push({ table, change: { kind: 'delete', previous: stored } });
    }
  }
  tables.apply(changes, undefined, { expired: true });
  return changes.length;
}
