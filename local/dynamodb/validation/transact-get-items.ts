/**
 * TransactGetItems' request validation: 1 to 100 Gets.
 */
import type { RawAttributeValue } from '../values/validate-item.js';
import { attributeMapShape, expressionAttributeNamesShape, returnConsumedCapacityShape, itemTableNameShape, transactItemsShape } from './common-shapes.js';
import { validateGetAction, type GetAction, type RawActionMembers } from './item-actions.js';
import { validateShape, type StructureShape } from './shape.js';

/** A validated TransactGetItems request. */
export interface TransactGetItemsRequest {
  readonly gets: readonly GetAction[];
}

interface RawTransactGetItems {
  readonly TransactItems: readonly { readonly Get: RawActionMembers & { readonly Key: Record<string, RawAttributeValue | null> } }[];
}

const transactGetItemsShape: StructureShape = {
  type: 'structure',
  name: 'TransactGetItemsInput',
  fields: {
    TransactItems: transactItemsShape({
      type: 'structure',
      name: 'TransactGetItem',
      fields: {
        Get: {
          type: 'structure',
          name: 'Get',
          notNull: true,
          fields: {
            Key: attributeMapShape,
            TableName: itemTableNameShape,
            ProjectionExpression: { type: 'string' },
            ExpressionAttributeNames: expressionAttributeNamesShape,
          },
        },
      },
    }),
    ReturnConsumedCapacity: returnConsumedCapacityShape,
  },
};

/**
 * Validates a TransactGetItems request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateTransactGetItems(body: unknown): TransactGetItemsRequest {
  const raw = validateShape<RawTransactGetItems>(body, transactGetItemsShape);
  return { gets: raw.TransactItems.map((item) => validateGetAction(item.Get)) };
}
