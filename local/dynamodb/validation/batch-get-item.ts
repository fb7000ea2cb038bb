/**
 * BatchGetItem's request validation: 1 to 100 tables, at most 100 keys in all, no key twice.
 */
import type { ReturnConsumedCapacity } from '../capacity/consumed-capacity.js';
import { validationError } from '../errors.js';
import type { RawAttributeValue } from '../values/validate-item.js';
import { attributeMapShape, consistentReadShape, expressionAttributeNamesShape, returnConsumedCapacityShape } from './common-shapes.js';
import { validateGetAction, type GetAction } from './item-actions.js';
import { validateShape, type StructureShape } from './shape.js';

/** One table's part of a validated BatchGetItem. */
export interface BatchGetTable {
  readonly tableName: string;
  readonly gets: readonly GetAction[];
  readonly consistentRead: boolean;
}

/** A validated BatchGetItem request. */
export interface BatchGetItemRequest {
  readonly tables: readonly BatchGetTable[];
  readonly returnConsumedCapacity: ReturnConsumedCapacity | undefined;
}

interface RawKeysAndAttributes {
  readonly Keys: readonly Record<string, RawAttributeValue | null>[];
  readonly AttributesToGet?: readonly string[];
  readonly ConsistentRead?: boolean;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: Readonly<Record<string, unknown>>;
}

interface RawBatchGetItem {
  readonly RequestItems: Readonly<Record<string, RawKeysAndAttributes>>;
  readonly ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

const batchGetItemShape: StructureShape = {
  type: 'structure',
  name: 'BatchGetItemInput',
  fields: {
    RequestItems: {
      type: 'map',
      notNull: true,
      // An empty map is refused after the shape check, with BatchGetItem's own message.
      maxLength: 100,
      keyMaxLength: 255,
      valueTypeName: 'com.amazonaws.dynamodb.v20120810.KeysAndAttributes',
      value: {
        type: 'structure',
        name: 'KeysAndAttributes',
        fields: {
          // More than 100 keys are refused after the shape check, worded as DynamoDB words it.
          Keys: { type: 'list', notNull: true, minLength: 1, member: attributeMapShape },
          AttributesToGet: { type: 'list', minLength: 1, maxLength: 255, member: { type: 'string' } },
          ConsistentRead: consistentReadShape,
          ProjectionExpression: { type: 'string' },
          ExpressionAttributeNames: expressionAttributeNamesShape,
        },
      },
    },
    ReturnConsumedCapacity: returnConsumedCapacityShape,
  },
};

/** Maximum number of keys one BatchGetItem may ask for. */
export const maxBatchGetKeys = 100;

/**
 * Validates a BatchGetItem request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateBatchGetItem(body: unknown): BatchGetItemRequest {
  const raw = validateShape<RawBatchGetItem>(body, batchGetItemShape);
  const tableNames = Object.keys(raw.RequestItems);
  if (tableNames.length === 0) throw validationError('The requestItems parameter is required for BatchGetItem');
  let total = 0;
  for (const [tableName, entry] of Object.entries(raw.RequestItems)) {
    if (entry.Keys.length > maxBatchGetKeys) {
      throw validationError(
        `1 validation error detected: Value at 'RequestItems.${tableName}.member.Keys' failed to satisfy constraint: Member must have length less than or equal to ${maxBatchGetKeys}`,
      );
    }
    total += entry.Keys.length;
  }
  if (total > maxBatchGetKeys) throw validationError('Too many items requested for the BatchGetItem call');
  const tables = Object.entries(raw.RequestItems).map(([tableName, entry]): BatchGetTable => {
    const gets = entry.Keys.map((key) =>
      validateGetAction({
        TableName: tableName,
        Key: key,
        ...(entry.ProjectionExpression === undefined ? {} : { ProjectionExpression: entry.ProjectionExpression }),
        ...(entry.ExpressionAttributeNames === undefined ? {} : { ExpressionAttributeNames: entry.ExpressionAttributeNames }),
        ...(entry.AttributesToGet === undefined ? {} : { AttributesToGet: entry.AttributesToGet }),
      }),
    );
    return { tableName, gets, consistentRead: entry.ConsistentRead ?? false };
  });
  return { tables, returnConsumedCapacity: raw.ReturnConsumedCapacity };
}
