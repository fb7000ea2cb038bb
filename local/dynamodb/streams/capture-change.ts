/**
 * Turns one committed item change into a stream record, following DynamoDB's rule that only a
 * change of the item is recorded: a put of an identical item and a delete of a missing item
 * leave no record.
 */
import type { Item } from '../values/attribute-value.js';
import { valuesEqual } from '../values/compare-values.js';
import type { ItemChange, Table } from '../storage/table.js';
import type { TableStream } from './table-stream.js';

/**
 * Records `change` on `stream`. Must run before the change is applied to `table`, so the item it
 * replaces or removes is still there.
 */
export function captureChange(stream: TableStream, table: Table, change: ItemChange, at: number, expired: boolean): void {
  if (change.kind === 'put') {
    const next = change.stored.item;
    const previous = table.get(change.stored.id)?.item;
    if (previous !== undefined && valuesEqual({ M: previous }, { M: next })) return;
    stream.capture(at, keysOf(table, next), previous, next, false);
    return;
  }
  const previous = table.get(change.previous.id)?.item;
  if (previous === undefined) return;
  stream.capture(at, keysOf(table, previous), previous, undefined, expired);
}

function keysOf(table: Table, item: Item): Item {
  const { hash, range } = table.primaryKey;
  const keys: Record<string, Item[string]> = {};
  const hashValue = item[hash.name];
  if (hashValue !== undefined) keys[hash.name] = hashValue;
  if (range !== undefined) {
    const rangeValue = item[range.name];
    if (rangeValue !== undefined) keys[range.name] = rangeValue;
  }
  return keys;
}
