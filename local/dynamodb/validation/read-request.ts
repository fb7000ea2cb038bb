/**
 * Query's and Scan's request validation, which share most members: shape and constraints,
 * expression parameters, Select against ProjectionExpression and IndexName, the starting key's
 * values, then the expressions (key condition, filter, projection) compiled together.
 */
import type { ReturnConsumedCapacity } from '../capacity/consumed-capacity.js';
import type { CompiledCondition } from '../expressions/compile-condition.js';
import { compileExpressions, type ExpressionInputs } from '../expressions/compile-expressions.js';
import type { CompiledKeyCondition } from '../expressions/compile-key-condition.js';
import type { CompiledProjection } from '../expressions/compile-projection.js';
import { validationError } from '../errors.js';
import type { Item } from '../values/attribute-value.js';
import {
  validateExpressionAttributeNames,
  validateExpressionAttributeValues,
  validateShapedMap,
  type RawAttributeValue,
} from '../values/validate-item.js';
import {
  conditionalOperatorShape,
  consistentReadShape,
  expressionAttributeNamesShape,
  expressionAttributeValuesShape,
  returnConsumedCapacityShape,
  itemTableNameShape,
} from './common-shapes.js';
import { compileAttributesToGet } from '../legacy/attributes-to-get.js';
import { compileKeyConditions } from '../legacy/key-conditions.js';
import { checkConditionalOperator, joinTerms, validateConditions, type LegacyTerm, type RawCondition } from '../legacy/legacy-condition.js';
import { checkExpressionParameters } from './expression-parameters.js';
import { validateShape, type MapShape, type StructureShape } from './shape.js';

/** The Select values. */
export type SelectValue = 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';

/** A validated Query or Scan request. */
export interface ReadRequest {
  readonly tableName: string;
  readonly indexName: string | undefined;
  /** As requested; undefined means the default (ALL_ATTRIBUTES, or ALL_PROJECTED_ATTRIBUTES on an index). */
  readonly select: SelectValue | undefined;
  readonly limit: number | undefined;
  readonly consistentRead: boolean;
  readonly exclusiveStartKey: Item | undefined;
  readonly keyCondition: CompiledKeyCondition | undefined;
  readonly filter: CompiledCondition | undefined;
  /** The filter is the legacy QueryFilter or ScanFilter (DynamoDB names it in its errors). */
  readonly legacyFilter: boolean;
  readonly projection: CompiledProjection | undefined;
  readonly scanIndexForward: boolean;
  readonly segment: number | undefined;
  readonly totalSegments: number | undefined;
  readonly returnConsumedCapacity: ReturnConsumedCapacity | undefined;
}

interface RawReadRequest {
  readonly TableName: string;
  readonly IndexName?: string;
  readonly Select?: SelectValue;
  readonly AttributesToGet?: readonly string[];
  readonly Limit?: number;
  readonly ConsistentRead?: boolean;
  readonly KeyConditions?: Readonly<Record<string, RawCondition>>;
  readonly QueryFilter?: Readonly<Record<string, RawCondition>>;
  readonly ScanFilter?: Readonly<Record<string, RawCondition>>;
  readonly ConditionalOperator?: string;
  readonly ScanIndexForward?: boolean;
  readonly ExclusiveStartKey?: Record<string, RawAttributeValue | null>;
  readonly ReturnConsumedCapacity?: ReturnConsumedCapacity;
  readonly ProjectionExpression?: string;
  readonly FilterExpression?: string;
  readonly KeyConditionExpression?: string;
  readonly ExpressionAttributeNames?: Readonly<Record<string, unknown>>;
  readonly ExpressionAttributeValues?: Readonly<Record<string, unknown>>;
  readonly Segment?: number;
  readonly TotalSegments?: number;
}

const comparisonOperatorShape = {
  type: 'string',
  notNull: true,
  enum: ['IN', 'NULL', 'BETWEEN', 'LT', 'NOT_CONTAINS', 'EQ', 'GT', 'NOT_NULL', 'NE', 'LE', 'BEGINS_WITH', 'GE', 'CONTAINS'],
} as const;

const attributeValueListShape = { type: 'list', member: { type: 'attributeValue' } } as const;

