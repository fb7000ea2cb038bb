/**
 * One secondary index (global or local) of a table: its key schema, its projection, and its
 * entries, kept per index partition in (index range key, table key) order so Query can walk
 * them like a table partition. An item lacking either index key attribute is not in the index.
 */
import { validationError } from '../errors.js';
import type { AttributeValue, Item } from '../values/attribute-value.js';
import { compareValues } from '../values/compare-values.js';
import { itemSize } from '../values/item-size.js';
import { resolveItemKey, type KeyType, type PrimaryKeySchema } from './primary-key.js';
import type { StoredItem } from './stored-item.js';
import { primaryKeyOf, type AttributeDefinition, type SecondaryIndexDefinition } from './table-definition.js';

/** An item as one index holds it. */
export interface IndexEntry extends StoredItem {
  /** The item's identity in the table (not unique in the index: index keys may repeat). */
  readonly id: string;
  /** The index partition (canonical index hash key). */
  readonly partition: string;
  /** The index range key, when the index has one. */
  readonly rangeValue?: AttributeValue;
  /** The projected attributes. */
  readonly item: Item;
  /** Size of the projected attributes, as read capacity counts index reads. */
  readonly size: number;
  /** The whole table item (a local index fetches unprojected attributes from it). */
  readonly tableItem: StoredItem;
}

