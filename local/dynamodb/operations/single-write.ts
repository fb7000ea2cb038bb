/**
 * Runs one write action as its own operation (PutItem, UpdateItem, DeleteItem).
 */
import { writeUnits } from '../capacity/capacity-units.js';
import type { OperationContext } from './operation-context.js';
import type { WriteAction } from '../validation/item-actions.js';
import { conditionalCheckFailed } from './conditional-check-failed.js';
import { heldItemIdentity } from '../latency/item-holds.js';
import { transactionConflictException } from './transaction-conflict.js';
import { evaluateAction, targetOf, type ActionOutcome, type ActionTarget } from './write-actions.js';

/** A successful outcome of a single write. */
export type AppliedOutcome = Extract<ActionOutcome, { ok: true }>;

/** What a single write did, and the item it targeted. */
export interface SingleWriteResult {
  readonly outcome: AppliedOutcome;
  readonly target: ActionTarget;
}

/**
 * Resolves, checks and applies one write. Read, condition and write happen in this one
 * synchronous call: no other request can run in between, so a conditional write on a key
 * succeeds for exactly one of any number of concurrent clients.
 * @throws DynamoDBError ConditionalCheckFailedException (with `Item` on request);
 * TransactionConflictException when an ongoing transaction holds the item; or the validation and
 * not-found errors of the action.
 */
export function singleWrite(context: OperationContext, action: WriteAction): SingleWriteResult {
  const target = targetOf(context, action);
  if (context.holds?.isHeld(heldItemIdentity(target.table.name, target.key.id)) === true) throw transactionConflictException();
  const outcome = evaluateAction(target, action);
  if (!outcome.ok) throw conditionalCheckFailed(outcome.previous, action.returnOldOnFailure);
  const written = outcome.change?.kind === 'put' ? outcome.change.stored.size : 0;
  context.capacity.addTable(target.table.name, 'write', writeUnits(Math.max(outcome.previous?.size ?? 0, written)));
  if (outcome.change !== undefined) {
    context.tables.apply([{ table: target.table, change: outcome.change }], { tally: context.capacity, transactional: false });
  }
  return { outcome, target };
}