/** A map of legacy `Condition`s; DynamoDB checks a filter's members and KeyConditions' in different orders. */
function legacyConditionShape(order: 'filter' | 'key'): MapShape {
  return {
    type: 'map',
    value: {
      type: 'structure',
      name: 'Condition',
      fields:
        order === 'filter'
          ? { AttributeValueList: attributeValueListShape, ComparisonOperator: comparisonOperatorShape }
          : { ComparisonOperator: comparisonOperatorShape, AttributeValueList: attributeValueListShape },
    },
    valueTypeName: 'com.amazonaws.dynamodb.v20120810.Condition',
  };
}

const indexNameShape = { type: 'string', pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 } as const;
const selectShape = { type: 'string', enum: ['SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES'] } as const;
const attributesToGetShape = { type: 'list', minLength: 1, maxLength: 255, member: { type: 'string' } } as const;
const limitShape = { type: 'integer', min: 1 } as const;
const exclusiveStartKeyShape = {
  type: 'map',
  value: { type: 'attributeValue' },
  valueTypeName: 'com.amazonaws.dynamodb.v20120810.AttributeValue',
} as const;

// Members in the order DynamoDB reports their constraint failures (as dynalite recorded it),
// which is neither alphabetical nor the API reference's.
const queryShape: StructureShape = {
  type: 'structure',
  name: 'QueryInput',
  fields: {
    Select: selectShape,
    IndexName: indexNameShape,
    ReturnConsumedCapacity: returnConsumedCapacityShape,
    QueryFilter: legacyConditionShape('filter'),
    TableName: itemTableNameShape,
    ConditionalOperator: conditionalOperatorShape,
    AttributesToGet: attributesToGetShape,
    // Query checks Limit on its own and words the failure differently from Scan.
    Limit: { ...limitShape, reportedAs: 'Limit' },
    KeyConditions: legacyConditionShape('key'),
    ExclusiveStartKey: exclusiveStartKeyShape,
    ConsistentRead: consistentReadShape,
    ScanIndexForward: { type: 'boolean' },
    KeyConditionExpression: { type: 'string' },
    FilterExpression: { type: 'string' },
    ProjectionExpression: { type: 'string' },
    ExpressionAttributeValues: expressionAttributeValuesShape,
    ExpressionAttributeNames: expressionAttributeNamesShape,
  },
};

const scanShape: StructureShape = {
  type: 'structure',
  name: 'ScanInput',
  fields: {
    Select: selectShape,
    IndexName: indexNameShape,
    TotalSegments: { type: 'integer', min: 1, max: 1_000_000 },
    ReturnConsumedCapacity: returnConsumedCapacityShape,
    TableName: itemTableNameShape,
    ConditionalOperator: conditionalOperatorShape,
    ScanFilter: legacyConditionShape('filter'),
    Segment: { type: 'integer', min: 0, max: 999_999 },
    Limit: limitShape,
    AttributesToGet: attributesToGetShape,
    ExclusiveStartKey: exclusiveStartKeyShape,
    ConsistentRead: consistentReadShape,
    FilterExpression: { type: 'string' },
    ProjectionExpression: { type: 'string' },
    ExpressionAttributeValues: expressionAttributeValuesShape,
    ExpressionAttributeNames: expressionAttributeNamesShape,
  },
};

