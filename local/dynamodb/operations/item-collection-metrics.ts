/**
 * ItemCollectionMetrics (ReturnItemCollectionMetrics: SIZE): for a table with local secondary
 * indexes, the item collection a write touched (all items sharing its partition key) and an
 * estimate of its size, which DynamoDB limits to 10 GB on such tables.
 */
import type { ActionTarget } from './write-actions.js';
import type { Item } from '../values/attribute-value.js';

/** One entry of ItemCollectionMetrics. */
export interface ItemCollectionMetrics {
  readonly ItemCollectionKey: Item;
  /** Lower and upper bound, in GB. */
  readonly SizeEstimateRangeGB: readonly [number, number];
}

const bytesPerGB = 1024 ** 3;

/** `response` with the ItemCollectionMetrics of `target`'s collection, when its table has any. */
export function withItemCollectionMetrics<R extends object>(response: R, target: ActionTarget): R & { ItemCollectionMetrics?: ItemCollectionMetrics } {
  const metrics = itemCollectionMetrics(target);
  return metrics === undefined ? response : { ...response, ItemCollectionMetrics: metrics };
}

/**
 * ItemCollectionMetrics of a multi-item write (BatchWriteItem, TransactWriteItems): per table
 * with local secondary indexes, one entry per item written; undefined when no table has any.
 */
export function collectionMetricsByTable(targets: readonly ActionTarget[]): Record<string, ItemCollectionMetrics[]> | undefined {
  let byTable: Record<string, ItemCollectionMetrics[]> | undefined;
  for (const target of targets) {
    const metrics = itemCollectionMetrics(target);
    if (metrics === undefined) continue;
    byTable ??= {};
    (byTable[target.table.name] ??= []).push(metrics);
  }
  return byTable;
}

/**
 * The metrics of the collection `target` belongs to, after the write; undefined for a table
 * without local secondary indexes (DynamoDB returns none for those).
 */
export function itemCollectionMetrics(target: ActionTarget): ItemCollectionMetrics | undefined {
  const { table, key } = target;
  let bytes = 0;
  let hasLocalIndex = false;
  for (const index of table.indexes.byName.values()) {
    if (index.scope !== 'local') continue;
    hasLocalIndex = true;
    for (const entry of index.partition(key.partition)) bytes += entry.size;
  }
  if (!hasLocalIndex) return undefined;
  for (const stored of table.partition(key.partition)?.entries ?? []) bytes += stored.size;
  const hashName = table.primaryKey.hash.name;
  const hashValue = key.key[hashName];
  // DynamoDB gives a range, not a figure ("do not rely on the precision"); the engine's range is
  // the whole gigabytes the collection has reached and the next one, so [0, 1] below 1 GB.
  const lower = Math.floor(bytes / bytesPerGB);
  return {
    ItemCollectionKey: hashValue === undefined ? {} : { [hashName]: hashValue },
    SizeEstimateRangeGB: [lower, lower + 1],
  };
}
