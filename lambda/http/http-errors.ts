import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { errorResponse } from './error-response.js';

/**
 * Middy middleware that turns any error thrown by the handler or by an inner middleware into a
 * problem+json response (see `errorResponse`). Use it first (outermost) so it sees every error.
 * A response already set by an inner `onError` (e.g. the idempotency middleware's 409) is kept.
 * Errors that become a 5xx are logged as one JSON line, since the client is told nothing.
 */
export function httpErrors(): MiddlewareObj<unknown, APIGatewayProxyResultV2> {
  const httpErrorsOnError = (request: Request<unknown, APIGatewayProxyResultV2>): void => {
    // Middy resets the response to undefined before onError (its type does not say so).
    const current: unknown = request.response;
    if (current !== undefined && current !== null) return;
    const response = errorResponse(request.error);
    const status = response.statusCode ?? 500;
    // A 503 is the expected end of a retry budget under contention; anything else is a fault.
    if (status >= 500) logServerError(request.error, status === 503 ? 'WARN' : 'ERROR');
    request.response = response;
  };
  return { onError: httpErrorsOnError };
}

function logServerError(error: unknown, level: 'WARN' | 'ERROR'): void {
  const described =
    error instanceof Error
      ? { name: error.name, message: error.message, ...(level === 'ERROR' ? { stack: error.stack } : {}) }
      : { name: 'NonError', message: String(error) };
  console.error(JSON.stringify({ level, message: 'request failed', error: described }));
}
