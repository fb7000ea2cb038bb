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
import { checkExpressionParameters } from './expression-parameters.js';
import { compileRequestExpressions, type ExpressionMembers } from './request-expressions.js';

/** Members every action request has once shaped. */
export interface RawActionMembers extends ExpressionMembers {
  readonly TableName: string;
  readonly ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
  readonly Expected?: unknown;
  readonly ConditionalOperator?: string;
  readonly AttributeUpdates?: unknown;
  readonly AttributesToGet?: unknown;
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
 * Validates the members of a Put (PutItem or a transaction's Put) after shaping.
 * @param checkReturnValues run between the item check and the size check, where DynamoDB
 * checks PutItem's ReturnValues.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function validatePutAction(
  raw: RawActionMembers & { readonly Item: Record<string, RawAttributeValue | null> },
  checkReturnValues: () => void = () => undefined,
): PutAction {
  checkExpressionParameters(raw, ['ConditionExpression'], ['Expected']);
  const item = validateShapedMap(raw.Item);
  checkReturnValues();
  const size = itemSize(item);
  if (size > maxItemSize) throw validationError(itemTooLargeMessage);
  const { condition } = compileRequestExpressions(raw);
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
  checkExpressionParameters(raw, ['UpdateExpression', 'ConditionExpression'], ['AttributeUpdates', 'Expected']);
  const key = validateShapedMap(raw.Key);
  checkReturnValues();
  const { condition, update } = compileRequestExpressions(raw);
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
  checkExpressionParameters(raw, ['ConditionExpression'], ['Expected']);
  const key = validateShapedMap(raw.Key);
  checkReturnValues();
  const { condition } = compileRequestExpressions(raw);
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
  const { projection } = compileRequestExpressions(raw);
  return { tableName: raw.TableName, key, ...(projection === undefined ? {} : { projection }) };
}
