/**
 * TransactWriteItems: all actions or none. Every static check (tables, keys, one action per
 * item) runs first; then every condition is evaluated against the current state; only when all
 * hold are the changes applied, in one synchronous call, so no other request observes or
 * interleaves with a half-applied transaction.
 */
import { writeUnits } from '../capacity/capacity-units.js';
import type { OperationContext } from './operation-context.js';
import { DynamoDBError, validationError } from '../errors.js';
import type { TransactWriteItemsRequest } from '../validation/transact-write-items.js';
import type { TableChange } from '../storage/table-store.js';
import { conditionFailedMessage } from './conditional-check-failed.js';
import { collectionMetricsByTable, type ItemCollectionMetrics } from './item-collection-metrics.js';
import { evaluateAction, targetOf, type ActionTarget } from './write-actions.js';
import { heldItemIdentity, type RequestHolds } from '../latency/item-holds.js';
import { transactionConflictCancellation } from './transaction-conflict.js';

/** One entry of CancellationReasons. */
export interface CancellationReason {
  Code: 'None' | 'ConditionalCheckFailed' | 'ValidationError';
  Message?: string;
  Item?: unknown;
}

/** Rejects two actions on one item, as DynamoDB does before evaluating anything. */
export function checkDistinctItems(targets: readonly ActionTarget[]): void {
  const seen = new Set<string>();
  for (const { table, key } of targets) {
    const identity = `${table.name}\u0000${key.id}`;
    if (seen.has(identity)) throw validationError('Transaction request cannot include multiple operations on one item');
    seen.add(identity);
  }
}

/**
 * Refuses a transaction touching an item another ongoing transaction holds, then holds this
 * one's items (a cancelled transaction held them while it prepared, too).
 * @throws DynamoDBError TransactionCanceledException with TransactionConflict reasons.
 */
export function holdTransactionItems(holds: RequestHolds | undefined, targets: readonly ActionTarget[]): void {
  if (holds === undefined) return;
  const identities = targets.map(({ table, key }) => heldItemIdentity(table.name, key.id));
  const conflicting = new Set<number>();
  for (const [index, identity] of identities.entries()) if (holds.isHeld(identity)) conflicting.add(index);
  if (conflicting.size > 0) throw transactionConflictCancellation(targets.length, conflicting);
  holds.hold(identities);
}

/** The reason of an action that did not fail; shared, as it carries nothing of its own. */
const noReason: CancellationReason = Object.freeze({ Code: 'None' });

/**
 * Executes the transaction.
 * @throws DynamoDBError TransactionCanceledException with one reason per action (TransactionConflict
 * when another ongoing transaction holds one of its items);
 * IdempotentParameterMismatchException; ResourceNotFoundException; ValidationException.
 */
export function transactWriteItems(
  context: OperationContext,
  request: TransactWriteItemsRequest,
): { ItemCollectionMetrics?: Record<string, ItemCollectionMetrics[]> } {
  const token = request.clientRequestToken;
  if (token !== undefined) {
    const seen = context.transactionTokens.lookup(token, request.fingerprint);
    // Same token, same request, within ten minutes: it already succeeded; apply nothing.
    if (seen === 'replay') return {};
    if (seen === 'mismatch') {
      throw new DynamoDBError(
        'IdempotentParameterMismatchException',
        'The request uses the same client token as a previous, but non-identical request. Do not reuse a client token with different requests, unless the requests are identical.',
      );
    }
  }

  const targets = request.actions.map((action) => targetOf(context, action));
  checkDistinctItems(targets);
  holdTransactionItems(context.holds, targets);

  const changes: TableChange[] = [];
  const reasons: CancellationReason[] = [];
  let cancelled = false;
  for (const [index, action] of request.actions.entries()) {
    const target = targets[index];
    if (target === undefined) continue;
    try {
      const outcome = evaluateAction(target, action);
      if (!outcome.ok) {
        cancelled = true;
        const reason: CancellationReason = { Code: 'ConditionalCheckFailed', Message: conditionFailedMessage };
        if (action.returnOldOnFailure && outcome.previous !== undefined) reason.Item = outcome.previous.item;
        reasons.push(reason);
        continue;
      }
      if (outcome.change !== undefined) changes.push({ table: target.table, change: outcome.change });
      const written = outcome.change?.kind === 'put' ? outcome.change.stored.size : 0;
      context.capacity.addTable(target.table.name, 'write', writeUnits(Math.max(outcome.previous?.size ?? 0, written), true));
      reasons.push(noReason);
    } catch (error) {
      if (!(error instanceof DynamoDBError) || error.type !== 'ValidationException') throw error;
      cancelled = true;
      reasons.push({ Code: 'ValidationError', Message: error.message });
    }
  }

  if (cancelled) {
    throw new DynamoDBError(
      'TransactionCanceledException',
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      { CancellationReasons: reasons },
    );
  }
  context.tables.apply(changes, { tally: context.capacity, transactional: true });
  if (token !== undefined) context.transactionTokens.remember(token, request.fingerprint);
  if (!request.returnItemCollectionMetrics) return {};
  // A ConditionCheck writes nothing, so it touches no collection.
  const written = targets.filter((_, index) => request.actions[index]?.kind !== 'check');
  const metrics = collectionMetricsByTable(written);
  return metrics === undefined ? {} : { ItemCollectionMetrics: metrics };
}
