/**
 * Request members shared by several operations, with DynamoDB's constraints.
 */
import type { BooleanShape, ListShape, MapShape, StringShape, StructureShape } from './shape.js';

/** `TableName` of UpdateTable and UpdateTimeToLive, checked in the request's shape. */
export const tableNameShape: StringShape = {
  type: 'string',
  notNull: true,
  pattern: '[a-zA-Z0-9_.-]+',
  minLength: 3,
  maxLength: 255,
};

/**
 * `TableName` of an item operation: DynamoDB asks here for one character at least (an empty name
 * is reported for its length alone), not the three CreateTable requires.
 */
export const itemTableNameShape: StringShape = { ...tableNameShape, minLength: 1 };

/** `TableName` of a table-management operation (checked first, with its own messages). */
export const managedTableNameShape: StringShape = { type: 'string', pattern: '[a-zA-Z0-9_.-]+' };

/** An `Item` or a `Key`: a map of attribute values. */
export const attributeMapShape: MapShape = {
  type: 'map',
  notNull: true,
  value: { type: 'attributeValue' },
  valueTypeName: 'com.amazonaws.dynamodb.v20120810.AttributeValue',
};

/** `ExpressionAttributeValues`. */
export const expressionAttributeValuesShape: MapShape = {
  type: 'map',
  value: { type: 'attributeValue' },
  valueTypeName: 'com.amazonaws.dynamodb.v20120810.AttributeValue',
};

/** `ExpressionAttributeNames`. */
export const expressionAttributeNamesShape: MapShape = {
  type: 'map',
  value: { type: 'string' },
  valueTypeName: 'java.lang.String',
};

/** `ReturnConsumedCapacity`. */
export const returnConsumedCapacityShape: StringShape = { type: 'string', enum: ['INDEXES', 'TOTAL', 'NONE'] };

/** `ReturnItemCollectionMetrics`. */
export const returnItemCollectionMetricsShape: StringShape = { type: 'string', enum: ['SIZE', 'NONE'] };

/** `ReturnValues`. */
export const returnValuesShape: StringShape = { type: 'string', enum: ['ALL_NEW', 'UPDATED_OLD', 'ALL_OLD', 'NONE', 'UPDATED_NEW'] };

/** `ReturnValuesOnConditionCheckFailure`. */
export const returnValuesOnConditionCheckFailureShape: StringShape = { type: 'string', enum: ['ALL_OLD', 'NONE'] };

/** `ConditionalOperator` (legacy). */
export const conditionalOperatorShape: StringShape = { type: 'string', enum: ['OR', 'AND'] };

/** `ConsistentRead`. */
export const consistentReadShape: BooleanShape = { type: 'boolean' };

/** `Expected` (legacy conditions): shaped so a request using it gets DynamoDB's errors. */
export const expectedShape: MapShape = {
  type: 'map',
  valueTypeName: 'com.amazonaws.dynamodb.v20120810.ExpectedAttributeValue',
  value: {
    type: 'structure',
    name: 'ExpectedAttributeValue',
    fields: {
      AttributeValueList: { type: 'list', member: { type: 'attributeValue' } },
      ComparisonOperator: {
        type: 'string',
        enum: ['IN', 'NULL', 'BETWEEN', 'LT', 'NOT_CONTAINS', 'EQ', 'GT', 'NOT_NULL', 'NE', 'LE', 'BEGINS_WITH', 'GE', 'CONTAINS'],
      },
      Exists: { type: 'boolean' },
      Value: { type: 'attributeValue' },
    },
  } satisfies StructureShape,
};

/** `TransactItems` of TransactGetItems and TransactWriteItems: 1 to 100 of one structure. */
export function transactItemsShape(member: StructureShape): ListShape {
  return { type: 'list', notNull: true, minLength: 1, maxLength: 100, member };
}
