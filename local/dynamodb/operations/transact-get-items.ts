/**
 * TransactGetItems: every Get is checked before any is read, and all are read in one
 * synchronous pass, so the items come from one consistent state.
 */
import { readUnits } from '../capacity/capacity-units.js';
import { DynamoDBError } from '../errors.js';
import type { OperationContext } from './operation-context.js';
import { projectItem } from '../expressions/project-item.js';
import { resolveKey, type ResolvedKey } from '../storage/primary-key.js';
import type { Table } from '../storage/table.js';
import type { Item } from '../values/attribute-value.js';
import type { TransactGetItemsRequest } from '../validation/transact-get-items.js';
import { maxTransactionBytes, transactionTooLarge } from '../validation/transact-write-items.js';
import { checkDistinctItems, type CancellationReason } from './transact-write-items.js';
import { heldItemIdentity } from '../latency/item-holds.js';
import { transactionConflictCancellation } from './transaction-conflict.js';

interface GetTarget {
  readonly table: Table;
  readonly key: ResolvedKey;
}

/**
 * The item each Get names. A key that does not fit its table's schema cancels the transaction
 * (reason ValidationError for that Get, None for the others), as DynamoDB answers it; an unknown
 * table is a request-level ResourceNotFoundException.
 */
function resolveTargets(context: OperationContext, request: TransactGetItemsRequest): GetTarget[] {
  const targets: GetTarget[] = [];
  let reasons: CancellationReason[] | undefined;
  for (const [index, get] of request.gets.entries()) {
    const table = context.tables.require(get.tableName);
    try {
      targets.push({ table, key: resolveKey(table.primaryKey, get.key) });
      reasons?.push({ Code: 'None' });
    } catch (error) {
      if (!(error instanceof DynamoDBError) || error.type !== 'ValidationException') throw error;
      reasons ??= Array.from({ length: index }, (): CancellationReason => ({ Code: 'None' }));
      reasons.push({ Code: 'ValidationError', Message: error.message });
    }
  }
  if (reasons !== undefined) {
    throw new DynamoDBError(
      'TransactionCanceledException',
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      { CancellationReasons: reasons },
    );
  }
  return targets;
}

/**
 * Reads the items.
 * @throws DynamoDBError ResourceNotFoundException; TransactionCanceledException (ValidationError
 * for a key that does not fit its table; TransactionConflict when an ongoing write transaction
 * holds one of the items); ValidationException (two Gets of one item; items of more than 4 MB
 * together, worded as TransactWriteItems words it: no capture of TransactGetItems' was found).
 * It holds nothing itself: reads do not conflict with reads, and a write meanwhile is not
 * refused on its account here.
 */
export function transactGetItems(context: OperationContext, request: TransactGetItemsRequest): { Responses: { Item?: Item }[] } {
  const targets = resolveTargets(context, request);
  checkDistinctItems(targets);
  const { holds } = context;
  if (holds !== undefined) {
    const conflicting = new Set<number>();
    for (const [index, { table, key }] of targets.entries()) if (holds.isHeld(heldItemIdentity(table.name, key.id))) conflicting.add(index);
    if (conflicting.size > 0) throw transactionConflictCancellation(targets.length, conflicting);
  }
  const found = targets.map((target) => target.table.get(target.key.id));
  let total = 0;
  for (const stored of found) total += stored?.size ?? 0;
  // The whole items count, as read (and charged), whatever a projection keeps of them.
  if (total > maxTransactionBytes) throw transactionTooLarge();
  const responses = request.gets.map((get, index) => {
    const target = targets[index];
    const stored = found[index];
    if (target !== undefined) context.capacity.addTable(target.table.name, 'read', readUnits(stored?.size ?? 0, { transactional: true }));
    if (stored === undefined) return {};
    return { Item: get.projection === undefined ? stored.item : projectItem(get.projection, stored.item) };
  });
  return { Responses: responses };
}
