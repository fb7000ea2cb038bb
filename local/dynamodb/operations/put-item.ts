/**
 * PutItem: replaces the whole item.
 */
import type { OperationContext } from './operation-context.js';
import type { Item } from '../values/attribute-value.js';
import type { PutItemRequest } from '../validation/put-item.js';
import { withItemCollectionMetrics, type ItemCollectionMetrics } from './item-collection-metrics.js';
import { singleWrite } from './single-write.js';

/**
 * Puts the item, if its condition holds.
 * @throws DynamoDBError ConditionalCheckFailedException, ResourceNotFoundException, ValidationException.
 */
export function putItem(context: OperationContext, request: PutItemRequest): { Attributes?: Item; ItemCollectionMetrics?: ItemCollectionMetrics } {
  const { outcome, target } = singleWrite(context, request.action);
  const previous = outcome.previous;
  const response = request.returnValues === 'ALL_OLD' && previous !== undefined ? { Attributes: previous.item } : {};
  return request.returnItemCollectionMetrics ? withItemCollectionMetrics(response, target) : response;
}
