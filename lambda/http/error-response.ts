import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { internalErrorProblem, Problem, problemResponse } from './problem.js';

/**
 * The one place that turns a thrown value into an HTTP response: a Problem answers as itself;
 * anything else is 500 `internal_error` with a generic body, so nothing internal reaches the client.
 */
export function errorResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  return problemResponse(error instanceof Problem ? error : internalErrorProblem());
}
