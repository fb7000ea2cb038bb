/**
 * PutItem's request validation, in DynamoDB's order: shape and constraints, expression
 * parameters, the item's values, ReturnValues, the 400 KB limit, then the expressions.
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
import { validatePutAction, type PutAction, type RawActionMembers } from './item-actions.js';
import { validateShape, type StructureShape } from './shape.js';

/** A validated PutItem request. */
export interface PutItemRequest {
  readonly action: PutAction;
  readonly returnValues: 'NONE' | 'ALL_OLD';
}

interface RawPutItem extends RawActionMembers {
  readonly Item: Record<string, RawAttributeValue | null>;
  readonly ReturnValues?: string;
}

const putItemShape: StructureShape = {
  type: 'structure',
  name: 'PutItemInput',
  fields: {
    ReturnConsumedCapacity: returnConsumedCapacityShape,
    TableName: tableNameShape,
    Item: attributeMapShape,
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
 * Validates a PutItem request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validatePutItem(body: unknown): PutItemRequest {
  const raw = validateShape<RawPutItem>(body, putItemShape);
  const returnValues = raw.ReturnValues ?? 'NONE';
  const action = validatePutAction(raw, () => {
    if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') throw validationError('ReturnValues can only be ALL_OLD or NONE');
  });
  return { action, returnValues: returnValues === 'ALL_OLD' ? 'ALL_OLD' : 'NONE' };
}
