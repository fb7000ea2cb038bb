/**
 * The engine's tables by name, and the single entry point for item changes. Everything here is
 * synchronous: an operation's read-check-write never awaits, so on Node's single thread no other
 * request can run between its read and its write (that is the engine's atomicity and isolation).
 */
import { DynamoDBError } from '../errors.js';
import type { RangeComparator } from './sorted-partition.js';
import { Table, type ItemChange, type TableDefinition } from './table.js';

/** One change to apply, with the table it belongs to. */
export interface TableChange {
  readonly table: Table;
  readonly change: ItemChange;
}

/** All tables of one engine. */
export class TableStore {
  private readonly tables = new Map<string, Table>();

  constructor(private readonly compareRange: RangeComparator) {}

  /** The table with this name, or undefined. */
  find(name: string): Table | undefined {
    return this.tables.get(name);
  }

  /**
   * The table an item operation targets.
   * @throws DynamoDBError ResourceNotFoundException "Requested resource not found".
   */
  require(name: string): Table {
    const table = this.tables.get(name);
    if (table === undefined) throw new DynamoDBError('ResourceNotFoundException', 'Requested resource not found');
    return table;
  }

  /**
   * Creates a table.
   * @throws DynamoDBError ResourceInUseException when the name is taken.
   */
  create(definition: TableDefinition): Table {
    if (this.tables.has(definition.name)) {
      throw new DynamoDBError('ResourceInUseException', `Table already exists: ${definition.name}`);
    }
    const table = new Table(definition, this.compareRange);
    this.tables.set(definition.name, table);
    return table;
  }

  /** Removes a table and its items. */
  delete(name: string): void {
    this.tables.delete(name);
  }

  /** Table names in ascending order, as ListTables returns them. */
  names(): string[] {
    return [...this.tables.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * Applies item changes, all of them, synchronously: the commit point of every write and every
   * transaction (and where a durable log appends, in part two).
   */
  apply(changes: readonly TableChange[]): void {
    for (const { table, change } of changes) table.write(change);
  }

  /** Drops every table. */
  clear(): void {
    this.tables.clear();
  }
}
