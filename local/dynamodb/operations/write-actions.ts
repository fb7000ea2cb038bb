/**
 * The semantics of one write action (Put, Update, Delete, ConditionCheck) against the current
 * state, shared by the single-item operations and TransactWriteItems. Two steps, so a
 * transaction can run every static check of every action before evaluating any condition:
 *
 * - {@link targetOf}: the table and the canonical key (ResourceNotFound, key schema errors);
 * - {@link evaluateAction}: reads the current item, checks the condition, computes the change.
 *
 * Neither writes: the caller applies the changes through the table store, in the same
 * synchronous stretch of code as the read, which is what makes the operation atomic.
 */
import { validationError } from '../errors.js';
import { applyUpdate, checkUpdateKeys, updateWriteSize } from '../expressions/apply-update.js';
import type { CompiledUpdate } from '../expressions/compile-update.js';
import type { DocumentPath } from '../expressions/document-path.js';
import { evaluateCondition } from '../expressions/evaluate-condition.js';
import type { OperationContext } from './operation-context.js';
import { resolveItemKey, resolveKey, type ResolvedKey } from '../storage/primary-key.js';
import type { StoredItem } from '../storage/stored-item.js';
import type { ItemChange, Table } from '../storage/table.js';
import type { Item } from '../values/attribute-value.js';
import { itemSize, maxItemSize, updatedItemTooLargeMessage } from '../values/item-size.js';
import type { WriteAction } from '../validation/item-actions.js';

/** Where an action applies. */
export interface ActionTarget {
  readonly table: Table;
  readonly key: ResolvedKey;
}

/** What evaluating an action found. */
export type ActionOutcome =
  | {
      readonly ok: true;
      readonly previous: StoredItem | undefined;
      /** The change to apply; undefined when the action writes nothing. */
      readonly change: ItemChange | undefined;
      /** The item after the action (undefined when deleted or absent). */
      readonly next: Item | undefined;
      /** Paths an update wrote or removed (for UPDATED_OLD / UPDATED_NEW). */
      readonly updatedPaths: readonly DocumentPath[];
    }
  | { readonly ok: false; readonly previous: StoredItem | undefined };

/**
 * Resolves the table and key of an action.
 * @throws DynamoDBError ResourceNotFoundException; ValidationException for a key that does not
 * match the schema or an update of a key attribute.
 */
export function targetOf(context: OperationContext, action: WriteAction): ActionTarget {
  const table = context.tables.require(action.tableName);
  const schema = table.primaryKey;
  const key = action.kind === 'put' ? resolveItemKey(schema, action.item) : resolveKey(schema, action.key);
  if (action.kind === 'update' && action.update !== undefined) {
    checkUpdateKeys(action.update, schema.range === undefined ? [schema.hash.name] : [schema.hash.name, schema.range.name]);
  }
  return { table, key };
}

/** True when every action of a non-empty update removes an attribute or set members. */
function onlyRemoves(update: CompiledUpdate): boolean {
  return update.actions.length > 0 && update.actions.every((a) => a.kind === 'REMOVE' || a.kind === 'DELETE');
}

function stored(key: ResolvedKey, item: Item, size: number): StoredItem {
  return key.rangeValue === undefined
    ? { id: key.id, partition: key.partition, item, size }
    : { id: key.id, partition: key.partition, rangeValue: key.rangeValue, item, size };
}

/**
 * Evaluates an action against the table's current item: condition first, then the new item.
 * @throws DynamoDBError ValidationException when the update cannot apply to this item (wrong
 * operand types, missing operands, the result above 400 KB).
 */
export function evaluateAction(target: ActionTarget, action: WriteAction): ActionOutcome {
  const previous = target.table.get(target.key.id);
  if (action.condition !== undefined && !evaluateCondition(action.condition, previous?.item)) {
    return { ok: false, previous };
  }
  switch (action.kind) {
    case 'check':
      return { ok: true, previous, change: undefined, next: previous?.item, updatedPaths: [] };
    case 'put':
      return {
        ok: true,
        previous,
        change: { kind: 'put', stored: stored(target.key, action.item, action.size) },
        next: action.item,
        updatedPaths: [],
      };
    case 'delete':
      return {
        ok: true,
        previous,
        change: previous === undefined ? undefined : { kind: 'delete', previous },
        next: undefined,
        updatedPaths: [],
      };
    case 'update': {
      const base = previous?.item ?? target.key.key;
      if (action.update === undefined) {
        const size = previous?.size ?? itemSize(base);
        return { ok: true, previous, change: { kind: 'put', stored: stored(target.key, base, size) }, next: base, updatedPaths: [] };
      }
      if (previous === undefined && onlyRemoves(action.update)) {
        // DynamoDB creates no item for an update that only takes attributes away.
        return { ok: true, previous, change: undefined, next: undefined, updatedPaths: [] };
      }
      const { item, updatedPaths } = applyUpdate(action.update, base);
      const size = itemSize(item);
      // DynamoDB also counts what the statement writes, which can exceed the finished item.
      if (Math.max(size, updateWriteSize(action.update, item)) > maxItemSize) throw validationError(updatedItemTooLargeMessage);
      return { ok: true, previous, change: { kind: 'put', stored: stored(target.key, item, size) }, next: item, updatedPaths };
    }
  }
}
