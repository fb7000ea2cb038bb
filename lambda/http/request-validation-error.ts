import type { FieldError } from './problem.js';

/** The request (body, path or query) is invalid; mapped to 400 `validation_error` with `errors`. */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError';
  readonly code = 'validation_error';
  readonly status = 400;
  readonly title = 'Invalid request';

  constructor(
    readonly errors: readonly FieldError[],
    options?: ErrorOptions,
  ) {
    super('The request is invalid; see errors.', options);
  }
}
