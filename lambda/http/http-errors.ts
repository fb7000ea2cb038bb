import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { errorResponse } from './error-response.js';

/** What a failed request's log line says about its error: never a request body or a key. */
export interface LoggedServerError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/**
 * Where `httpErrors` logs the errors that became a 5xx: `warn` for a 503 (the expected end of a
 * retry budget under contention), `error` for anything else. A Powertools Logger fits as is.
 */
export interface ServerErrorLogger {
  warn(message: string, attributes: { readonly error: LoggedServerError }): void;
  error(message: string, attributes: { readonly error: LoggedServerError }): void;
}

/** Options of {@link httpErrors}. */
export interface HttpErrorsOptions {
  /** @default one JSON line on stderr per failed request (`level`, `message`, `error`) */
  readonly logger?: ServerErrorLogger;
}

const jsonLineLogger: ServerErrorLogger = {
  warn: (message, attributes) => {
    console.error(JSON.stringify({ level: 'WARN', message, ...attributes }));
  },
  error: (message, attributes) => {
    console.error(JSON.stringify({ level: 'ERROR', message, ...attributes }));
  },
};

/**
 * Middy middleware that turns any error thrown by the handler or by an inner middleware into a
 * problem+json response (see `errorResponse`). Use it first (outermost) so it sees every error.
 * A response already set by an inner `onError` (e.g. the idempotency middleware's 409) is kept.
 * Errors that become a 5xx are logged, since the client is told nothing.
 */
export function httpErrors(options: HttpErrorsOptions = {}): MiddlewareObj<unknown, APIGatewayProxyResultV2> {
  const logger = options.logger ?? jsonLineLogger;
  const httpErrorsOnError = (request: Request<unknown, APIGatewayProxyResultV2>): void => {
    // Middy resets the response to undefined before onError (its type does not say so).
    const current: unknown = request.response;
    if (current !== undefined && current !== null) return;
    const response = errorResponse(request.error);
    const status = response.statusCode ?? 500;
    // A 503 is the expected end of a retry budget under contention; anything else is a fault.
    if (status === 503) logger.warn('request failed', { error: describe(request.error, false) });
    else if (status >= 500) logger.error('request failed', { error: describe(request.error, true) });
    request.response = response;
  };
  return { onError: httpErrorsOnError };
}

function describe(error: unknown, withStack: boolean): LoggedServerError {
  if (!(error instanceof Error)) return { name: 'NonError', message: String(error) };
  return withStack && error.stack !== undefined ? { name: error.name, message: error.message, stack: error.stack } : { name: error.name, message: error.message };
}
