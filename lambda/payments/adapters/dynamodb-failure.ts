/**
 * What a failed DynamoDB call means for a retry:
 * - `throttled`: the request was refused before it ran; sending it again is safe.
 * - `unknown_outcome`: the request may or may not have been applied (a server error, a lost
 *   connection, a timeout, or the same token still in progress); only an identical re-send
 *   (same ClientRequestToken for a transaction) is safe, and it tells the outcome.
 * - `fatal`: a client error (validation, missing table...) that no retry can fix.
 */
export type DynamoDBFailure = 'throttled' | 'unknown_outcome' | 'fatal';

const throttlingErrors = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

const networkErrorCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/** Classifies an error thrown by the SDK client (see DynamoDBFailure). */
export function dynamoDBFailureOf(error: unknown): DynamoDBFailure {
  if (!(error instanceof Error)) return 'fatal';
  if (throttlingErrors.has(error.name)) return 'throttled';
  if (error.name === 'TransactionInProgressException') return 'unknown_outcome';
  const { $fault, $metadata, code } = error as Error & { $fault?: unknown; $metadata?: { httpStatusCode?: unknown }; code?: unknown };
  if ($fault === 'server') return 'unknown_outcome';
  if (typeof $metadata?.httpStatusCode === 'number' && $metadata.httpStatusCode >= 500) return 'unknown_outcome';
  if (error.name === 'TimeoutError' || error.name === 'RequestTimeout') return 'unknown_outcome';
  if (typeof code === 'string' && networkErrorCodes.has(code)) return 'unknown_outcome';
  return 'fatal';
}
