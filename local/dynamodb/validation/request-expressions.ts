/**
 * Compiles a request's expressions after validating its ExpressionAttributeNames and
 * ExpressionAttributeValues, in DynamoDB's order (names, values, then each expression).
 */
import { compileExpressions, type CompiledExpressions, type ExpressionInputs } from '../expressions/compile-expressions.js';
import { validateExpressionAttributeNames, validateExpressionAttributeValues } from '../values/validate-item.js';

/** The expression members a request may carry, as shaped by the request validator. */
export interface ExpressionMembers {
  readonly ConditionExpression?: string;
  readonly UpdateExpression?: string;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: Readonly<Record<string, unknown>>;
  readonly ExpressionAttributeValues?: Readonly<Record<string, unknown>>;
}

const noExpressions: CompiledExpressions = Object.freeze({});

/**
 * Validates placeholders and compiles every expression of the request.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function compileRequestExpressions(request: ExpressionMembers): CompiledExpressions {
  // Most writes carry no expression at all: nothing to validate or compile.
  if (
    request.ExpressionAttributeNames === undefined &&
    request.ExpressionAttributeValues === undefined &&
    request.ConditionExpression === undefined &&
    request.UpdateExpression === undefined &&
    request.ProjectionExpression === undefined
  ) {
    return noExpressions;
  }
  const inputs: ExpressionInputs = {};
  if (request.ExpressionAttributeNames !== undefined) {
    inputs.expressionAttributeNames = validateExpressionAttributeNames(request.ExpressionAttributeNames);
  }
  if (request.ExpressionAttributeValues !== undefined) {
    inputs.expressionAttributeValues = validateExpressionAttributeValues(request.ExpressionAttributeValues);
  }
  if (request.ConditionExpression !== undefined) inputs.conditionExpression = request.ConditionExpression;
  if (request.UpdateExpression !== undefined) inputs.updateExpression = request.UpdateExpression;
  if (request.ProjectionExpression !== undefined) inputs.projectionExpression = request.ProjectionExpression;
  return compileExpressions(inputs);
}
