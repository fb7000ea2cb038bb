/**
 * The secondary indexes of each table, maintained on every item change. Kept beside the table
 * (keyed by it) so the table's own storage stays as it is; {@link Table.write} calls
 * {@link tableIndexes}(table).apply(...) for every change, transactions included.
 */
import { SecondaryIndex, type IndexEntry } from './secondary-index.js';
import type { StoredItem } from './stored-item.js';
import type { Table } from './table.js';

/** What one table write did to one index's entry for the item. */
export interface IndexWrite {
  readonly index: SecondaryIndex;
  readonly before: IndexEntry | undefined;
  readonly after: IndexEntry | undefined;
}

/** One table's indexes by name. */
export class TableIndexes {
  readonly byName: ReadonlyMap<string, SecondaryIndex>;

  constructor(table: Table) {
    const { definition, primaryKey } = table;
    const indexes = new Map<string, SecondaryIndex>();
    for (const index of definition.globalSecondaryIndexes) {
      indexes.set(index.IndexName, new SecondaryIndex(index, 'global', primaryKey, definition.attributeDefinitions));
    }
    for (const index of definition.localSecondaryIndexes) {
      indexes.set(index.IndexName, new SecondaryIndex(index, 'local', primaryKey, definition.attributeDefinitions));
    }
    this.byName = indexes;
  }

  /** True when the table has at least one index. */
  get any(): boolean {
    return this.byName.size > 0;
  }

  /**
   * Checks an item about to be written against every index's key types.
   * @throws DynamoDBError ValidationException as DynamoDB words it.
   */
  checkItem(item: StoredItem['item']): void {
    for (const index of this.byName.values()) index.checkItem(item);
  }

  /**
   * Moves the item's entries from `previous` to `next` in every index.
   * @returns per index, the entry before and after (for index write capacity).
   */
  apply(previous: StoredItem | undefined, next: StoredItem | undefined): IndexWrite[] {
    const writes: IndexWrite[] = [];
    for (const index of this.byName.values()) writes.push({ index, ...index.update(previous, next) });
    return writes;
  }
}

const registry = new WeakMap<Table, TableIndexes>();

/** The indexes of `table`, created (empty) on first use, i.e. when the table is created. */
export function tableIndexes(table: Table): TableIndexes {
  let indexes = registry.get(table);
  if (indexes === undefined) {
    indexes = new TableIndexes(table);
    registry.set(table, indexes);
  }
  return indexes;
}
