/**
 * One table: its definition as CreateTable accepted it, and its items. Items live in a
 * `Map` keyed by the canonical key string (O(1) GetItem/PutItem); a table with a range key also
 * keeps, per partition, its items sorted by range key for Query.
 *
 * Every change of items goes through {@link Table.write}, the one place where part two hooks
 * secondary index maintenance and the durable log.
 */
import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '../values/attribute-value.js';
import type { KeyType, PrimaryKeySchema } from './primary-key.js';
import { SortedPartition, type RangeComparator } from './sorted-partition.js';
import { tableIndexes, type IndexWrite } from './table-indexes.js';
import type { StoredItem } from './stored-item.js';

/** An attribute definition of CreateTable. */
export interface AttributeDefinition {
  readonly AttributeName: string;
  readonly AttributeType: KeyType;
}

/** A key schema element of CreateTable. */
export interface KeySchemaElement {
  readonly AttributeName: string;
  readonly KeyType: 'HASH' | 'RANGE';
}

/** A secondary index projection. */
export interface Projection {
  readonly ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly NonKeyAttributes?: readonly string[];
}

/** Provisioned read and write capacity. */
export interface ProvisionedThroughput {
  readonly ReadCapacityUnits: number;
  readonly WriteCapacityUnits: number;
}

/** A secondary index as declared in CreateTable. */
export interface SecondaryIndexDefinition {
  readonly IndexName: string;
  readonly KeySchema: readonly KeySchemaElement[];
  readonly Projection: Projection;
  readonly ProvisionedThroughput?: ProvisionedThroughput;
}

/** Everything CreateTable fixed about a table. */
export interface TableDefinition {
  readonly name: string;
  readonly attributeDefinitions: readonly AttributeDefinition[];
  readonly keySchema: readonly KeySchemaElement[];
  readonly billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  readonly provisionedThroughput: ProvisionedThroughput;
  readonly globalSecondaryIndexes: readonly SecondaryIndexDefinition[];
  readonly localSecondaryIndexes: readonly SecondaryIndexDefinition[];
  readonly deletionProtectionEnabled: boolean;
}

/** The table's time-to-live setting. */
export interface TimeToLive {
  readonly attributeName: string;
  readonly enabled: boolean;
}

/** One change of one item: the new record, or the removal of the record with this identity. */
export type ItemChange =
  | { readonly kind: 'put'; readonly stored: StoredItem }
  | { readonly kind: 'delete'; readonly previous: StoredItem };

/** The account and region every ARN of this engine names. */
export const engineRegion = 'us-east-1';
export const engineAccount = '000000000000';

function keyTypeOf(definitions: readonly AttributeDefinition[], name: string): KeyType {
  const definition = definitions.find((d) => d.AttributeName === name);
  if (definition === undefined) throw new Error(`Key attribute ${name} has no definition`);
  return definition.AttributeType;
}

/** The primary key schema of a validated key schema. */
export function primaryKeyOf(keySchema: readonly KeySchemaElement[], definitions: readonly AttributeDefinition[]): PrimaryKeySchema {
  const hash = keySchema.find((k) => k.KeyType === 'HASH');
  const range = keySchema.find((k) => k.KeyType === 'RANGE');
  if (hash === undefined) throw new Error('Key schema without a HASH key');
  const hashKey = { name: hash.AttributeName, type: keyTypeOf(definitions, hash.AttributeName) };
  return range === undefined ? { hash: hashKey } : { hash: hashKey, range: { name: range.AttributeName, type: keyTypeOf(definitions, range.AttributeName) } };
}

const noIndexWrites: readonly IndexWrite[] = [];

/** A table and its items. */
export class Table {
  readonly primaryKey: PrimaryKeySchema;
  readonly tableId = randomUUID();
  readonly arn: string;
  /** Seconds since the epoch, as DynamoDB reports CreationDateTime. */
  readonly createdAt = Date.now() / 1000;
  timeToLive: TimeToLive | undefined;
  private readonly items = new Map<string, StoredItem>();
  private readonly partitions: Map<string, SortedPartition> | undefined;
  private bytes = 0;

  constructor(
    readonly definition: TableDefinition,
    private readonly compareRange: RangeComparator,
  ) {
    this.primaryKey = primaryKeyOf(definition.keySchema, definition.attributeDefinitions);
    this.arn = `arn:aws:dynamodb:${engineRegion}:${engineAccount}:table/${definition.name}`;
    this.partitions = this.primaryKey.range === undefined ? undefined : new Map();
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

  /** Every item, in no particular order (Scan's order is part two's concern). */
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
    const indexes = tableIndexes(this);
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
    const indexes = tableIndexes(this);
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
