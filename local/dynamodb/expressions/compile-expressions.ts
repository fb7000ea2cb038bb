/**
 * Compiles the expressions of one request together, as DynamoDB validates them: syntax, then
 * placeholders, reserved words, functions and statically known types, expression by expression
 * (update, condition, key condition, filter, projection), then names and values the request
 * defined but no expression used. The compiled forms hold resolved names and values, so
 * evaluating them needs nothing else.
 */
import { validationError } from '../errors.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { utf8Length } from '../values/item-size.js';
import type { CompiledCondition } from './compile-condition.js';
import { compileCondition } from './compile-condition.js';
import type { CompiledKeyCondition } from './compile-key-condition.js';
import { compileKeyCondition } from './compile-key-condition.js';
import type { CompiledProjection } from './compile-projection.js';
import { compileProjection } from './compile-projection.js';
import type { CompiledUpdate } from './compile-update.js';
import { compileUpdate } from './compile-update.js';
import { ExpressionProblem } from './expression-problems.js';
import { ExpressionSyntaxError } from './parse-expression.js';
import { Placeholders } from './placeholders.js';

/** The expression members of a request, as the operations receive them (values validated). */
export interface ExpressionInputs {
  conditionExpression?: string;
  updateExpression?: string;
  projectionExpression?: string;
  filterExpression?: string;
  keyConditionExpression?: string;
  expressionAttributeNames?: Record<string, string>;
  expressionAttributeValues?: Record<string, AttributeValue>;
}

/** Everything a request's expressions compile to. */
export interface CompiledExpressions {
  condition?: CompiledCondition;
  update?: CompiledUpdate;
  projection?: CompiledProjection;
  filter?: CompiledCondition;
  keyCondition?: CompiledKeyCondition;
}

/** Each expression string may hold at most 4 KB (UTF-8), placeholders as written. */
const maxExpressionSize = 4096;

function step<T>(label: string, source: string | undefined, compile: (source: string) => T): T | undefined {
  if (source === undefined) return undefined;
  if (source === '') throw validationError(`Invalid ${label}: The expression can not be empty;`);
  const size = utf8Length(source);
  if (size > maxExpressionSize) {
    // Only the condition languages report the size, as DynamoDB does.
    const suffix = label === 'ConditionExpression' || label === 'FilterExpression' ? ` expression size: ${size}` : '';
    throw validationError(`Invalid ${label}: Expression size has exceeded the maximum allowed size;${suffix}`);
  }
  try {
    return compile(source);
  } catch (error) {
    if (error instanceof ExpressionProblem || error instanceof ExpressionSyntaxError) {
      throw validationError(`Invalid ${label}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Validates and compiles every expression of a request, in DynamoDB's order.
 * @throws DynamoDBError ValidationException with DynamoDB's message: syntax errors, undefined or
 * unused placeholders, reserved words, unknown functions, statically wrong operands, overlapping
 * update paths, KeyConditionExpression shapes an index cannot answer.
 */
export function compileExpressions(inputs: ExpressionInputs): CompiledExpressions {
  const placeholders = new Placeholders(inputs.expressionAttributeNames ?? {}, inputs.expressionAttributeValues ?? {});
  const compiled: CompiledExpressions = {};
  const update = step('UpdateExpression', inputs.updateExpression, (s) => compileUpdate(s, placeholders));
  if (update !== undefined) compiled.update = update;
  const condition = step('ConditionExpression', inputs.conditionExpression, (s) => compileCondition(s, placeholders));
  if (condition !== undefined) compiled.condition = condition;
  const keyCondition = step('KeyConditionExpression', inputs.keyConditionExpression, (s) => compileCondition(s, placeholders));
  const filter = step('FilterExpression', inputs.filterExpression, (s) => compileCondition(s, placeholders));
  if (filter !== undefined) compiled.filter = filter;
  const projection = step('ProjectionExpression', inputs.projectionExpression, (s) => compileProjection(s, placeholders));
  if (projection !== undefined) compiled.projection = projection;
  if (placeholders.unusedNames.size > 0) {
    throw validationError(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${[...placeholders.unusedNames].join(', ')}}`);
  }
  if (placeholders.unusedValues.size > 0) {
    throw validationError(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${[...placeholders.unusedValues].join(', ')}}`);
  }
  if (keyCondition !== undefined) compiled.keyCondition = compileKeyCondition(keyCondition);
  return compiled;
}
