/**
 * DeleteItem.
 */
import type { OperationContext } from './operation-context.js';
import type { Item } from '../values/attribute-value.js';
import type { DeleteItemRequest } from '../validation/delete-item.js';
import { withItemCollectionMetrics, type ItemCollectionMetrics } from './item-collection-metrics.js';
import { singleWrite } from './single-write.js';

/**
 * Deletes the item, if its condition holds (deleting an absent item succeeds).
 * @throws DynamoDBError ConditionalCheckFailedException, ResourceNotFoundException, ValidationException.
 */
export function deleteItem(context: OperationContext, request: DeleteItemRequest): { Attributes?: Item; ItemCollectionMetrics?: ItemCollectionMetrics } {
  const { outcome, target } = singleWrite(context, request.action);
  const previous = outcome.previous;
  const response = request.returnValues === 'ALL_OLD' && previous !== undefined ? { Attributes: previous.item } : {};
  return request.returnItemCollectionMetrics ? withItemCollectionMetrics(response, target) : response;
}
