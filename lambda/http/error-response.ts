import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FieldError } from './problem.js';
import { problemResponse } from './problem.js';
import { ServiceUnavailableError } from './service-unavailable-error.js';

/**
 * The one place that turns a thrown value into an HTTP response.
 *
 * - An error carrying a 4xx `status` and a string `code` (the project's error classes) becomes
 *   that problem, with its `title` (or a title derived from the code), its message as `detail`,
 *   its `errors` when it has field errors, and `Retry-After` when it has `retryAfterSeconds`.
 * - ServiceUnavailableError becomes 503 `service_unavailable` with `Retry-After`.
 * - Anything else is 500 `internal_error` with a generic body: nothing internal reaches the client.
 */
export function errorResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof ServiceUnavailableError) {
    return problemResponse({
      status: 503,
      code: error.code,
      title: 'Service unavailable',
      detail: 'The service could not complete the request in time; retry with the same idempotency key.',
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    });
  }
  const clientError = asClientError(error);
  if (clientError !== undefined) return problemResponse(clientError);
  return problemResponse({
    status: 500,
    code: 'internal_error',
    title: 'Internal error',
    detail: 'The request could not be completed.',
  });
}

interface ClientProblem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  readonly headers?: Readonly<Record<string, string>>;
}

function asClientError(error: unknown): ClientProblem | undefined {
  if (!(error instanceof Error)) return undefined;
  const { status, code, title, errors, retryAfterSeconds } = error as Error & Record<string, unknown>;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 499) return undefined;
  if (typeof code !== 'string' || code === '') return undefined;
  const fieldErrors = Array.isArray(errors) ? errors.filter(isFieldError) : undefined;
  return {
    status,
    code,
    title: typeof title === 'string' ? title : titleOf(code),
    detail: error.message,
    ...(fieldErrors === undefined ? {} : { errors: fieldErrors }),
    ...(typeof retryAfterSeconds === 'number' ? { headers: { 'retry-after': String(retryAfterSeconds) } } : {}),
  };
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { path, message } = value as Record<string, unknown>;
  return typeof path === 'string' && typeof message === 'string';
}

/** `idempotency_key_missing` -> `Idempotency key missing`. */
function titleOf(code: string): string {
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
