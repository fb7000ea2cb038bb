/**
 * UpdateItem's request validation.
 */
import type { RawAttributeValue } from '../values/validate-item.js';
import {
  attributeMapShape,
  returnConsumedCapacityShape,
  returnItemCollectionMetricsShape,
  returnValuesShape,
  itemTableNameShape,
} from './common-shapes.js';
import { validateUpdateAction, type RawActionMembers, type UpdateAction } from './item-actions.js';
import { validateShape, type StructureShape } from './shape.js';
import { expressionParameterMembers, legacyConditionMembers } from './single-write-request.js';

/** ReturnValues of UpdateItem. */
export type UpdateReturnValues = 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';

/** A validated UpdateItem request. */
export interface UpdateItemRequest {
  readonly action: UpdateAction;
  readonly returnValues: UpdateReturnValues;
  /** ReturnItemCollectionMetrics is SIZE. */
  readonly returnItemCollectionMetrics: boolean;
}

interface RawUpdateItem extends RawActionMembers {
  readonly Key: Record<string, RawAttributeValue | null>;
  readonly ReturnValues?: UpdateReturnValues;
}

const updateItemShape: StructureShape = {
  type: 'structure',
  name: 'UpdateItemInput',
  fields: {
    ReturnConsumedCapacity: returnConsumedCapacityShape,
    TableName: itemTableNameShape,
    ReturnItemCollectionMetrics: returnItemCollectionMetricsShape,
    ReturnValues: returnValuesShape,
    Key: attributeMapShape,
    ...legacyConditionMembers,
    AttributeUpdates: {
      type: 'map',
      valueTypeName: 'com.amazonaws.dynamodb.v20120810.AttributeValueUpdate',
      value: {
        type: 'structure',
        name: 'AttributeValueUpdate',
        fields: { Action: { type: 'string', enum: ['ADD', 'PUT', 'DELETE'] }, Value: { type: 'attributeValue' } },
      },
    },
    ConditionExpression: { type: 'string' },
    UpdateExpression: { type: 'string' },
    ...expressionParameterMembers,
  },
};

/**
 * Validates an UpdateItem request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateUpdateItem(body: unknown): UpdateItemRequest {
  const raw = validateShape<RawUpdateItem>(body, updateItemShape);
  const action = validateUpdateAction(raw);
  return { action, returnValues: raw.ReturnValues ?? 'NONE', returnItemCollectionMetrics: raw.ReturnItemCollectionMetrics === 'SIZE' };
}
