/**
 * The ConditionalCheckFailedException of PutItem, UpdateItem and DeleteItem.
 */
import { DynamoDBError } from '../errors.js';
import type { StoredItem } from '../storage/stored-item.js';

/** DynamoDB's message for a failed condition. */
export const conditionFailedMessage = 'The conditional request failed';

/**
 * The error for a failed condition; it carries the item as it was when the request asked for
 * it with ReturnValuesOnConditionCheckFailure=ALL_OLD and the item exists.
 */
export function conditionalCheckFailed(previous: StoredItem | undefined, returnOld: boolean): DynamoDBError {
  return new DynamoDBError(
    'ConditionalCheckFailedException',
    conditionFailedMessage,
    returnOld && previous !== undefined ? { Item: previous.item } : {},
  );
}
