/**
 * One table's secondary indexes, maintained on every item change: the table owns them, and
 * `Table.write` calls {@link TableIndexes.apply} for every change, transactions included.
 */
import type { PrimaryKeySchema } from './primary-key.js';
import { SecondaryIndex, type IndexEntry } from './secondary-index.js';
import type { StoredItem } from './stored-item.js';
import type { SecondaryIndexDefinition, TableDefinition } from './table-definition.js';

/** What one table write did to one index's entry for the item. */
export interface IndexWrite {
  readonly index: SecondaryIndex;
  readonly before: IndexEntry | undefined;
  readonly after: IndexEntry | undefined;
}

/** One table's indexes by name. */
export class TableIndexes {
  readonly #byName = new Map<string, SecondaryIndex>();

  constructor(definition: TableDefinition, primaryKey: PrimaryKeySchema) {
    for (const index of definition.globalSecondaryIndexes) {
      this.#byName.set(index.IndexName, new SecondaryIndex(index, 'global', primaryKey, definition.attributeDefinitions));
    }
    for (const index of definition.localSecondaryIndexes) {
      this.#byName.set(index.IndexName, new SecondaryIndex(index, 'local', primaryKey, definition.attributeDefinitions));
    }
  }

  /** The indexes by name. */
  get byName(): ReadonlyMap<string, SecondaryIndex> {
    return this.#byName;
  }

  /**
   * Adds a global index and fills it from the table's items (UpdateTable's backfill). Items
   * whose index key has the wrong type are left out, as DynamoDB's backfill does.
   */
  addGlobal(definition: SecondaryIndexDefinition, tableDefinition: TableDefinition, primaryKey: PrimaryKeySchema, items: Iterable<StoredItem>): void {
    const index = new SecondaryIndex(definition, 'global', primaryKey, tableDefinition.attributeDefinitions);
    for (const stored of items) index.update(undefined, stored);
    this.#byName.set(definition.IndexName, index);
  }

  /** Drops an index and its entries. */
  remove(name: string): void {
    this.#byName.delete(name);
  }

  /** True when the table has at least one index. */
  get any(): boolean {
    return this.#byName.size > 0;
  }

  /**
   * Checks an item about to be written against every index's key types.
   * @throws DynamoDBError ValidationException as DynamoDB words it.
   */
  checkItem(item: StoredItem['item']): void {
    for (const index of this.#byName.values()) index.checkItem(item);
  }

  /**
   * Moves the item's entries from `previous` to `next` in every index.
   * @returns per index, the entry before and after (for index write capacity).
   */
  apply(previous: StoredItem | undefined, next: StoredItem | undefined): IndexWrite[] {
    const writes: IndexWrite[] = [];
    for (const index of this.#byName.values()) writes.push({ index, ...index.update(previous, next) });
    return writes;
  }
}
