/**
 * PutItem: replaces the whole item.
 */
import type { OperationContext } from './operation-context.js';
import type { Item } from '../values/attribute-value.js';
import type { PutItemRequest } from '../validation/put-item.js';
import { singleWrite } from './single-write.js';

/**
 * Puts the item, if its condition holds.
 * @throws DynamoDBError ConditionalCheckFailedException, ResourceNotFoundException, ValidationException.
 */
export function putItem(context: OperationContext, request: PutItemRequest): { Attributes?: Item } {
  const outcome = singleWrite(context, request.action);
  const previous = outcome.previous;
  return request.returnValues === 'ALL_OLD' && previous !== undefined ? { Attributes: previous.item } : {};
}
