/**
 * PutItem's request validation, in DynamoDB's order: shape and constraints, expression
 * parameters, the item's values, ReturnValues, the 400 KB limit, then the expressions.
 */
import type { RawAttributeValue } from '../values/validate-item.js';
import { validatePutAction, type PutAction, type RawActionMembers } from './item-actions.js';
import { validateShape } from './shape.js';
import { allOldWriteShape, validateAllOldWrite, type AllOldReturnValues } from './single-write-request.js';

/** A validated PutItem request. */
export interface PutItemRequest {
  readonly action: PutAction;
  readonly returnValues: AllOldReturnValues;
  /** ReturnItemCollectionMetrics is SIZE. */
  readonly returnItemCollectionMetrics: boolean;
}

interface RawPutItem extends RawActionMembers {
  readonly Item: Record<string, RawAttributeValue | null>;
  readonly ReturnValues?: string;
}

const putItemShape = allOldWriteShape('PutItemInput', 'Item');

/**
 * Validates a PutItem request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validatePutItem(body: unknown): PutItemRequest {
  return validateAllOldWrite(validateShape<RawPutItem>(body, putItemShape), validatePutAction);
}
