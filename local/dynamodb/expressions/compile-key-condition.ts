/**
 * Turns a compiled condition into a KeyConditionExpression: the condition grammar, restricted to
 * what an index can answer (one condition per key attribute, no nesting, the key operators only).
 */
import { validationError } from '../errors.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { compareScalars } from '../values/compare-values.js';
import type { CompiledCondition, CompiledOperand } from './compile-condition.js';
import { placeholderValue } from './placeholders.js';

/**
 * Operators only the legacy KeyConditions can express and no index can answer: Query refuses a
 * term using one on a key attribute (the expression grammar cannot write them).
 */
export type UnindexableKeyOperator = 'NE' | 'IN' | 'NULL' | 'NOT_NULL' | 'CONTAINS' | 'NOT_CONTAINS';

/** One key attribute's condition in a KeyConditionExpression (or the legacy KeyConditions). */
export interface KeyConditionTerm {
  readonly attribute: string;
  readonly op: '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'BEGINS_WITH' | UnindexableKeyOperator;
  readonly values: readonly AttributeValue[];
}

/** A compiled KeyConditionExpression: one term per attribute, in the order written. */
export interface CompiledKeyCondition {
  readonly terms: readonly KeyConditionTerm[];
}

const flipped: Readonly<Record<string, KeyConditionTerm['op']>> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function keyConditionTerms(condition: CompiledCondition, terms: KeyConditionTerm[]): void {
  const operandAttribute = (operand: CompiledOperand): string | undefined => {
    if (operand.kind !== 'path') return undefined;
    if (operand.path.length > 1) throw validationError('KeyConditionExpressions cannot have conditions on nested attributes');
    return operand.path[0];
  };
  const add = (attribute: string | undefined, op: KeyConditionTerm['op'], values: AttributeValue[]): void => {
    if (attribute === undefined) throw validationError('Invalid condition in KeyConditionExpression: No key attribute specified');
    if (terms.some((t) => t.attribute === attribute)) throw validationError('KeyConditionExpressions must only contain one condition per key');
    terms.push({ attribute, op, values });
  };
  const valueOf = (operand: CompiledOperand): AttributeValue => {
    if (operand.kind === 'size') throw validationError('KeyConditionExpressions cannot contain nested operations');
    return operand.kind === 'value' ? operand.value : placeholderValue;
  };
  switch (condition.kind) {
    case 'and':
      keyConditionTerms(condition.left, terms);
      keyConditionTerms(condition.right, terms);
      return;
    case 'or':
    case 'not':
    case 'in':
      throw validationError(`Invalid operator used in KeyConditionExpression: ${condition.kind.toUpperCase()}`);
    case 'attribute_exists':
    case 'attribute_not_exists':
    case 'attribute_type':
    case 'contains':
      throw validationError(`Invalid operator used in KeyConditionExpression: ${condition.kind}`);
    case 'compare': {
      if (condition.op === '<>') throw validationError('Invalid operator used in KeyConditionExpression: <>');
      if (condition.left.kind === 'size' || condition.right.kind === 'size') {
        throw validationError('KeyConditionExpressions cannot contain nested operations');
      }
      const left = operandAttribute(condition.left);
      const right = operandAttribute(condition.right);
      if (left !== undefined && right !== undefined) {
        throw validationError('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
      }
      if (left !== undefined || right === undefined) add(left, condition.op, [valueOf(condition.right)]);
      else add(right, flipped[condition.op] ?? '=', [valueOf(condition.left)]);
      return;
    }
    case 'between': {
      if (condition.operand.kind !== 'path') {
        throw validationError('Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand');
      }
      const attribute = operandAttribute(condition.operand);
      if (condition.lower.kind === 'path' || condition.upper.kind === 'path') {
        throw validationError('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
      }
      add(attribute, 'BETWEEN', [valueOf(condition.lower), valueOf(condition.upper)]);
      return;
    }
    case 'begins_with': {
      if (condition.left.kind !== 'path') {
        throw validationError('Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand');
      }
      const attribute = operandAttribute(condition.left);
      if (condition.right.kind === 'path') {
        throw validationError('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
      }
      add(attribute, 'BEGINS_WITH', [valueOf(condition.right)]);
      return;
    }
  }
}

const keyOperatorNames: Readonly<Record<KeyConditionTerm['op'], string>> = {
  '=': 'EQ',
  '<': 'LT',
  '<=': 'LE',
  '>': 'GT',
  '>=': 'GE',
  BETWEEN: 'BETWEEN',
  BEGINS_WITH: 'BEGINS_WITH',
  NE: 'NE',
  IN: 'IN',
  NULL: 'NULL',
  NOT_NULL: 'NOT_NULL',
  CONTAINS: 'CONTAINS',
  NOT_CONTAINS: 'NOT_CONTAINS',
};

function checkKeyTermTypes(terms: readonly KeyConditionTerm[]): void {
  for (const term of terms) {
    const types = term.values.map(typeOf);
    const first = types[0];
    if (first !== undefined && types.some((t) => t !== first)) {
      throw validationError('One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type');
    }
    for (const type of types) {
      const allowed = term.op === 'BEGINS_WITH' ? type === 'S' || type === 'B' : type === 'S' || type === 'N' || type === 'B';
      if (!allowed) {
        throw validationError(`One or more parameter values were invalid: ComparisonOperator ${keyOperatorNames[term.op]} is not valid for ${type} AttributeValue type`);
      }
    }
    const [lower, upper] = term.values;
    if (term.op === 'BETWEEN' && lower !== undefined && upper !== undefined && (compareScalars(lower, upper) ?? 0) > 0) {
      throw validationError('The BETWEEN condition was provided a range where the lower bound is greater than the upper bound');
    }
  }
}

/**
 * The key condition `condition` expresses, checked for the shapes and value types an index can
 * answer. Runs after the request's placeholders were all checked, as DynamoDB does.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function compileKeyCondition(condition: CompiledCondition): CompiledKeyCondition {
  const terms: KeyConditionTerm[] = [];
  keyConditionTerms(condition, terms);
  checkKeyTermTypes(terms);
  // A key has at most two attributes; DynamoDB says so before matching the terms to the schema.
  if (terms.length > 2) throw validationError('Conditions can be of length 1 or 2 only');
  return { terms };
}
