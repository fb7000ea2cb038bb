/**
 * Builds the `ConsumedCapacity` objects DynamoDB returns when a request sets
 * ReturnConsumedCapacity, from the units an operation spent on each table and index.
 */

import type { CapacityTally, TableUsage } from './capacity-tally.js';

/** The request parameter's values. */
export type ReturnConsumedCapacity = 'INDEXES' | 'TOTAL' | 'NONE';

/** The `Capacity` shape used for the table and each index. */
export interface CapacityShape {
  CapacityUnits: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** The `ConsumedCapacity` shape of DynamoDB's responses. */
export interface ConsumedCapacityShape extends CapacityShape {
  TableName: string;
  Table?: CapacityShape;
  LocalSecondaryIndexes?: Record<string, CapacityShape>;
  GlobalSecondaryIndexes?: Record<string, CapacityShape>;
}

function capacity(read: number, write: number): CapacityShape {
  const shape: CapacityShape = { CapacityUnits: read + write };
  if (read > 0) shape.ReadCapacityUnits = read;
  if (write > 0) shape.WriteCapacityUnits = write;
  return shape;
}

function indexMap(indexes: ReadonlyMap<string, { read: number; write: number }>): Record<string, CapacityShape> {
  const map: Record<string, CapacityShape> = {};
  for (const [name, units] of indexes) map[name] = capacity(units.read, units.write);
  return map;
}

/**
 * The `ConsumedCapacity` object for one table's usage, or undefined for NONE / absent.
 * TOTAL gives the aggregate only; INDEXES adds `Table` and the per-index maps (an index map
 * appears only when the operation touched an index of that kind).
 */
export function consumedCapacity(
  usage: TableUsage,
  mode: ReturnConsumedCapacity | undefined,
): ConsumedCapacityShape | undefined {
  if (mode === undefined || mode === 'NONE') return undefined;
  let read = usage.tableRead;
  let write = usage.tableWrite;
  for (const units of usage.globalIndexes.values()) {
    read += units.read;
    write += units.write;
  }
  for (const units of usage.localIndexes.values()) {
    read += units.read;
    write += units.write;
  }
  const result: ConsumedCapacityShape = { TableName: usage.tableName, ...capacity(read, write) };
  if (mode === 'INDEXES') {
    result.Table = capacity(usage.tableRead, usage.tableWrite);
    if (usage.localIndexes.size > 0) result.LocalSecondaryIndexes = indexMap(usage.localIndexes);
    if (usage.globalIndexes.size > 0) result.GlobalSecondaryIndexes = indexMap(usage.globalIndexes);
  }
  return result;
}

/**
 * The response fields for a single-table operation (GetItem, PutItem, Query, ...):
 * `{ ConsumedCapacity }` or nothing.
 */
export function consumedCapacityField(
  tally: CapacityTally,
  tableName: string,
  mode: ReturnConsumedCapacity | undefined,
): { ConsumedCapacity?: ConsumedCapacityShape } {
  const shape = consumedCapacity(tally.table(tableName), mode);
  return shape === undefined ? {} : { ConsumedCapacity: shape };
}

/**
 * The response fields for a multi-table operation (BatchGetItem, BatchWriteItem,
 * TransactGetItems, TransactWriteItems): `{ ConsumedCapacity: [...] }`, one entry per table.
 */
export function consumedCapacityList(
  tally: CapacityTally,
  mode: ReturnConsumedCapacity | undefined,
): { ConsumedCapacity?: ConsumedCapacityShape[] } {
  if (mode === undefined || mode === 'NONE') return {};
  const list: ConsumedCapacityShape[] = [];
  for (const usage of tally.tables()) {
    const shape = consumedCapacity(usage, mode);
    if (shape !== undefined) list.push(shape);
  }
  return { ConsumedCapacity: list };
}
