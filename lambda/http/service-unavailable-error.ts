/**
 * The operation could not finish within the invocation's time (contention, throttling or an
 * unknown outcome that could not be resolved). Mapped to 503 `service_unavailable` with a
 * `Retry-After` header; being a 5xx, the idempotency key is released and the client may retry.
 */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  readonly code = 'service_unavailable';
  readonly status = 503;

  constructor(
    /** Whole seconds the client should wait before retrying. */
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super('The operation could not complete in time.', options);
  }
}