/** Orders entries of one partition: by index range key, then by table item identity. */
export function compareEntries(a: { rangeValue?: AttributeValue; id: string }, b: { rangeValue?: AttributeValue; id: string }): number {
  if (a.rangeValue !== undefined && b.rangeValue !== undefined) {
    const byRange = compareValues(a.rangeValue, b.rangeValue);
    if (byRange !== 0) return byRange;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function valueType(value: AttributeValue): string {
  return Object.keys(value)[0] ?? '';
}

/** A secondary index and its entries. */
export class SecondaryIndex {
  readonly name: string;
  readonly scope: 'global' | 'local';
  readonly keySchema: PrimaryKeySchema;
  readonly projectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  /** Attributes every entry carries: the table's key, the index's key, and INCLUDE's list. */
  readonly #projected: ReadonlySet<string> | undefined;
  readonly #partitions = new Map<string, IndexEntry[]>();
  #count = 0;
  #bytes = 0;

  constructor(definition: SecondaryIndexDefinition, scope: 'global' | 'local', tableKey: PrimaryKeySchema, attributes: readonly AttributeDefinition[]) {
    this.name = definition.IndexName;
    this.scope = scope;
    this.keySchema = primaryKeyOf(definition.KeySchema, attributes);
    this.projectionType = definition.Projection.ProjectionType ?? 'ALL';
    if (this.projectionType === 'ALL') {
      this.#projected = undefined;
    } else {
      const names = [tableKey.hash.name, this.keySchema.hash.name];
      if (tableKey.range !== undefined) names.push(tableKey.range.name);
      if (this.keySchema.range !== undefined) names.push(this.keySchema.range.name);
      if (this.projectionType === 'INCLUDE') names.push(...(definition.Projection.NonKeyAttributes ?? []));
      this.#projected = new Set(names);
    }
  }

  /** Number of entries. */
  get itemCount(): number {
    return this.#count;
  }

  /** Total size of the entries' projected attributes. */
  get sizeBytes(): number {
    return this.#bytes;
  }

  /** The entries of one index partition, in order (empty when none). */
  partition(partition: string): readonly IndexEntry[] {
    return this.#partitions.get(partition) ?? [];
  }

  /** Every entry, partition by partition, in no particular partition order. */
  *entries(): IterableIterator<IndexEntry> {
    for (const entries of this.#partitions.values()) yield* entries;
  }

  /**
   * Checks that the item's index key attributes, when present, have the declared types and are
   * not empty: DynamoDB refuses such a write rather than leave the item out of the index.
   * @throws DynamoDBError ValidationException with DynamoDB's message.
   */
  checkItem(item: Item): void {
    for (const attribute of [this.keySchema.hash, this.keySchema.range]) {
      if (attribute === undefined) continue;
      const value = item[attribute.name];
      if (value === undefined) continue;
      const actual = valueType(value);
      if (actual !== attribute.type) {
        throw validationError(
          `One or more parameter values were invalid: Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${actual} IndexName: ${this.name}`,
        );
      }
      if (attribute.type !== 'N' && scalarText(value, attribute.type) === '') {
        throw validationError(
          `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${attribute.type === 'S' ? 'string' : 'binary'} value. IndexName: ${this.name}, IndexKey: ${attribute.name}`,
        );
      }
    }
  }

  /**
   * True when the item's index key attributes, if present, have the declared types and are not
   * empty. Writes of other items are refused ({@link checkItem}); an item that was already in the
   * table when the index was added is simply left out of it, as DynamoDB's backfill does.
   */
  accepts(item: Item): boolean {
    for (const attribute of [this.keySchema.hash, this.keySchema.range]) {
      if (attribute === undefined) continue;
      const value = item[attribute.name];
      if (value === undefined) continue;
      if (valueType(value) !== attribute.type) return false;
      if (attribute.type !== 'N' && scalarText(value, attribute.type) === '') return false;
    }
    return true;
  }

  /** The entry this table item makes, or undefined when it lacks an index key attribute. */
  entryFor(stored: StoredItem): IndexEntry | undefined {
    const { hash, range } = this.keySchema;
    if (stored.item[hash.name] === undefined) return undefined;
    if (range !== undefined && stored.item[range.name] === undefined) return undefined;
    if (!this.accepts(stored.item)) return undefined;
    const key = resolveItemKey(this.keySchema, stored.item);
    const item = this.#project(stored.item);
    return {
      id: stored.id,
      partition: key.partition,
      ...(key.rangeValue === undefined ? {} : { rangeValue: key.rangeValue }),
      item,
      size: item === stored.item ? stored.size : itemSize(item),
      tableItem: stored,
    };
  }

  /**
   * Replaces the entry of `previous` (if any) by the entry of `next` (if any).
   * @returns the old and new entries, for index write capacity.
   */
  update(previous: StoredItem | undefined, next: StoredItem | undefined): { before: IndexEntry | undefined; after: IndexEntry | undefined } {
    const before = previous === undefined ? undefined : this.#remove(previous);
    const after = next === undefined ? undefined : this.entryFor(next);
    if (after !== undefined) this.#insert(after);
    return { before, after };
  }

  /** Drops every entry. */
  clear(): void {
    this.#partitions.clear();
    this.#count = 0;
    this.#bytes = 0;
  }

  #project(item: Item): Item {
    const projected = this.#projected;
    if (projected === undefined) return item;
    const result: Record<string, AttributeValue> = {};
    for (const name of projected) {
      const value = item[name];
      if (value !== undefined) result[name] = value;
    }
    return result;
  }

  #insert(entry: IndexEntry): void {
    let entries = this.#partitions.get(entry.partition);
    if (entries === undefined) {
      entries = [];
      this.#partitions.set(entry.partition, entries);
    }
    entries.splice(lowerBound(entries, entry), 0, entry);
    this.#count += 1;
    this.#bytes += entry.size;
  }

  #remove(previous: StoredItem): IndexEntry | undefined {
    const old = this.entryFor(previous);
    if (old === undefined) return undefined;
    const entries = this.#partitions.get(old.partition);
    if (entries === undefined) return undefined;
    const index = lowerBound(entries, old);
    const found = entries[index];
    if (found?.id !== old.id) return undefined;
    entries.splice(index, 1);
    if (entries.length === 0) this.#partitions.delete(old.partition);
    this.#count -= 1;
    this.#bytes -= found.size;
    return found;
  }
}

function scalarText(value: AttributeValue, type: KeyType): string | undefined {
  if (type === 'S') return 'S' in value ? value.S : undefined;
  if (type === 'B') return 'B' in value ? value.B : undefined;
  return 'N' in value ? value.N : undefined;
}

function lowerBound(entries: readonly IndexEntry[], target: IndexEntry): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const entry = entries[middle];
    if (entry !== undefined && compareEntries(entry, target) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
