/**
 * UpdateItem's legacy `AttributeUpdates`: each top-level attribute with an Action (PUT, the
 * default; ADD; DELETE) and a Value, validated with DynamoDB's messages and compiled into the
 * update tree an UpdateExpression compiles to:
 *
 * - PUT → `SET a = :v`;
 * - ADD → `ADD a :v` (numbers are added, sets united, and, unlike the expression, lists appended);
 * - DELETE without a value → `REMOVE a`; with a set → `DELETE a :v`.
 *
 * A type clash at runtime (ADD a number to a set, DELETE strings from a number set) gets the
 * legacy API's own message.
 */
import { validationError } from '../errors.js';
import type { CompiledUpdate, CompiledUpdateAction } from '../expressions/compile-update.js';
import { typeOf } from '../values/attribute-value.js';
import { validateShapedMap, type RawAttributeValue } from '../values/validate-item.js';

/** An `AttributeValueUpdate` as shaped by the request validator. */
export interface RawAttributeUpdate {
  readonly Action?: string;
  readonly Value?: RawAttributeValue;
}

const invalid = 'One or more parameter values were invalid';

/** What DynamoDB answers when ADD or DELETE meets an attribute of another type. */
export const legacyTypeMismatch = 'Type mismatch for attribute to update';

const deletableTypes = new Set(['SS', 'NS', 'BS']);
const addableTypes = new Set(['N', 'SS', 'NS', 'BS', 'L']);

/**
 * Validates and compiles a request's AttributeUpdates.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function compileAttributeUpdates(updates: Readonly<Record<string, RawAttributeUpdate>>): CompiledUpdate {
  const actions: CompiledUpdateAction[] = [];
  for (const [attribute, update] of Object.entries(updates)) {
    const action = update.Action ?? 'PUT';
    const raw = update.Value;
    if (raw === undefined) {
      if (action !== 'DELETE') throw validationError(`${invalid}: Only DELETE action is allowed when no attribute value is specified`);
      actions.push({ kind: 'REMOVE', path: [attribute] });
      continue;
    }
    const value = validateShapedMap({ [attribute]: raw })[attribute] ?? { NULL: true };
    const type = typeOf(value);
    switch (action) {
      case 'DELETE':
        if (!deletableTypes.has(type)) throw validationError(`${invalid}: DELETE action with value is not supported for the type ${type}`);
        actions.push({ kind: 'DELETE', path: [attribute], value });
        break;
      case 'ADD':
        if (!addableTypes.has(type)) throw validationError(`${invalid}: ADD action is not supported for the type ${type}`);
        actions.push({ kind: 'ADD', path: [attribute], value });
        break;
      default:
        actions.push({ kind: 'SET', path: [attribute], value: { kind: 'value', value } });
    }
  }
  return { actions, typeMismatch: legacyTypeMismatch };
}
