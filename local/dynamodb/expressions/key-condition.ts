/**
 * Checks a compiled KeyConditionExpression against a table's or index's key schema, and tests
 * sort key values against the range condition, for Query.
 */
import { validationError } from '../errors.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { compareValues } from '../values/compare-values.js';
import type { CompiledKeyCondition, KeyConditionTerm } from './compile-key-condition.js';
import { beginsWith } from './evaluate-condition.js';

/** The key schema a Query runs against; the types, when given, are checked against the values. */
export interface KeySchema {
  hashKey: string;
  rangeKey?: string;
  hashType?: 'S' | 'N' | 'B';
  rangeType?: 'S' | 'N' | 'B';
}

/** The sort key condition of a Query. */
export interface RangeCondition {
  readonly op: KeyConditionTerm['op'];
  readonly values: readonly AttributeValue[];
}

/** What a Query reads: one partition, optionally narrowed by a sort key condition. */
export interface ResolvedKeyCondition {
  readonly hash: AttributeValue;
  readonly range?: RangeCondition;
}

function checkType(term: KeyConditionTerm, type: 'S' | 'N' | 'B' | undefined): void {
  if (type === undefined) return;
  if (term.values.some((v) => typeOf(v) !== type)) {
    throw validationError('One or more parameter values were invalid: Condition parameter type does not match schema type');
  }
}

/**
 * Matches the key condition to the key schema, as DynamoDB does.
 * @throws DynamoDBError ValidationException: `Query condition missed key schema element: <name>`,
 * `Query key condition not supported`, `... Condition parameter type does not match schema type`.
 */
export function resolveKeyCondition(keyCondition: CompiledKeyCondition, schema: KeySchema): ResolvedKeyCondition {
  const terms = keyCondition.terms;
  const hash = terms.find((t) => t.attribute === schema.hashKey);
  if (schema.rangeKey === undefined && terms.length > 1) throw validationError('Query key condition not supported');
  if (hash === undefined) throw validationError(`Query condition missed key schema element: ${schema.hashKey}`);
  if (hash.op !== '=') throw validationError('Query key condition not supported');
  checkType(hash, schema.hashType);
  const [hashValue] = hash.values;
  if (hashValue === undefined) throw validationError('Query key condition not supported');
  if (terms.length === 1) return { hash: hashValue };
  const range = terms.find((t) => t.attribute === schema.rangeKey);
  if (range === undefined || terms.length > 2) {
    throw validationError(`Query condition missed key schema element: ${schema.rangeKey ?? schema.hashKey}`);
  }
  checkType(range, schema.rangeType);
  return { hash: hashValue, range: { op: range.op, values: range.values } };
}

/** True when a sort key value satisfies the range condition. */
export function rangeMatches(range: RangeCondition, value: AttributeValue): boolean {
  const [first, second] = range.values;
  if (first === undefined || typeOf(first) !== typeOf(value)) return false;
  switch (range.op) {
    case '=':
      return compareValues(value, first) === 0;
    case '<':
      return compareValues(value, first) < 0;
    case '<=':
      return compareValues(value, first) <= 0;
    case '>':
      return compareValues(value, first) > 0;
    case '>=':
      return compareValues(value, first) >= 0;
    case 'BETWEEN':
      return second !== undefined && compareValues(value, first) >= 0 && compareValues(value, second) <= 0;
    case 'BEGINS_WITH':
      return beginsWith(value, first);
    case 'NE':
    case 'IN':
    case 'NULL':
    case 'NOT_NULL':
    case 'CONTAINS':
    case 'NOT_CONTAINS':
      // Query refuses these legacy operators on a key before reading anything.
      return false;
  }
}
