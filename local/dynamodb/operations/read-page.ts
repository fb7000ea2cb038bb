/**
 * What Query and Scan share once they have their candidate items in order: resuming after
 * ExclusiveStartKey, Limit and the 1 MB page (both counted before the filter, as DynamoDB
 * does), FilterExpression, Select and ProjectionExpression, LastEvaluatedKey, and the read
 * capacity of everything examined.
 */
import { readUnits } from '../capacity/capacity-units.js';
import { CapacityTally } from '../capacity/capacity-tally.js';
import { consumedCapacityField, type ConsumedCapacityShape } from '../capacity/consumed-capacity.js';
import { DynamoDBError, validationError } from '../errors.js';
import type { CompiledCondition } from '../expressions/compile-condition.js';
import { evaluateCondition } from '../expressions/evaluate-condition.js';
import { projectItem } from '../expressions/project-item.js';
import { resolveItemKey, resolveKey, type PrimaryKeySchema } from '../storage/primary-key.js';
import type { SecondaryIndex } from '../storage/secondary-index.js';
import type { StoredItem } from '../storage/stored-item.js';
import type { Table } from '../storage/table.js';
import type { AttributeValue, Item } from '../values/attribute-value.js';
import type { ReadRequest } from '../validation/read-request.js';

/** Largest page, in bytes of items examined, DynamoDB returns before stopping. */
export const pageLimitBytes = 1024 * 1024;

/** An item as Query and Scan see it: a table item, or an index entry (with its table item). */
export interface ReadEntry extends StoredItem {
  readonly tableItem?: StoredItem;
}

/** Where a Query or Scan reads from. */
export interface ReadTarget {
  readonly table: Table;
  readonly index: SecondaryIndex | undefined;
  /** The key schema of what is read: the table's, or the index's. */
  readonly schema: PrimaryKeySchema;
}

/** A resume point decoded from ExclusiveStartKey, comparable with entries. */
export interface StartPosition {
  /** Canonical partition (hash key) of the table or index. */
  readonly partition: string;
  readonly rangeValue?: AttributeValue;
  /** Canonical identity of the table item. */
  readonly id: string;
}

