/**
 * DynamoDB's capacity unit arithmetic: a read unit covers 4 KB (half a unit when eventually
 * consistent), a write unit covers 1 KB, and transactional reads and writes cost twice as much.
 */

/** Bytes covered by one read capacity unit. */
export const readUnitBytes = 4096;
/** Bytes covered by one write capacity unit. */
export const writeUnitBytes = 1024;

/** How a read was made, which decides its price per 4 KB step. */
export interface ReadMode {
  /** Strongly consistent (ConsistentRead=true, or any transactional read). @default false */
  readonly consistent?: boolean;
  /** Part of TransactGetItems: twice the cost of a strongly consistent read. @default false */
  readonly transactional?: boolean;
}

/** Price of one 4 KB step for this kind of read. */
function readStepPrice(mode: ReadMode): number {
  if (mode.transactional === true) return 2;
  return mode.consistent === true ? 1 : 0.5;
}

/**
 * Read units for reading `bytes` in one request (one item for GetItem, the sum of every item
 * examined for Query and Scan). Rounded up to whole 4 KB steps, never less than one step: a
 * GetItem that finds nothing still costs one step.
 */
export function readUnits(bytes: number, mode: ReadMode = {}): number {
  const steps = Math.max(1, Math.ceil(bytes / readUnitBytes));
  return steps * readStepPrice(mode);
}

/**
 * Write units for writing `bytes` (the larger of the item before and after the write, for
 * PutItem and UpdateItem; the deleted item for DeleteItem). Whole 1 KB steps, at least one.
 * @param transactional part of TransactWriteItems: two units per step.
 */
export function writeUnits(bytes: number, transactional = false): number {
  const steps = Math.max(1, Math.ceil(bytes / writeUnitBytes));
  return steps * (transactional ? 2 : 1);
}

/** What a table write did to one secondary index's entry for that item. */
export interface IndexEntryChange {
  /** Size of the index entry before the write, absent when the item was not in the index. */
  readonly oldEntryBytes: number | undefined;
  /** Size of the index entry after the write, absent when the item is not in the index. */
  readonly newEntryBytes: number | undefined;
  /** The entry's index key (partition or sort key of the index) changed value. */
  readonly keyChanged: boolean;
  /** Any projected attribute of the entry changed value. */
  readonly entryChanged: boolean;
}

/**
 * Write units a table write costs on one secondary index, by DynamoDB's rules: a new entry is
 * one put, a removed entry one delete, a changed index key a delete plus a put, a changed
 * projection one put, and an untouched (or absent) entry nothing.
 */
export function indexWriteUnits(change: IndexEntryChange, transactional = false): number {
  const { oldEntryBytes, newEntryBytes } = change;
  if (oldEntryBytes === undefined && newEntryBytes === undefined) return 0;
  if (oldEntryBytes === undefined) return writeUnits(newEntryBytes ?? 0, transactional);
  if (newEntryBytes === undefined) return writeUnits(oldEntryBytes, transactional);
  if (change.keyChanged) {
    return writeUnits(oldEntryBytes, transactional) + writeUnits(newEntryBytes, transactional);
  }
  return change.entryChanged ? writeUnits(newEntryBytes, transactional) : 0;
}
