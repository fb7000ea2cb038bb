/**
 * The four write actions (Put, Update, Delete, ConditionCheck) as validated requests, shared by
 * the single-item operations and TransactWriteItems, and the validation of their members that is
 * the same in both places.
 */
import type { CompiledCondition } from '../expressions/compile-condition.js';
import type { CompiledProjection } from '../expressions/compile-projection.js';
import type { CompiledUpdate } from '../expressions/compile-update.js';
import { validationError } from '../errors.js';
import type { Item } from '../values/attribute-value.js';
import { itemSize, itemTooLargeMessage, maxItemSize } from '../values/item-size.js';
import type { RawAttributeValue } from '../values/validate-item.js';
import { validateShapedMap } from '../values/validate-item.js';
import { compileAttributeUpdates, type RawAttributeUpdate } from '../legacy/attribute-updates.js';
import { compileAttributesToGet } from '../legacy/attributes-to-get.js';
import { checkConditionalOperator, compileExpected, type RawExpectedValue } from '../legacy/legacy-condition.js';
import { checkExpressionParameters } from './expression-parameters.js';
import { compileRequestExpressions, type ExpressionMembers } from './request-expressions.js';

/** Members every action request has once shaped. */
export interface RawActionMembers extends ExpressionMembers {
  readonly TableName: string;
  readonly ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
  readonly ReturnItemCollectionMetrics?: string;
  readonly Expected?: Readonly<Record<string, RawExpectedValue>>;
  readonly ConditionalOperator?: string;
  readonly AttributeUpdates?: Readonly<Record<string, RawAttributeUpdate>>;
  readonly AttributesToGet?: readonly string[];
}

interface ActionCommon {
  readonly tableName: string;
  readonly condition: CompiledCondition | undefined;
  /** ReturnValuesOnConditionCheckFailure is ALL_OLD. */
  readonly returnOldOnFailure: boolean;
}

/** A validated Put. */
export interface PutAction extends ActionCommon {
  readonly kind: 'put';
  readonly item: Item;
  readonly size: number;
}

/** A validated Update. */
export interface UpdateAction extends ActionCommon {
  readonly kind: 'update';
  readonly key: Item;
  readonly update: CompiledUpdate | undefined;
}

/** A validated Delete. */
export interface DeleteAction extends ActionCommon {
  readonly kind: 'delete';
  readonly key: Item;
}

/** A validated ConditionCheck. */
export interface CheckAction extends ActionCommon {
  readonly kind: 'check';
  readonly key: Item;
  readonly condition: CompiledCondition;
}

/** Any validated write action. */
export type WriteAction = PutAction | UpdateAction | DeleteAction | CheckAction;

/** A validated Get (GetItem, TransactGetItems). */
export interface GetAction {
  readonly tableName: string;
  readonly key: Item;
  readonly projection?: CompiledProjection;
}

function returnOldOnFailure(raw: RawActionMembers): boolean {
  return raw.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
}

/**
 * The condition of a write: its legacy Expected map or its ConditionExpression (the two never
 * meet, checkExpressionParameters saw to that).
 */
function writeCondition(raw: RawActionMembers): CompiledCondition | undefined {
  if (raw.Expected === undefined) return compileRequestExpressions(raw).condition;
  return compileExpected(raw.Expected, raw.ConditionalOperator);
}

/**
 * Validates the members of a Put (PutItem or a transaction's Put) after shaping.
 * @param checkReturnValues run between the item check and the size check, where DynamoDB
 * checks PutItem's ReturnValues.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function validatePutAction(
  raw: RawActionMembers & { readonly Item: Record<string, RawAttributeValue | null> },
  checkReturnValues: () => void = () => undefined,
): PutAction {
  checkExpressionParameters(raw, ['ConditionExpression'], ['Expected', 'ConditionalOperator']);
  checkConditionalOperator(raw.ConditionalOperator, raw.Expected);
  const item = validateShapedMap(raw.Item);
  checkReturnValues();
  const size = itemSize(item);
  if (size > maxItemSize) throw validationError(itemTooLargeMessage);
  const condition = writeCondition(raw);
  return { kind: 'put', tableName: raw.TableName, condition, returnOldOnFailure: returnOldOnFailure(raw), item, size };
}

/**
 * Validates the members of an Update after shaping.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function validateUpdateAction(
  raw: RawActionMembers & { readonly Key: Record<string, RawAttributeValue | null> },
  checkReturnValues: () => void = () => undefined,
): UpdateAction {
  checkExpressionParameters(raw, ['UpdateExpression', 'ConditionExpression'], ['AttributeUpdates', 'Expected', 'ConditionalOperator']);
  checkConditionalOperator(raw.ConditionalOperator, raw.Expected);
  const key = validateShapedMap(raw.Key);
  checkReturnValues();
  let condition: CompiledCondition | undefined;
  let update: CompiledUpdate | undefined;
  if (raw.AttributeUpdates === undefined && raw.Expected === undefined) {
    ({ condition, update } = compileRequestExpressions(raw));
  } else {
    update = raw.AttributeUpdates === undefined ? undefined : compileAttributeUpdates(raw.AttributeUpdates);
    condition = raw.Expected === undefined ? undefined : compileExpected(raw.Expected, raw.ConditionalOperator);
  }
  return { kind: 'update', tableName: raw.TableName, condition, returnOldOnFailure: returnOldOnFailure(raw), key, update };
}

/**
 * Validates the members of a Delete after shaping.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function validateDeleteAction(
  raw: RawActionMembers & { readonly Key: Record<string, RawAttributeValue | null> },
  checkReturnValues: () => void = () => undefined,
): DeleteAction {
  checkExpressionParameters(raw, ['ConditionExpression'], ['Expected', 'ConditionalOperator']);
  checkConditionalOperator(raw.ConditionalOperator, raw.Expected);
  const key = validateShapedMap(raw.Key);
  checkReturnValues();
  const condition = writeCondition(raw);
  return { kind: 'delete', tableName: raw.TableName, condition, returnOldOnFailure: returnOldOnFailure(raw), key };
}

/**
 * Validates the members of a ConditionCheck after shaping.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function validateCheckAction(raw: RawActionMembers & { readonly Key: Record<string, RawAttributeValue | null> }): CheckAction {
  const key = validateShapedMap(raw.Key);
  const { condition } = compileRequestExpressions(raw);
  if (condition === undefined) throw validationError('The ConditionExpression parameter is required but was not present in the request');
  return { kind: 'check', tableName: raw.TableName, condition, returnOldOnFailure: returnOldOnFailure(raw), key };
}

/**
 * Validates the members of a Get after shaping.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function validateGetAction(raw: RawActionMembers & { readonly Key: Record<string, RawAttributeValue | null> }): GetAction {
  checkExpressionParameters(raw, ['ProjectionExpression'], ['AttributesToGet']);
  const key = validateShapedMap(raw.Key);
  const projection = raw.AttributesToGet === undefined ? compileRequestExpressions(raw).projection : compileAttributesToGet(raw.AttributesToGet);
  return { tableName: raw.TableName, key, ...(projection === undefined ? {} : { projection }) };
}
