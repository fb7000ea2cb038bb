/**
 * BatchWriteItem: up to 25 puts and deletes over several tables, applied together. Every write
 * is accepted at once (no throttling here), so UnprocessedItems is always empty.
 */
import { writeUnits } from '../capacity/capacity-units.js';
import { CapacityTally } from '../capacity/capacity-tally.js';
import { consumedCapacityList, type ConsumedCapacityShape } from '../capacity/consumed-capacity.js';
import type { OperationContext } from './operation-context.js';
import { validationError } from '../errors.js';
import type { TableChange } from '../storage/table-store.js';
import type { BatchWriteItemRequest } from '../validation/batch-write-item.js';
import { collectionMetricsByTable, type ItemCollectionMetrics } from './item-collection-metrics.js';
import { evaluateAction, targetOf } from './write-actions.js';

/** BatchWriteItem's response body. */
export interface BatchWriteItemResponse {
  UnprocessedItems: Record<string, never>;
  ConsumedCapacity?: ConsumedCapacityShape[];
  ItemCollectionMetrics?: Record<string, ItemCollectionMetrics[]>;
}

/**
 * Applies every write.
 * @throws DynamoDBError ResourceNotFoundException for an unknown table; ValidationException for
 * a key that does not match its schema or an item written twice.
 */
export function batchWriteItem(context: OperationContext, request: BatchWriteItemRequest): BatchWriteItemResponse {
  const targets = request.writes.map((write) => ({ write, target: targetOf(context, write) }));
  const seen = new Set<string>();
  for (const { target } of targets) {
    const identity = `${target.table.name}\u0000${target.key.id}`;
    if (seen.has(identity)) throw validationError('Provided list of item keys contains duplicates');
    seen.add(identity);
  }
  const changes: TableChange[] = [];
  const tally = new CapacityTally();
  for (const { write, target } of targets) {
    const outcome = evaluateAction(target, write);
    if (!outcome.ok) continue;
    const bytes = Math.max(outcome.previous?.size ?? 0, write.kind === 'put' ? write.size : 0);
    tally.addTable(target.table.name, 'write', writeUnits(bytes));
    if (outcome.change !== undefined) changes.push({ table: target.table, change: outcome.change });
  }
  context.tables.apply(changes, { tally, transactional: false });
  const response: BatchWriteItemResponse = { UnprocessedItems: {}, ...consumedCapacityList(tally, request.returnConsumedCapacity) };
  if (request.returnItemCollectionMetrics) {
    const metrics = collectionMetricsByTable(targets.map(({ target }) => target));
    if (metrics !== undefined) response.ItemCollectionMetrics = metrics;
  }
  return response;
}
