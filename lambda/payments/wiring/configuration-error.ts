/** A required environment variable is missing or malformed; thrown at cold start, so the function never serves. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  readonly code = 'configuration_invalid';

  constructor(
    readonly variable: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`environment variable ${variable} ${reason}`, options);
  }
}