/** A Query or Scan response body. */
export interface ReadResponse {
  Items?: Item[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: Item;
  ConsumedCapacity?: ConsumedCapacityShape;
}

function invalidStartKey(message: string): DynamoDBError {
  return validationError(`The provided starting key is invalid: ${message}`);
}

/**
 * Resolves the read target of a request.
 * @param now the engine's clock: a global index still being created by UpdateTable cannot be read.
 * @throws DynamoDBError ResourceNotFoundException, or ValidationException for an unknown index,
 * an index still being created, a consistent read on a global index, or ALL_ATTRIBUTES on a
 * global index that does not project them.
 */
export function readTarget(table: Table, request: ReadRequest, now: number): ReadTarget {
  if (request.indexName === undefined) return { table, index: undefined, schema: table.primaryKey };
  const index = table.indexes.byName.get(request.indexName);
  if (index === undefined) throw validationError(`The table does not have the specified index: ${request.indexName}`);
  if (index.scope === 'global' && table.lifecycle.indexState(index.name, now).status === 'CREATING') {
    throw validationError(`Cannot read from backfilling global secondary index: ${index.name}`);
  }
  if (index.scope === 'global' && request.consistentRead) {
    throw validationError('Consistent reads are not supported on global secondary indexes');
  }
  if (index.scope === 'global' && request.select === 'ALL_ATTRIBUTES' && index.projectionType !== 'ALL') {
    throw validationError(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
    );
  }
  return { table, index, schema: index.keySchema };
}

function keyNames(target: ReadTarget): string[] {
  const names = [target.table.primaryKey.hash.name];
  if (target.table.primaryKey.range !== undefined) names.push(target.table.primaryKey.range.name);
  for (const attribute of [target.schema.hash, target.schema.range]) {
    if (attribute !== undefined && !names.includes(attribute.name)) names.push(attribute.name);
  }
  return names;
}

/**
 * Decodes ExclusiveStartKey: exactly the table's key attributes plus, on an index, the index's.
 * @throws DynamoDBError ValidationException "The provided starting key is invalid: ...".
 */
export function startPosition(target: ReadTarget, startKey: Item): StartPosition {
  const names = keyNames(target);
  const given = Object.keys(startKey);
  if (given.length !== names.length || names.some((name) => startKey[name] === undefined)) {
    throw invalidStartKey('The provided key element does not match the schema');
  }
  const tablePart: Record<string, AttributeValue> = {};
  for (const attribute of [target.table.primaryKey.hash, target.table.primaryKey.range]) {
    const value = attribute === undefined ? undefined : startKey[attribute.name];
    if (attribute !== undefined && value !== undefined) tablePart[attribute.name] = value;
  }
  try {
    const tableKey = resolveKey(target.table.primaryKey, tablePart);
    if (target.index === undefined) {
      return { partition: tableKey.partition, ...(tableKey.rangeValue === undefined ? {} : { rangeValue: tableKey.rangeValue }), id: tableKey.id };
    }
    const indexKey = resolveItemKey(target.schema, startKey);
    return { partition: indexKey.partition, ...(indexKey.rangeValue === undefined ? {} : { rangeValue: indexKey.rangeValue }), id: tableKey.id };
  } catch (error) {
    if (error instanceof DynamoDBError && error.type === 'ValidationException') throw invalidStartKey(error.message.replace(/^One or more parameter values were invalid: /, ''));
    throw error;
  }
}

function lastEvaluatedKey(target: ReadTarget, entry: ReadEntry): Item {
  const source = entry.tableItem?.item ?? entry.item;
  const key: Record<string, AttributeValue> = {};
  for (const name of keyNames(target)) {
    const value = source[name];
    if (value !== undefined) key[name] = value;
  }
  return key;
}

function visibleItem(target: ReadTarget, request: ReadRequest, entry: ReadEntry): Item {
  const index = target.index;
  // A local index fetches what it does not project from the table; a global one cannot.
  const fetchFromTable =
    index?.scope === 'local' && index.projectionType !== 'ALL' && (request.select === 'ALL_ATTRIBUTES' || request.projection !== undefined);
  const base = fetchFromTable ? (entry.tableItem?.item ?? entry.item) : entry.item;
  return request.projection === undefined ? base : projectItem(request.projection, base);
}

function passesFilter(target: ReadTarget, filter: CompiledCondition | undefined, entry: ReadEntry): boolean {
  if (filter === undefined) return true;
  const item = target.index?.scope === 'local' ? (entry.tableItem?.item ?? entry.item) : entry.item;
  return evaluateCondition(filter, item);
}

/**
 * Reads one page from `entries` (already in the order to return them, and already after the
 * starting key): stops at Limit items examined or once 1 MB was examined, whichever first.
 */
export function readPage(target: ReadTarget, request: ReadRequest, entries: Iterable<ReadEntry>): ReadResponse {
  const items: Item[] = [];
  let scanned = 0;
  let scannedBytes = 0;
  let last: ReadEntry | undefined;
  let stopped = false;
  let matched = 0;
  for (const entry of entries) {
    if (request.limit !== undefined && scanned >= request.limit) {
      stopped = true;
      break;
    }
    scanned += 1;
    scannedBytes += entry.size;
    last = entry;
    if (passesFilter(target, request.filter, entry)) {
      matched += 1;
      if (request.select !== 'COUNT') items.push(visibleItem(target, request, entry));
    }
    if (scannedBytes >= pageLimitBytes) {
      stopped = true;
      break;
    }
  }
  // DynamoDB does not look ahead: a page that ends exactly at the Limit still says where to resume.
  if (request.limit !== undefined && scanned === request.limit) stopped = true;
  const response: ReadResponse = request.select === 'COUNT' ? { Count: matched, ScannedCount: scanned } : { Items: items, Count: matched, ScannedCount: scanned };
  if (stopped && last !== undefined) response.LastEvaluatedKey = lastEvaluatedKey(target, last);
  const tally = new CapacityTally();
  const units = readUnits(scannedBytes, { consistent: request.consistentRead });
  if (target.index === undefined) tally.addTable(target.table.name, 'read', units);
  else tally.addIndex(target.table.name, target.index.name, target.index.scope, 'read', units);
  Object.assign(response, consumedCapacityField(tally, target.table.name, request.returnConsumedCapacity));
  return response;
}
