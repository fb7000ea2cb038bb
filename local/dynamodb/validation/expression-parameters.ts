/**
 * The checks DynamoDB makes on expression parameters before parsing any expression: expression
 * and legacy (non-expression) parameters may not be mixed, and names and values need an
 * expression.
 */
import { validationError } from '../errors.js';

function present(request: object, name: string): boolean {
  return Object.hasOwn(request, name) && (request as Readonly<Record<string, unknown>>)[name] !== undefined;
}

/**
 * Checks the combination of expression parameters.
 * @param expressions the expression members of this operation, in DynamoDB's order.
 * @param legacy the legacy members they replace, in DynamoDB's order.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function checkExpressionParameters(request: object, expressions: readonly string[], legacy: readonly string[]): void {
  // The usual request has no legacy member and no placeholders: nothing can be wrong.
  if (!legacy.some((name) => present(request, name)) && !present(request, 'ExpressionAttributeNames') && !present(request, 'ExpressionAttributeValues')) {
    return;
  }
  const usedExpressions = expressions.filter((name) => present(request, name));
  const usedLegacy = legacy.filter((name) => present(request, name));
  if (usedExpressions.length > 0 && usedLegacy.length > 0) {
    throw validationError(
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${usedLegacy.join(', ')}} Expression parameters: {${usedExpressions.join(', ')}}`,
    );
  }
  if (present(request, 'ExpressionAttributeNames') && usedExpressions.length === 0) {
    throw validationError('ExpressionAttributeNames can only be specified when using expressions');
  }
  const valueExpressions = expressions.filter((name) => name !== 'ProjectionExpression');
  if (
    valueExpressions.length > 0 &&
    present(request, 'ExpressionAttributeValues') &&
    valueExpressions.every((name) => !present(request, name))
  ) {
    throw validationError(
      `ExpressionAttributeValues can only be specified when using expressions: ${valueExpressions.join(' and ')} ${valueExpressions.length > 1 ? 'are' : 'is'} null`,
    );
  }
}
