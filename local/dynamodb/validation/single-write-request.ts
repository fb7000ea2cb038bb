/**
 * What the PutItem, DeleteItem and UpdateItem requests share: the members around their item or
 * key, grouped as DynamoDB orders them (the order its errors are reported in), and the
 * ReturnValues rule of PutItem and DeleteItem.
 */
import { validationError } from '../errors.js';
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
  itemTableNameShape,
} from './common-shapes.js';
import type { StructureShape } from './shape.js';

/** The legacy condition members, right after the item or key. */
export const legacyConditionMembers = {
  ConditionalOperator: conditionalOperatorShape,
  Expected: expectedShape,
} as const;

/** The expression parameters and ReturnValuesOnConditionCheckFailure, last. */
export const expressionParameterMembers = {
  ExpressionAttributeValues: expressionAttributeValuesShape,
  ExpressionAttributeNames: expressionAttributeNamesShape,
  ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailureShape,
} as const;

/** PutItem's and DeleteItem's request shape: the same members around `Item` or `Key`. */
export function allOldWriteShape(name: 'PutItemInput' | 'DeleteItemInput', itemMember: 'Item' | 'Key'): StructureShape {
  return {
    type: 'structure',
    name,
    fields: {
      ReturnConsumedCapacity: returnConsumedCapacityShape,
      TableName: itemTableNameShape,
      [itemMember]: attributeMapShape,
      ...legacyConditionMembers,
      ReturnValues: returnValuesShape,
      ReturnItemCollectionMetrics: returnItemCollectionMetricsShape,
      ConditionExpression: { type: 'string' },
      ...expressionParameterMembers,
    },
  };
}

/** ReturnValues of PutItem and DeleteItem. */
export type AllOldReturnValues = 'NONE' | 'ALL_OLD';

/**
 * Validates a shaped PutItem or DeleteItem request: its action, with ReturnValues (NONE or
 * ALL_OLD only) checked at the point of the action's validation where DynamoDB checks it.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function validateAllOldWrite<R extends { readonly ReturnValues?: string; readonly ReturnItemCollectionMetrics?: string }, A>(
  raw: R,
  validateAction: (raw: R, checkReturnValues: () => void) => A,
): { readonly action: A; readonly returnValues: AllOldReturnValues; readonly returnItemCollectionMetrics: boolean } {
  const returnValues = raw.ReturnValues ?? 'NONE';
  const action = validateAction(raw, () => {
    if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') throw validationError('ReturnValues can only be ALL_OLD or NONE');
  });
  return { action, returnValues: returnValues === 'ALL_OLD' ? 'ALL_OLD' : 'NONE', returnItemCollectionMetrics: raw.ReturnItemCollectionMetrics === 'SIZE' };
}
