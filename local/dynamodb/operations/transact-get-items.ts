/**
 * TransactGetItems: every Get is checked before any is read, and all are read in one
 * synchronous pass, so the items come from one consistent state.
 */
import { readUnits } from '../capacity/capacity-units.js';
import type { OperationContext } from './operation-context.js';
import { projectItem } from '../expressions/project-item.js';
import { resolveKey } from '../storage/primary-key.js';
import type { Item } from '../values/attribute-value.js';
import type { TransactGetItemsRequest } from '../validation/transact-get-items.js';
import { checkDistinctItems } from './transact-write-items.js';
import { heldItemIdentity } from '../latency/item-holds.js';
import { transactionConflictCancellation } from './transaction-conflict.js';

/**
 * Reads the items.
 * @throws DynamoDBError ResourceNotFoundException; ValidationException (key schema, two Gets of
 * one item); TransactionCanceledException (TransactionConflict) when an ongoing write
 * transaction holds one of the items. It holds nothing itself: reads do not conflict with reads,
 * and a write meanwhile is not refused on its account here.
 */
export function transactGetItems(context: OperationContext, request: TransactGetItemsRequest): { Responses: { Item?: Item }[] } {
  const targets = request.gets.map((get) => {
    const table = context.tables.require(get.tableName);
    return { table, key: resolveKey(table.primaryKey, get.key) };
  });
  checkDistinctItems(targets);
  const { holds } = context;
  if (holds !== undefined) {
    const conflicting = new Set<number>();
    for (const [index, { table, key }] of targets.entries()) if (holds.isHeld(heldItemIdentity(table.name, key.id))) conflicting.add(index);
    if (conflicting.size > 0) throw transactionConflictCancellation(targets.length, conflicting);
  }
  const responses = request.gets.map((get, index) => {
    const target = targets[index];
    const found = target === undefined ? undefined : target.table.get(target.key.id);
    if (target !== undefined) context.capacity.addTable(target.table.name, 'read', readUnits(found?.size ?? 0, { transactional: true }));
    if (found === undefined) return {};
    return { Item: get.projection === undefined ? found.item : projectItem(get.projection, found.item) };
  });
  return { Responses: responses };
}
