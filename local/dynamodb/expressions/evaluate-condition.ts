/**
 * Evaluates a compiled ConditionExpression or FilterExpression against an item. As in DynamoDB,
 * a missing attribute or a type mismatch makes a comparison false (and `<>` true), never an error.
 */
import type { AttributeValue, Item } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { compareScalars, valuesEqual } from '../values/compare-values.js';
import { base64Length } from '../values/item-size.js';
import type { CompiledCondition, CompiledOperand } from './compile-condition.js';
import { readPath } from './document-path.js';

function sizeOf(value: AttributeValue | undefined): AttributeValue | undefined {
  if (value === undefined) return undefined;
  let size: number;
  // String length is counted in UTF-16 code units, as DynamoDB's Java runtime does.
  if ('S' in value) size = value.S.length;
  else if ('B' in value) size = base64Length(value.B);
  else if ('SS' in value) size = value.SS.length;
  else if ('NS' in value) size = value.NS.length;
  else if ('BS' in value) size = value.BS.length;
  else if ('L' in value) size = value.L.length;
  else if ('M' in value) size = Object.keys(value.M).length;
  else return undefined;
  return { N: String(size) };
}

/** The value an operand stands for in `item`, or undefined when it has none. */
export function resolveOperand(operand: CompiledOperand, item: Item | undefined): AttributeValue | undefined {
  switch (operand.kind) {
    case 'path':
      return readPath(item, operand.path);
    case 'value':
      return operand.value;
    case 'size':
      return sizeOf(resolveOperand(operand.operand, item));
  }
}

/** begins_with on strings, or on binaries byte by byte; false for any other pair of types. */
export function beginsWith(value: AttributeValue, prefix: AttributeValue): boolean {
  if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S);
  if ('B' in value && 'B' in prefix) {
    const bytes = Buffer.from(value.B, 'base64');
    const start = Buffer.from(prefix.B, 'base64');
    return start.length <= bytes.length && bytes.subarray(0, start.length).equals(start);
  }
  return false;
}

function contains(container: AttributeValue, member: AttributeValue): boolean {
  if ('S' in container) return 'S' in member && container.S.includes(member.S);
  // A binary contains another as a byte subsequence, as a string contains a substring.
  if ('B' in container) return 'B' in member && Buffer.from(container.B, 'base64').includes(Buffer.from(member.B, 'base64'));
  if ('SS' in container) return 'S' in member && container.SS.includes(member.S);
  if ('NS' in container) return 'N' in member && container.NS.some((n) => valuesEqual({ N: n }, member));
  if ('BS' in container) return 'B' in member && container.BS.some((b) => valuesEqual({ B: b }, member));
  if ('L' in container) return container.L.some((element) => valuesEqual(element, member));
  return false;
}

function ordered(left: AttributeValue | undefined, right: AttributeValue | undefined, test: (order: number) => boolean): boolean {
  if (left === undefined || right === undefined) return false;
  const order = compareScalars(left, right);
  return order !== undefined && test(order);
}

/** Evaluates a compiled condition; `item` is undefined when there is no item. */
export function evaluateCondition(condition: CompiledCondition, item: Item | undefined): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluateCondition(condition.left, item) && evaluateCondition(condition.right, item);
    case 'or':
      return evaluateCondition(condition.left, item) || evaluateCondition(condition.right, item);
    case 'not':
      return !evaluateCondition(condition.operand, item);
    case 'compare': {
      const left = resolveOperand(condition.left, item);
      const right = resolveOperand(condition.right, item);
      switch (condition.op) {
        case '=':
          return left !== undefined && right !== undefined && valuesEqual(left, right);
        case '<>':
          return !(left !== undefined && right !== undefined && valuesEqual(left, right));
        case '<':
          return ordered(left, right, (o) => o < 0);
        case '<=':
          return ordered(left, right, (o) => o <= 0);
        case '>':
          return ordered(left, right, (o) => o > 0);
        case '>=':
          return ordered(left, right, (o) => o >= 0);
      }
      break;
    }
    case 'between': {
      const value = resolveOperand(condition.operand, item);
      return (
        ordered(value, resolveOperand(condition.lower, item), (o) => o >= 0) &&
        ordered(value, resolveOperand(condition.upper, item), (o) => o <= 0)
      );
    }
    case 'in': {
      const value = resolveOperand(condition.operand, item);
      if (value === undefined) return false;
      return condition.list.some((candidate) => {
        const other = resolveOperand(candidate, item);
        return other !== undefined && valuesEqual(value, other);
      });
    }
    case 'attribute_exists':
      return readPath(item, condition.path) !== undefined;
    case 'attribute_not_exists':
      return readPath(item, condition.path) === undefined;
    case 'attribute_type': {
      const value = resolveOperand(condition.operand, item);
      const type = resolveOperand(condition.type, item);
      return value !== undefined && type !== undefined && 'S' in type && typeOf(value) === type.S;
    }
    case 'begins_with': {
      const value = resolveOperand(condition.left, item);
      const prefix = resolveOperand(condition.right, item);
      return value !== undefined && prefix !== undefined && beginsWith(value, prefix);
    }
    case 'contains': {
      const container = resolveOperand(condition.left, item);
      const member = resolveOperand(condition.right, item);
      return container !== undefined && member !== undefined && contains(container, member);
    }
  }
}
