/**
 * GetItem's request validation.
 */
import type { RawAttributeValue } from '../values/validate-item.js';
import {
  attributeMapShape,
  consistentReadShape,
  expressionAttributeNamesShape,
  returnConsumedCapacityShape,
  itemTableNameShape,
} from './common-shapes.js';
import { validateGetAction, type GetAction, type RawActionMembers } from './item-actions.js';
import { validateShape, type StructureShape } from './shape.js';

/** A validated GetItem request. */
export interface GetItemRequest {
  readonly action: GetAction;
  readonly consistentRead: boolean;
}

interface RawGetItem extends RawActionMembers {
  readonly Key: Record<string, RawAttributeValue | null>;
  readonly ConsistentRead?: boolean;
}

const getItemShape: StructureShape = {
  type: 'structure',
  name: 'GetItemInput',
  fields: {
    ReturnConsumedCapacity: returnConsumedCapacityShape,
    AttributesToGet: { type: 'list', minLength: 1, maxLength: 255, member: { type: 'string' } },
    TableName: itemTableNameShape,
    Key: attributeMapShape,
    ConsistentRead: consistentReadShape,
    ProjectionExpression: { type: 'string' },
    ExpressionAttributeNames: expressionAttributeNamesShape,
  },
};

/**
 * Validates a GetItem request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateGetItem(body: unknown): GetItemRequest {
  const raw = validateShape<RawGetItem>(body, getItemShape);
  return { action: validateGetAction(raw), consistentRead: raw.ConsistentRead ?? false };
}
