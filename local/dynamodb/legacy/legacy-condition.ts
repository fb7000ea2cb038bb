/**
 * The legacy (pre-expression) conditions: `Expected` on PutItem, UpdateItem and DeleteItem, and
 * the `QueryFilter` / `ScanFilter` maps of Query and Scan. Each is validated with DynamoDB's own
 * messages and compiled into the same condition tree a ConditionExpression or FilterExpression
 * compiles to, so one evaluator answers both.
 *
 * One condition is an attribute name, a ComparisonOperator and its AttributeValueList; the
 * conditions of a map are joined with AND, or with OR when ConditionalOperator says so.
 */
import { validationError } from '../errors.js';
import type { CompiledCondition, CompiledOperand } from '../expressions/compile-condition.js';
import type { AttributeType, AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { compareScalars } from '../values/compare-values.js';
import { validateShapedMap, type RawAttributeValue } from '../values/validate-item.js';

/** The legacy comparison operators. */
export type ComparisonOperator =
  | 'EQ'
  | 'NE'
  | 'LE'
  | 'LT'
  | 'GE'
  | 'GT'
  | 'NOT_NULL'
  | 'NULL'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'BEGINS_WITH'
  | 'IN'
  | 'BETWEEN';

/** A `Condition` (QueryFilter, ScanFilter, KeyConditions) as shaped by the request validator. */
export interface RawCondition {
  readonly ComparisonOperator?: string;
  readonly AttributeValueList?: readonly (RawAttributeValue | null)[];
}

/** An `ExpectedAttributeValue` as shaped by the request validator. */
export interface RawExpectedValue extends RawCondition {
  readonly Exists?: boolean;
  readonly Value?: RawAttributeValue;
}

/** One validated condition on one top-level attribute. */
export interface LegacyTerm {
  readonly attribute: string;
  readonly op: ComparisonOperator;
  readonly values: readonly AttributeValue[];
}

const invalid = 'One or more parameter values were invalid';

/** How many values each operator takes: an exact count, or at least one for IN. */
const argumentCounts: Readonly<Record<ComparisonOperator, number>> = {
  EQ: 1,
  NE: 1,
  LE: 1,
  LT: 1,
  GE: 1,
  GT: 1,
  NOT_NULL: 0,
  NULL: 0,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
  BEGINS_WITH: 1,
  IN: -1,
  BETWEEN: 2,
};

const scalar: ReadonlySet<AttributeType> = new Set(['S', 'N', 'B']);
const notSetOrDocument: ReadonlySet<AttributeType> = new Set(['S', 'N', 'B', 'BOOL', 'NULL']);

/** The value types each operator accepts; EQ and NE (absent here) take any type. */
const allowedTypes: Readonly<Partial<Record<ComparisonOperator, ReadonlySet<AttributeType>>>> = {
  LE: scalar,
  LT: scalar,
  GE: scalar,
  GT: scalar,
  IN: scalar,
  BETWEEN: scalar,
  CONTAINS: notSetOrDocument,
  NOT_CONTAINS: notSetOrDocument,
  BEGINS_WITH: new Set(['S', 'B']),
};

function isOperator(name: string): name is ComparisonOperator {
  return Object.hasOwn(argumentCounts, name);
}

function validValues(list: readonly (RawAttributeValue | null)[]): AttributeValue[] {
  // The list, keyed by position, for the value validator: the same checks and messages.
  const byPosition: Record<string, RawAttributeValue | null> = {};
  list.forEach((raw, position) => {
    byPosition[String(position)] = raw;
  });
  return Object.values(validateShapedMap(byPosition));
}

/**
 * Checks an operator's values as DynamoDB does: how many, all of one type, a type the operator
 * takes, and BETWEEN's bounds in order.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function checkOperands(op: ComparisonOperator, values: readonly AttributeValue[]): void {
  const count = argumentCounts[op];
  if (count === -1 ? values.length === 0 : values.length !== count) {
    throw validationError(`${invalid}: Invalid number of argument(s) for the ${op} ComparisonOperator`);
  }
  const [first, second] = values;
  if (first === undefined) return;
  const type = typeOf(first);
  if (values.some((value) => typeOf(value) !== type)) {
    throw validationError(`${invalid}: AttributeValues inside AttributeValueList must be of same type`);
  }
  const allowed = allowedTypes[op];
  if (allowed !== undefined && !allowed.has(type)) {
    throw validationError(`${invalid}: ComparisonOperator ${op} is not valid for ${type} AttributeValue type`);
  }
  if (op === 'BETWEEN' && second !== undefined && (compareScalars(first, second) ?? 0) > 0) {
    throw validationError('The BETWEEN condition was provided a range where the lower bound is greater than the upper bound');
  }
}

/**
 * Validates one `Condition` (of QueryFilter, ScanFilter or KeyConditions).
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function validateCondition(attribute: string, raw: RawCondition): LegacyTerm {
  const values = validValues(raw.AttributeValueList ?? []);
  // The shape check made ComparisonOperator present and one of the operators.
  const op = raw.ComparisonOperator ?? 'EQ';
  if (!isOperator(op)) throw validationError(`${invalid}: Comparison type does not exist in DynamoDB`);
  checkOperands(op, values);
  return { attribute, op, values };
}

/**
 * Validates one `ExpectedAttributeValue`: either a ComparisonOperator with its values (in
 * AttributeValueList, or one in Value), or Value and Exists.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function validateExpectedValue(attribute: string, raw: RawExpectedValue): LegacyTerm {
  if (raw.AttributeValueList !== undefined && raw.Value !== undefined) {
    throw validationError(`${invalid}: Value and AttributeValueList cannot be used together for Attribute: ${attribute}`);
  }
  if (raw.ComparisonOperator !== undefined) {
    const op = raw.ComparisonOperator;
    if (!isOperator(op)) throw validationError(`${invalid}: Comparison type does not exist in DynamoDB`);
    if (raw.Exists !== undefined) {
      throw validationError(`${invalid}: Exists and ComparisonOperator cannot be used together for Attribute: ${attribute}`);
    }
    if (op !== 'NULL' && op !== 'NOT_NULL' && raw.AttributeValueList === undefined && raw.Value === undefined) {
      throw validationError(`${invalid}: Value or AttributeValueList must be used with ComparisonOperator: ${op} for Attribute: ${attribute}`);
    }
    const values = validValues(raw.Value === undefined ? (raw.AttributeValueList ?? []) : [raw.Value]);
    checkOperands(op, values);
    return { attribute, op, values };
  }
  if (raw.AttributeValueList !== undefined) {
    throw validationError(`${invalid}: AttributeValueList can only be used with a ComparisonOperator for Attribute: ${attribute}`);
  }
  const exists = raw.Exists ?? true;
  if (exists && raw.Value === undefined) {
    throw validationError(`${invalid}: Value must be provided when Exists is ${raw.Exists === undefined ? 'null' : 'true'} for Attribute: ${attribute}`);
  }
  if (!exists) {
    if (raw.Value !== undefined) throw validationError(`${invalid}: Value cannot be used when Exists is false for Attribute: ${attribute}`);
    return { attribute, op: 'NULL', values: [] };
  }
  return { attribute, op: 'EQ', values: validValues(raw.Value === undefined ? [] : [raw.Value]) };
}

function value(v: AttributeValue | undefined): CompiledOperand {
  // checkOperands guaranteed the count, so the fallback is never used.
  return { kind: 'value', value: v ?? { NULL: true } };
}

const comparators = { EQ: '=', NE: '<>', LE: '<=', LT: '<', GE: '>=', GT: '>' } as const;

/** The condition tree that tests one term, as the expression language would write it. */
export function termCondition(term: LegacyTerm): CompiledCondition {
  const path: CompiledOperand = { kind: 'path', path: [term.attribute] };
  const [first, second] = term.values;
  switch (term.op) {
    case 'EQ':
    case 'NE':
    case 'LE':
    case 'LT':
    case 'GE':
    case 'GT':
      return { kind: 'compare', op: comparators[term.op], left: path, right: value(first) };
    case 'NOT_NULL':
      return { kind: 'attribute_exists', path: path.path };
    case 'NULL':
      return { kind: 'attribute_not_exists', path: path.path };
    case 'CONTAINS':
      return { kind: 'contains', left: path, right: value(first) };
    case 'NOT_CONTAINS':
      // Unlike NOT contains(...), NOT_CONTAINS is false when the attribute is missing.
      return {
        kind: 'and',
        left: { kind: 'attribute_exists', path: path.path },
        right: { kind: 'not', operand: { kind: 'contains', left: path, right: value(first) } },
      };
    case 'BEGINS_WITH':
      return { kind: 'begins_with', left: path, right: value(first) };
    case 'IN':
      return { kind: 'in', operand: path, list: term.values.map(value) };
    case 'BETWEEN':
      return { kind: 'between', operand: path, lower: value(first), upper: value(second) };
  }
}

/** Joins the terms' conditions with AND (the default) or OR; undefined when there are none. */
export function joinTerms(terms: readonly LegacyTerm[], conditionalOperator: string | undefined): CompiledCondition | undefined {
  const kind = conditionalOperator === 'OR' ? 'or' : 'and';
  let joined: CompiledCondition | undefined;
  for (const term of terms) {
    const condition = termCondition(term);
    joined = joined === undefined ? condition : { kind, left: joined, right: condition };
  }
  return joined;
}

/**
 * Refuses a ConditionalOperator that has fewer than two conditions to join, as DynamoDB does.
 * @param conditions the request's Expected, QueryFilter or ScanFilter, if any.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function checkConditionalOperator(conditionalOperator: string | undefined, conditions: object | undefined): void {
  if (conditionalOperator === undefined) return;
  const count = conditions === undefined ? 0 : Object.keys(conditions).length;
  if (count === 0) throw validationError('ConditionalOperator cannot be used without Filter or Expected');
  if (count === 1) throw validationError('ConditionalOperator can only be used when Filter or Expected has two or more elements');
}

/**
 * Validates and compiles a request's `Expected` map.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function compileExpected(
  expected: Readonly<Record<string, RawExpectedValue>>,
  conditionalOperator: string | undefined,
): CompiledCondition | undefined {
  const terms = Object.entries(expected).map(([attribute, raw]) => validateExpectedValue(attribute, raw));
  return joinTerms(terms, conditionalOperator);
}

/**
 * Validates a QueryFilter, ScanFilter or KeyConditions map into its terms.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function validateConditions(conditions: Readonly<Record<string, RawCondition>>): LegacyTerm[] {
  return Object.entries(conditions).map(([attribute, raw]) => validateCondition(attribute, raw));
}
