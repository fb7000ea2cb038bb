/**
 * The engine's tables by name, and the single entry point for item changes. Everything here is
 * synchronous: an operation's read-check-write never awaits, so on Node's single thread no other
 * request can run between its read and its write (that is the engine's atomicity and isolation).
 */
import { DynamoDBError } from '../errors.js';
import { indexWriteUnits } from '../capacity/capacity-units.js';
import type { CapacityTally } from '../capacity/capacity-tally.js';
import { captureChange } from '../streams/capture-change.js';
import type { RangeComparator } from './sorted-partition.js';
import type { IndexWrite } from './table-indexes.js';
import type { TableDefinition } from './table-definition.js';
import { Table, type ItemChange } from './table.js';

/** One change to apply, with the table it belongs to. */
export interface TableChange {
  readonly table: Table;
  readonly change: ItemChange;
}

/** How a batch of changes came about, as far as stream records tell. */
export interface CommitOrigin {
  /** The changes are the TTL sweeper's deletions (their stream records name the service). */
  readonly expired?: boolean;
  /** The commit's time, when replaying one; otherwise the streams' clock is read. */
  readonly at?: number;
}

/** A commit of a request's writes, at the clock's time (shared, so the hot path allocates nothing). */
const ordinaryCommit: CommitOrigin = {};

/** Told of every change the store commits: the durable journal listens here. */
export interface TableStoreObserver {
  tableCreated(definition: TableDefinition): void;
  tableDeleted(name: string): void;
  /**
   * @param streamedAt the commit's time when a stream recorded any of the changes (replay
   * needs it to rebuild the same records), else undefined.
   */
  itemsChanged(changes: readonly TableChange[], streamedAt: number | undefined, expired: boolean): void;
}

/** All tables of one engine. */
export class TableStore {
  private readonly tables = new Map<string, Table>();
  /** Set once storage is loaded; every later commit is reported to it. */
  observer: TableStoreObserver | undefined;

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
    this.observer?.tableCreated(definition);
    return table;
  }

  /** Removes a table and its items. */
  delete(name: string): void {
    if (this.tables.delete(name)) this.observer?.tableDeleted(name);
  }

  /** Table names in ascending order, as ListTables returns them. */
  names(): string[] {
    return [...this.tables.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * Applies item changes, all of them, synchronously: the commit point of every write and every
   * transaction, and where the durable journal, when attached, queues its record.
   */
  apply(
    changes: readonly TableChange[],
    capacity?: { readonly tally: CapacityTally; readonly transactional: boolean },
    origin: CommitOrigin = ordinaryCommit,
  ): void {
    if (changes.length === 0) return;
    // Index key types are checked for every change before any is applied, so a transaction or
    // batch that would put a badly typed index key writes nothing at all.
    for (const { table, change } of changes) {
      if (change.kind === 'put') {
        const indexes = table.indexes;
        if (indexes.any) indexes.checkItem(change.stored.item);
      }
    }
    const expired = origin.expired === true;
    let streamedAt: number | undefined;
    for (const { table, change } of changes) {
      // One field test per change when no stream is enabled: the write path pays nothing more.
      const stream = table.stream;
      if (stream !== undefined) {
        streamedAt ??= origin.at ?? stream.context.now();
        captureChange(stream, table, change, streamedAt, expired);
      }
      const writes = table.write(change);
      if (capacity !== undefined) for (const write of writes) chargeIndexWrite(capacity.tally, table.name, write, capacity.transactional);
    }
    this.observer?.itemsChanged(changes, streamedAt, expired);
  }

  /** Drops every table. */
  clear(): void {
    this.tables.clear();
  }
}

function chargeIndexWrite(tally: CapacityTally, tableName: string, write: IndexWrite, transactional: boolean): void {
  const { before, after, index } = write;
  const keyChanged =
    before !== undefined && after !== undefined && (before.partition !== after.partition || !sameRange(before, after));
  const units = indexWriteUnits(
    { oldEntryBytes: before?.size, newEntryBytes: after?.size, keyChanged, entryChanged: JSON.stringify(before?.item) !== JSON.stringify(after?.item) },
    transactional,
  );
  if (units > 0) tally.addIndex(tableName, index.name, index.scope, 'write', units);
}

function sameRange(a: IndexWrite['before'], b: IndexWrite['after']): boolean {
  const left = a?.rangeValue;
  const right = b?.rangeValue;
  if (left === undefined || right === undefined) return left === right;
  return JSON.stringify(left) === JSON.stringify(right);
}
