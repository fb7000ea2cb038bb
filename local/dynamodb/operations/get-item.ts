/**
 * GetItem. Reads are always strongly consistent here (one copy of the data), so ConsistentRead
 * changes nothing.
 */
import { readUnits } from '../capacity/capacity-units.js';
import type { OperationContext } from './operation-context.js';
import { projectItem } from '../expressions/project-item.js';
import { resolveKey } from '../storage/primary-key.js';
import type { Item } from '../values/attribute-value.js';
import type { GetItemRequest } from '../validation/get-item.js';

/**
 * Reads the item, projected when the request has a ProjectionExpression.
 * @throws DynamoDBError ResourceNotFoundException, ValidationException for a key that does not
 * match the schema.
 */
export function getItem(context: OperationContext, request: GetItemRequest): { Item?: Item } {
  const { action } = request;
  const table = context.tables.require(action.tableName);
  const key = resolveKey(table.primaryKey, action.key);
  const found = table.get(key.id);
  context.capacity.addTable(table.name, 'read', readUnits(found?.size ?? 0, { consistent: request.consistentRead }));
  if (found === undefined) return {};
  return { Item: action.projection === undefined ? found.item : projectItem(action.projection, found.item) };
}
