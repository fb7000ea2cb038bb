/**
 * Query's legacy `KeyConditions`: validated as every legacy condition is, then compiled into the
 * key condition a KeyConditionExpression compiles to. Operators no index can answer (NE, IN,
 * NULL, NOT_NULL, CONTAINS, NOT_CONTAINS) are kept as they are: Query refuses them once it knows
 * the condition is on a key attribute, as DynamoDB does.
 */
import { validationError } from '../errors.js';
import type { CompiledKeyCondition, KeyConditionTerm } from '../expressions/compile-key-condition.js';
import { validateConditions, type ComparisonOperator, type RawCondition } from './legacy-condition.js';

const keyOperators: Readonly<Record<ComparisonOperator, KeyConditionTerm['op']>> = {
  EQ: '=',
  LT: '<',
  LE: '<=',
  GT: '>',
  GE: '>=',
  BETWEEN: 'BETWEEN',
  BEGINS_WITH: 'BEGINS_WITH',
  NE: 'NE',
  IN: 'IN',
  NULL: 'NULL',
  NOT_NULL: 'NOT_NULL',
  CONTAINS: 'CONTAINS',
  NOT_CONTAINS: 'NOT_CONTAINS',
};

/**
 * Validates and compiles a request's KeyConditions.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function compileKeyConditions(keyConditions: Readonly<Record<string, RawCondition>>): CompiledKeyCondition {
  const terms = validateConditions(keyConditions).map(
    (term): KeyConditionTerm => ({ attribute: term.attribute, op: keyOperators[term.op], values: term.values }),
  );
  if (terms.length !== 1 && terms.length !== 2) throw validationError('Conditions can be of length 1 or 2 only');
  return { terms };
}
