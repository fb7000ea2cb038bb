/**
 * TransactWriteItems' request validation: 1 to 100 actions, each exactly one of ConditionCheck,
 * Put, Update or Delete, each validated as its single-item counterpart is.
 */
import { createHash } from 'node:crypto';
import { type DynamoDBError, validationError } from '../errors.js';
import { itemSize } from '../values/item-size.js';
import type { RawAttributeValue } from '../values/validate-item.js';
import {
  attributeMapShape,
  expressionAttributeNamesShape,
  expressionAttributeValuesShape,
  returnConsumedCapacityShape,
  returnItemCollectionMetricsShape,
  returnValuesOnConditionCheckFailureShape,
  itemTableNameShape,
  transactItemsShape,
} from './common-shapes.js';
import {
  validateCheckAction,
  validateDeleteAction,
  validatePutAction,
  validateUpdateAction,
  type RawActionMembers,
  type WriteAction,
} from './item-actions.js';
import { validateShape, type Shape, type StructureShape } from './shape.js';

/** A validated TransactWriteItems request. */
export interface TransactWriteItemsRequest {
  readonly actions: readonly WriteAction[];
  readonly clientRequestToken?: string;
  /**
   * SHA-256 of the canonical form of the request's parameters, compared when a token is reused.
   * A digest, not the JSON itself: every token is remembered for ten minutes, and a 44-character
   * flat string keeps that memory (and the garbage collector's work on it) small.
   */
  readonly fingerprint: string;
  /** ReturnItemCollectionMetrics is SIZE. */
  readonly returnItemCollectionMetrics: boolean;
}

type RawKeyed = RawActionMembers & { readonly Key: Record<string, RawAttributeValue | null> };
type RawPut = RawActionMembers & { readonly Item: Record<string, RawAttributeValue | null> };

interface RawTransactWriteItem {
  readonly ConditionCheck?: RawKeyed;
  readonly Put?: RawPut;
  readonly Delete?: RawKeyed;
  readonly Update?: RawKeyed;
}

interface RawTransactWriteItems {
  readonly TransactItems: readonly RawTransactWriteItem[];
  readonly ClientRequestToken?: string;
  readonly ReturnConsumedCapacity?: string;
  readonly ReturnItemCollectionMetrics?: string;
}

function actionShape(name: string, fields: Readonly<Record<string, Shape>>): StructureShape {
  return {
    type: 'structure',
    name,
    fields: {
      ...fields,
      TableName: itemTableNameShape,
      ExpressionAttributeNames: expressionAttributeNamesShape,
      ExpressionAttributeValues: expressionAttributeValuesShape,
      ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailureShape,
    },
  };
}

const transactWriteItemsShape: StructureShape = {
  type: 'structure',
  name: 'TransactWriteItemsInput',
  fields: {
    TransactItems: transactItemsShape({
      type: 'structure',
      name: 'TransactWriteItem',
      fields: {
        ConditionCheck: actionShape('ConditionCheck', {
          Key: attributeMapShape,
          ConditionExpression: { type: 'string', notNull: true },
        }),
        Put: actionShape('Put', { Item: attributeMapShape, ConditionExpression: { type: 'string' } }),
        Delete: actionShape('Delete', { Key: attributeMapShape, ConditionExpression: { type: 'string' } }),
        Update: actionShape('Update', {
          Key: attributeMapShape,
          UpdateExpression: { type: 'string', notNull: true },
          ConditionExpression: { type: 'string' },
        }),
      },
    }),
    ReturnConsumedCapacity: returnConsumedCapacityShape,
    ReturnItemCollectionMetrics: returnItemCollectionMetricsShape,
    ClientRequestToken: { type: 'string', minLength: 1, maxLength: 36 },
  },
};

/**
 * An unambiguous text of a JSON value with each object's members in sorted order, so that two
 * requests differing only in member order compare equal. Strings are written with their length
 * in front instead of escaped (no JSON.stringify per string): the text only needs to tell values
 * apart, and the token memory keeps just its digest.
 */
function appendCanonical(value: unknown, text: string): string {
  if (typeof value === 'string') return `${text}s${value.length}:${value}`;
  if (Array.isArray(value)) {
    let out = `${text}[${value.length}`;
    for (const member of value as readonly unknown[]) out = appendCanonical(member, `${out},`);
    return `${out}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const members = value as Readonly<Record<string, unknown>>;
    // The default sort orders strings by UTF-16 code units, as a < b does.
    const names = Object.keys(members).sort();
    let out = `${text}{`;
    for (const name of names) {
      const member = members[name];
      if (member !== undefined) out = appendCanonical(member, `${out}${name.length}:${name}=`);
    }
    return `${out}}`;
  }
  return `${text}${typeof value === 'number' ? 'n' : ''}${String(value)};`;
}

/** The most the items of one transaction may weigh together: 4 MB. */
export const maxTransactionBytes = 4 * 1024 * 1024;

/** The refusal of a transaction whose items weigh more than {@link maxTransactionBytes}. */
export function transactionTooLarge(): DynamoDBError {
  return validationError(
    'Collection size of items exceeded, which can also be caused by the aggregate size of the items in the transaction exceeding the 4MB limit',
  );
}

/**
 * Refuses a transaction whose items weigh more than 4 MB together: each Put's item, and the key
 * of each other action (what the request itself says about the items it touches).
 */
function checkTransactionSize(actions: readonly WriteAction[]): void {
  let total = 0;
  for (const action of actions) total += action.kind === 'put' ? action.size : itemSize(action.key);
  if (total > maxTransactionBytes) throw transactionTooLarge();
}

function validateAction(item: RawTransactWriteItem): WriteAction {
  const count =
    (item.ConditionCheck === undefined ? 0 : 1) + (item.Put === undefined ? 0 : 1) + (item.Delete === undefined ? 0 : 1) + (item.Update === undefined ? 0 : 1);
  if (count !== 1) throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
  if (item.ConditionCheck !== undefined) return validateCheckAction(item.ConditionCheck);
  if (item.Put !== undefined) return validatePutAction(item.Put);
  if (item.Delete !== undefined) return validateDeleteAction(item.Delete);
  if (item.Update !== undefined) return validateUpdateAction(item.Update);
  throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
}

/**
 * Validates a TransactWriteItems request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateTransactWriteItems(body: unknown): TransactWriteItemsRequest {
  const raw = validateShape<RawTransactWriteItems>(body, transactWriteItemsShape);
  const actions = raw.TransactItems.map(validateAction);
  checkTransactionSize(actions);
  // Only a request with a token is ever compared with another, so only then is it fingerprinted.
  const fingerprint =
    raw.ClientRequestToken === undefined
      ? ''
      : createHash('sha256')
          .update(appendCanonical({ TransactItems: raw.TransactItems, ReturnItemCollectionMetrics: raw.ReturnItemCollectionMetrics }, ''))
          .digest('base64');
  return {
    actions,
    fingerprint,
    returnItemCollectionMetrics: raw.ReturnItemCollectionMetrics === 'SIZE',
    ...(raw.ClientRequestToken === undefined ? {} : { clientRequestToken: raw.ClientRequestToken }),
  };
}
