/**
 * One table: its definition as CreateTable accepted it, and its items. Items live in a
 * `Map` keyed by the canonical key string (O(1) GetItem/PutItem); a table with a range key also
 * keeps, per partition, its items sorted by range key for Query.
 *
 * Every change of items goes through {@link Table.write}, which keeps the table's secondary
 * indexes current.
 */
import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '../values/attribute-value.js';
import type { PrimaryKeySchema } from './primary-key.js';
import { SortedPartition, type RangeComparator } from './sorted-partition.js';
import type { StoredItem } from './stored-item.js';
import type { TableStream } from '../streams/table-stream.js';
import { primaryKeyOf, type TableDefinition } from './table-definition.js';
import { TableIndexes, type IndexWrite } from './table-indexes.js';
import { TableLifecycle } from './table-lifecycle.js';
import { ThroughputHistory } from './throughput-history.js';

/** The table's time-to-live setting. */
export interface TimeToLive {
  readonly attributeName: string;
  readonly enabled: boolean;
}

/** The table's point-in-time recovery setting (recorded only: the engine keeps no backups). */
export interface PointInTimeRecovery {
  /** Seconds since the epoch when it was enabled. */
  readonly enabledAt: number;
  readonly recoveryPeriodInDays: number;
}

/** One change of one item: the new record, or the removal of the record with this identity. */
export type ItemChange =
  | { readonly kind: 'put'; readonly stored: StoredItem }
  | { readonly kind: 'delete'; readonly previous: StoredItem };

/** The account and region every ARN of this engine names. */
export const engineRegion = 'us-east-1';
export const engineAccount = '000000000000';

const noIndexWrites: readonly IndexWrite[] = [];

/** A table and its items. */
export class Table {
  readonly primaryKey: PrimaryKeySchema;
  readonly tableId = randomUUID();
  readonly arn: string;
  /** Seconds since the epoch, as DynamoDB reports CreationDateTime. */
  readonly createdAt = Date.now() / 1000;
  timeToLive: TimeToLive | undefined;
  /** Enabled point-in-time recovery, or undefined when it is off. */
  pointInTimeRecovery: PointInTimeRecovery | undefined;
  /** Tags by key, in the order they were first set. */
  readonly tags = new Map<string, string>();
  /** Seconds since the epoch of the last switch to PAY_PER_REQUEST (or creation as such). */
  lastUpdateToPayPerRequest: number | undefined;
  /** The table's secondary indexes, kept current by {@link Table.write}. */
  readonly indexes: TableIndexes;
  /** Changes made by UpdateTable that still report a transitional status. */
  readonly lifecycle = new TableLifecycle();
  /** When the table's and its global indexes' throughput last changed. */
  readonly throughputHistory = new ThroughputHistory();
  #definition: TableDefinition;
  /** The enabled stream every change is recorded on, if any (set by the engine's StreamStore). */
  stream: TableStream | undefined;
  /** The newest stream the table ever had, enabled or not: what its description names. */
  latestStream: TableStream | undefined;
  private readonly items = new Map<string, StoredItem>();
  private readonly partitions: Map<string, SortedPartition> | undefined;
  private bytes = 0;

  constructor(
    definition: TableDefinition,
    private readonly compareRange: RangeComparator,
  ) {
    this.#definition = definition;
    if (definition.billingMode === 'PAY_PER_REQUEST') this.lastUpdateToPayPerRequest = this.createdAt;
    this.primaryKey = primaryKeyOf(definition.keySchema, definition.attributeDefinitions);
    this.arn = `arn:aws:dynamodb:${engineRegion}:${engineAccount}:table/${definition.name}`;
    this.partitions = this.primaryKey.range === undefined ? undefined : new Map();
    this.indexes = new TableIndexes(definition, this.primaryKey);
  }

  /** What CreateTable, and every UpdateTable since, fixed about the table. */
  get definition(): TableDefinition {
    return this.#definition;
  }

  /**
   * Replaces the table's definition (UpdateTable). A global index that is new is created and
   * backfilled from the items at once; one that is gone is dropped with its entries.
   */
  redefine(next: TableDefinition): void {
    const before = new Set(this.#definition.globalSecondaryIndexes.map((index) => index.IndexName));
    const after = new Set(next.globalSecondaryIndexes.map((index) => index.IndexName));
    for (const name of before) if (!after.has(name)) this.indexes.remove(name);
    this.#definition = next;
    for (const index of next.globalSecondaryIndexes) {
      if (!before.has(index.IndexName)) this.indexes.addGlobal(index, next, this.primaryKey, this.items.values());
    }
  }

  /** The table's name. */
  get name(): string {
    return this.definition.name;
  }

  /** Number of items. */
  get itemCount(): number {
    return this.items.size;
  }

  /** Total size of the items in bytes. */
  get sizeBytes(): number {
    return this.bytes;
  }

  /** The item with this canonical identity, if any. */
  get(id: string): StoredItem | undefined {
    return this.items.get(id);
  }

  /** Every item, in no particular order (Scan orders them itself). */
  all(): IterableIterator<StoredItem> {
    return this.items.values();
  }

  /**
   * A partition's items sorted by range key, or undefined for a hash-only table or an empty
   * partition.
   */
  partition(partition: string): SortedPartition | undefined {
    return this.partitions?.get(partition);
  }

  /**
   * Applies one change, secondary indexes included. Synchronous: callers rely on nothing
   * interleaving with it.
   * @returns what the change did to each index (empty for a table without indexes).
   */
  write(change: ItemChange): readonly IndexWrite[] {
    return change.kind === 'put' ? this.put(change.stored) : this.delete(change.previous);
  }

  private put(stored: StoredItem): readonly IndexWrite[] {
    const previous = this.items.get(stored.id);
    const indexes = this.indexes;
    const writes = indexes.any ? indexes.apply(previous, stored) : noIndexWrites;
    if (previous !== undefined) this.bytes -= previous.size;
    this.items.set(stored.id, stored);
    this.bytes += stored.size;
    if (this.partitions !== undefined) {
      let partition = this.partitions.get(stored.partition);
      if (partition === undefined) {
        partition = new SortedPartition(this.compareRange);
        this.partitions.set(stored.partition, partition);
      }
      partition.put(stored);
    }
    return writes;
  }

  private delete(previous: StoredItem): readonly IndexWrite[] {
    const existing = this.items.get(previous.id);
    if (existing === undefined) return noIndexWrites;
    const indexes = this.indexes;
    const writes = indexes.any ? indexes.apply(existing, undefined) : noIndexWrites;
    this.items.delete(previous.id);
    this.bytes -= existing.size;
    const range: AttributeValue | undefined = existing.rangeValue;
    if (this.partitions !== undefined && range !== undefined) {
      const partition = this.partitions.get(existing.partition);
      partition?.delete(range);
      if (partition?.size === 0) this.partitions.delete(existing.partition);
    }
    return writes;
  }
}
