/**
 * Errors the engine sends on the wire, shaped exactly as DynamoDB sends them:
 * `{"__type":"com.amazonaws.dynamodb.v20120810#<Name>","message":"..."}` with DynamoDB's status.
 */

/** The error types this engine can answer with, and the HTTP status DynamoDB uses for each. */
export const errorStatus = {
  ValidationException: 400,
  SerializationException: 400,
  UnknownOperationException: 400,
  ResourceNotFoundException: 400,
  ResourceInUseException: 400,
  ConditionalCheckFailedException: 400,
  TransactionCanceledException: 400,
  TransactionConflictException: 400,
  TransactionInProgressException: 400,
  IdempotentParameterMismatchException: 400,
  ItemCollectionSizeLimitExceededException: 400,
  ProvisionedThroughputExceededException: 400,
  ThrottlingException: 400,
  RequestLimitExceeded: 400,
  LimitExceededException: 400,
  TableNotFoundException: 400,
  MissingAuthenticationTokenException: 400,
  AccessDeniedException: 400,
  ExpiredIteratorException: 400,
  TrimmedDataAccessException: 400,
  InternalServerError: 500,
  ServiceUnavailable: 503,
} as const;

/** Name of a DynamoDB error type. */
export type DynamoDBErrorType = keyof typeof errorStatus;

/**
 * Some error types live in another namespace on the wire (DynamoDB sends them as coral
 * service exceptions); the SDK matches on the part after `#`, so only the prefix differs.
 */
const wirePrefix: Partial<Record<DynamoDBErrorType, string>> = {
  ValidationException: 'com.amazon.coral.validate#',
  SerializationException: 'com.amazon.coral.service#',
  UnknownOperationException: 'com.amazon.coral.service#',
  MissingAuthenticationTokenException: 'com.amazon.coral.service#',
};

/** An error answered to the client; everything else thrown inside the engine is a 500. */
export class DynamoDBError extends Error {
  override readonly name: 'DynamoDBError';
  readonly status: number;
  readonly type: DynamoDBErrorType;
  readonly extra: Readonly<Record<string, unknown>>;

  /**
   * @param type DynamoDB's error type, e.g. `ValidationException`.
   * @param message the message text, exactly as DynamoDB words it.
   * @param extra fields added to the error body (e.g. `Item`, `CancellationReasons`).
   */
  constructor(type: DynamoDBErrorType, message: string, extra: Readonly<Record<string, unknown>> = {}) {
    // These are answers, not faults: a stack trace says nothing about them, and capturing one is
    // the costliest part of a failed conditional write, which is a hot path.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'DynamoDBError';
    this.type = type;
    this.extra = extra;
    this.status = errorStatus[type];
  }

  /** The `__type` value as it appears on the wire. */
  get wireType(): string {
    return `${wirePrefix[this.type] ?? 'com.amazonaws.dynamodb.v20120810#'}${this.type}`;
  }

  /** The JSON body of the error response. */
  toBody(): Record<string, unknown> {
    // DynamoDB's serialization layer capitalises the field (`Message`); some errors (a bare parse
    // failure, an unknown operation) carry no message at all. Everything else says `message`.
    if (this.message === '') return { __type: this.wireType, ...this.extra };
    if (this.type === 'SerializationException') return { __type: this.wireType, Message: this.message };
    return { __type: this.wireType, message: this.message, ...this.extra };
  }
}

/** Shorthand for the most common error: a ValidationException with DynamoDB's message. */
export function validationError(message: string): DynamoDBError {
  return new DynamoDBError('ValidationException', message);
}