function checkSelect(raw: RawReadRequest, kind: 'Query' | 'Scan'): void {
  const projected = raw.ProjectionExpression !== undefined || raw.AttributesToGet !== undefined;
  const parameter = raw.ProjectionExpression !== undefined ? 'ProjectionExpression' : 'AttributesToGet';
  // Query reports these two as a constraint failure, Scan bare, as DynamoDB does.
  const prefix = kind === 'Query' ? '1 validation error detected: ' : '';
  if (raw.Select !== undefined && raw.Select !== 'SPECIFIC_ATTRIBUTES' && projected) {
    const what = raw.Select === 'COUNT' ? 'only the Count' : raw.Select;
    throw validationError(`${prefix}Cannot specify the ${parameter} when choosing to get ${what}`);
  }
  if (raw.Select === 'SPECIFIC_ATTRIBUTES' && !projected) {
    throw validationError(`${prefix}Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES`);
  }
  if (raw.Select === 'ALL_PROJECTED_ATTRIBUTES' && raw.IndexName === undefined) {
    throw validationError('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
  }
}

function checkSegments(raw: RawReadRequest): void {
  if (raw.Segment !== undefined && raw.TotalSegments === undefined) {
    throw validationError('The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
  }
  if (raw.TotalSegments !== undefined && raw.Segment === undefined) {
    throw validationError('The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
  }
  if (raw.Segment !== undefined && raw.TotalSegments !== undefined && raw.Segment >= raw.TotalSegments) {
    throw validationError(
      `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${raw.Segment} is not less than TotalSegments: ${raw.TotalSegments}`,
    );
  }
}

const queryExpressions = ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'];
// KeyConditions counts as mixing only beside a KeyConditionExpression: DynamoDB accepts it with a
// FilterExpression or a ProjectionExpression.
const queryLegacy = ['AttributesToGet', 'QueryFilter', 'ConditionalOperator'];
const queryLegacyWithKeyConditions = [...queryLegacy, 'KeyConditions'];
const scanExpressions = ['ProjectionExpression', 'FilterExpression'];
const scanLegacy = ['AttributesToGet', 'ScanFilter', 'ConditionalOperator'];

function validateRead(body: unknown, kind: 'Query' | 'Scan'): ReadRequest {
  const raw = validateShape<RawReadRequest>(body, kind === 'Query' ? queryShape : scanShape);
  const legacyFilter = kind === 'Query' ? raw.QueryFilter : raw.ScanFilter;
  let filterTerms: LegacyTerm[] | undefined;
  let legacyProjection: CompiledProjection | undefined;
  if (kind === 'Query') {
    checkExpressionParameters(raw, queryExpressions, raw.KeyConditionExpression === undefined ? queryLegacy : queryLegacyWithKeyConditions);
    checkConditionalOperator(raw.ConditionalOperator, legacyFilter);
    if (legacyFilter !== undefined) filterTerms = validateConditions(legacyFilter);
    if (raw.AttributesToGet !== undefined) legacyProjection = compileAttributesToGet(raw.AttributesToGet);
  } else {
    checkExpressionParameters(raw, scanExpressions, scanLegacy);
    checkConditionalOperator(raw.ConditionalOperator, legacyFilter);
    if (raw.AttributesToGet !== undefined) legacyProjection = compileAttributesToGet(raw.AttributesToGet);
    if (legacyFilter !== undefined) filterTerms = validateConditions(legacyFilter);
    checkSegments(raw);
  }
  checkSelect(raw, kind);
  const exclusiveStartKey = raw.ExclusiveStartKey === undefined ? undefined : validateShapedMap(raw.ExclusiveStartKey);
  if (kind === 'Query' && raw.KeyConditionExpression === undefined && raw.KeyConditions === undefined) {
    throw validationError('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  }
  const inputs: ExpressionInputs = {};
  if (raw.ExpressionAttributeNames !== undefined) inputs.expressionAttributeNames = validateExpressionAttributeNames(raw.ExpressionAttributeNames);
  if (raw.ExpressionAttributeValues !== undefined) inputs.expressionAttributeValues = validateExpressionAttributeValues(raw.ExpressionAttributeValues);
  if (raw.KeyConditionExpression !== undefined) inputs.keyConditionExpression = raw.KeyConditionExpression;
  if (raw.FilterExpression !== undefined) inputs.filterExpression = raw.FilterExpression;
  if (raw.ProjectionExpression !== undefined) inputs.projectionExpression = raw.ProjectionExpression;
  const compiled = compileExpressions(inputs);
  const keyCondition = raw.KeyConditions === undefined || raw.KeyConditionExpression !== undefined ? compiled.keyCondition : compileKeyConditions(raw.KeyConditions);
  return {
    tableName: raw.TableName,
    indexName: raw.IndexName,
    select: raw.Select,
    limit: raw.Limit,
    consistentRead: raw.ConsistentRead ?? false,
    exclusiveStartKey,
    keyCondition,
    filter: filterTerms === undefined ? compiled.filter : joinTerms(filterTerms, raw.ConditionalOperator),
    legacyFilter: filterTerms !== undefined,
    projection: legacyProjection ?? compiled.projection,
    scanIndexForward: raw.ScanIndexForward ?? true,
    segment: raw.Segment,
    totalSegments: raw.TotalSegments,
    returnConsumedCapacity: raw.ReturnConsumedCapacity,
  };
}

/**
 * Validates a Query request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateQuery(body: unknown): ReadRequest {
  return validateRead(body, 'Query');
}

/**
 * Validates a Scan request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateScan(body: unknown): ReadRequest {
  return validateRead(body, 'Scan');
}
