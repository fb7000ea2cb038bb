/**
 * BatchWriteItem's request validation: 1 to 25 put or delete requests in all, each exactly one
 * of PutRequest or DeleteRequest.
 */
import type { ReturnConsumedCapacity } from '../capacity/consumed-capacity.js';
import { validationError } from '../errors.js';
import type { RawAttributeValue } from '../values/validate-item.js';
import { attributeMapShape, returnConsumedCapacityShape, returnItemCollectionMetricsShape } from './common-shapes.js';
import { validateDeleteAction, validatePutAction, type DeleteAction, type PutAction } from './item-actions.js';
import { validateShape, type StructureShape } from './shape.js';

/** A validated BatchWriteItem request. */
export interface BatchWriteItemRequest {
  readonly writes: readonly (PutAction | DeleteAction)[];
  readonly returnConsumedCapacity: ReturnConsumedCapacity | undefined;
  /** ReturnItemCollectionMetrics is SIZE. */
  readonly returnItemCollectionMetrics: boolean;
}

interface RawWriteRequest {
  readonly PutRequest?: { readonly Item: Record<string, RawAttributeValue | null> };
  readonly DeleteRequest?: { readonly Key: Record<string, RawAttributeValue | null> };
}

interface RawBatchWriteItem {
  readonly RequestItems: Readonly<Record<string, readonly RawWriteRequest[]>>;
  readonly ReturnConsumedCapacity?: ReturnConsumedCapacity;
  readonly ReturnItemCollectionMetrics?: string;
}

const batchWriteItemShape: StructureShape = {
  type: 'structure',
  name: 'BatchWriteItemInput',
  fields: {
    RequestItems: {
      type: 'map',
      notNull: true,
      // An empty map is refused after the shape check, with BatchWriteItem's own message.
      maxLength: 25,
      keyMaxLength: 255,
      valueTypeName: 'java.util.List',
      valueLength: { min: 1, max: 25 },
      value: {
        type: 'list',
        member: {
          type: 'structure',
          name: 'WriteRequest',
          fields: {
            PutRequest: { type: 'structure', name: 'PutRequest', fields: { Item: attributeMapShape } },
            DeleteRequest: { type: 'structure', name: 'DeleteRequest', fields: { Key: attributeMapShape } },
          },
        },
      },
    },
    ReturnConsumedCapacity: returnConsumedCapacityShape,
    ReturnItemCollectionMetrics: returnItemCollectionMetricsShape,
  },
};

/** Maximum number of writes in one BatchWriteItem. */
export const maxBatchWrites = 25;

/**
 * Validates a BatchWriteItem request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateBatchWriteItem(body: unknown): BatchWriteItemRequest {
  const raw = validateShape<RawBatchWriteItem>(body, batchWriteItemShape);
  if (Object.keys(raw.RequestItems).length === 0) throw validationError('The requestItems parameter is required for BatchWriteItem');
  let total = 0;
  for (const requests of Object.values(raw.RequestItems)) total += requests.length;
  if (total > maxBatchWrites) throw validationError('Too many items requested for the BatchWriteItem call');
  const writes: (PutAction | DeleteAction)[] = [];
  for (const [tableName, requests] of Object.entries(raw.RequestItems)) {
    for (const request of requests) {
      const put = request.PutRequest;
      const remove = request.DeleteRequest;
      if ((put === undefined) === (remove === undefined)) {
        throw validationError('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
      }
      if (put !== undefined) writes.push(validatePutAction({ TableName: tableName, Item: put.Item }));
      else if (remove !== undefined) writes.push(validateDeleteAction({ TableName: tableName, Key: remove.Key }));
    }
  }
  return { writes, returnConsumedCapacity: raw.ReturnConsumedCapacity, returnItemCollectionMetrics: raw.ReturnItemCollectionMetrics === 'SIZE' };
}
