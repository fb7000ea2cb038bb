/**
 * DeleteItem's request validation.
 */
import type { RawAttributeValue } from '../values/validate-item.js';
import { validateDeleteAction, type DeleteAction, type RawActionMembers } from './item-actions.js';
import { validateShape } from './shape.js';
import { allOldWriteShape, validateAllOldWrite, type AllOldReturnValues } from './single-write-request.js';

/** A validated DeleteItem request. */
export interface DeleteItemRequest {
  readonly action: DeleteAction;
  readonly returnValues: AllOldReturnValues;
  /** ReturnItemCollectionMetrics is SIZE. */
  readonly returnItemCollectionMetrics: boolean;
}

interface RawDeleteItem extends RawActionMembers {
  readonly Key: Record<string, RawAttributeValue | null>;
  readonly ReturnValues?: string;
}

const deleteItemShape = allOldWriteShape('DeleteItemInput', 'Key');

/**
 * Validates a DeleteItem request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateDeleteItem(body: unknown): DeleteItemRequest {
  return validateAllOldWrite(validateShape<RawDeleteItem>(body, deleteItemShape), validateDeleteAction);
}
