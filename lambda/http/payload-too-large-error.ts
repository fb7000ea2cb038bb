/** The request body is larger than the route accepts; mapped to 413 `payload_too_large`. */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
  readonly code = 'payload_too_large';
  readonly status = 413;
  readonly title = 'Payload too large';

  constructor(
    readonly maxBytes: number,
    options?: ErrorOptions,
  ) {
    super(`The request body is larger than ${maxBytes} bytes.`, options);
  }
}
