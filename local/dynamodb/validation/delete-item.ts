/**
 * DeleteItem's request validation.
 */
import { validationError } from '../errors.js';
import type { RawAttributeValue } from '../values/validate-item.js';
import {
  attributeMapShape,
  conditionalOperatorShape,
  expectedShape,
  expressionAttributeNamesShape,
  expressionAttributeValuesShape,
  returnConsumedCapacityShape,
  returnItemCollectionMetricsShape,
  returnValuesOnConditionCheckFailureShape,
  returnValuesShape,
  tableNameShape,
} from './common-shapes.js';
import { validateDeleteAction, type DeleteAction, type RawActionMembers } from './item-actions.js';
import { validateShape, type StructureShape } from './shape.js';

/** A validated DeleteItem request. */
export interface DeleteItemRequest {
  readonly action: DeleteAction;
  readonly returnValues: 'NONE' | 'ALL_OLD';
}

interface RawDeleteItem extends RawActionMembers {
  readonly Key: Record<string, RawAttributeValue | null>;
  readonly ReturnValues?: string;
}

const deleteItemShape: StructureShape = {
  type: 'structure',
  name: 'DeleteItemInput',
  fields: {
    ReturnConsumedCapacity: returnConsumedCapacityShape,
    TableName: tableNameShape,
    Key: attributeMapShape,
    ConditionalOperator: conditionalOperatorShape,
    Expected: expectedShape,
    ReturnValues: returnValuesShape,
    ReturnItemCollectionMetrics: returnItemCollectionMetricsShape,
    ConditionExpression: { type: 'string' },
    ExpressionAttributeValues: expressionAttributeValuesShape,
    ExpressionAttributeNames: expressionAttributeNamesShape,
    ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailureShape,
  },
};

/**
 * Validates a DeleteItem request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateDeleteItem(body: unknown): DeleteItemRequest {
  const raw = validateShape<RawDeleteItem>(body, deleteItemShape);
  const returnValues = raw.ReturnValues ?? 'NONE';
  const action = validateDeleteAction(raw, () => {
    if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') throw validationError('ReturnValues can only be ALL_OLD or NONE');
  });
  return { action, returnValues: returnValues === 'ALL_OLD' ? 'ALL_OLD' : 'NONE' };
}
