/**
 * BatchGetItem: up to 100 keys over up to 100 tables. Every key is served at once (no
 * throttling here), so UnprocessedKeys is always empty.
 */
import { readUnits } from '../capacity/capacity-units.js';
import { CapacityTally } from '../capacity/capacity-tally.js';
import { consumedCapacityList, type ConsumedCapacityShape } from '../capacity/consumed-capacity.js';
import type { OperationContext } from './operation-context.js';
import { validationError } from '../errors.js';
import { projectItem } from '../expressions/project-item.js';
import { resolveKey } from '../storage/primary-key.js';
import type { Table } from '../storage/table.js';
import type { Item } from '../values/attribute-value.js';
import type { BatchGetItemRequest } from '../validation/batch-get-item.js';

/** BatchGetItem's response body. */
export interface BatchGetItemResponse {
  Responses: Record<string, Item[]>;
  UnprocessedKeys: Record<string, never>;
  ConsumedCapacity?: ConsumedCapacityShape[];
}

/**
 * Reads every requested key.
 * @throws DynamoDBError ResourceNotFoundException for an unknown table; ValidationException for
 * a key that does not match its table's schema or a key asked for twice.
 */
export function batchGetItem(context: OperationContext, request: BatchGetItemRequest): BatchGetItemResponse {
  // Every table and key is checked before anything is read, as DynamoDB rejects the whole call.
  const resolved = request.tables.map((part) => {
    const table: Table = context.tables.require(part.tableName);
    const seen = new Set<string>();
    const keys = part.gets.map((get) => {
      const key = resolveKey(table.primaryKey, get.key);
      if (seen.has(key.id)) throw validationError('Provided list of item keys contains duplicates');
      seen.add(key.id);
      return key;
    });
    return { part, table, keys };
  });
  const responses: Record<string, Item[]> = {};
  const tally = new CapacityTally();
  for (const { part, table, keys } of resolved) {
    const items: Item[] = [];
    keys.forEach((key, position) => {
      const found = table.get(key.id);
      tally.addTable(table.name, 'read', readUnits(found?.size ?? 0, { consistent: part.consistentRead }));
      if (found === undefined) return;
      const projection = part.gets[position]?.projection;
      items.push(projection === undefined ? found.item : projectItem(projection, found.item));
    });
    responses[table.name] = items;
  }
  return { Responses: responses, UnprocessedKeys: {}, ...consumedCapacityList(tally, request.returnConsumedCapacity) };
}
