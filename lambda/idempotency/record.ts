import { gunzipSync, gzipSync } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { IdempotencyAttributeNames } from './options.js';
import type { StoredResponse } from './stored-response.js';

/** A key being processed: the holder's lease token and when the lease runs out. */
export interface InProgressRecord {
  readonly status: 'IN_PROGRESS';
  readonly id: string;
  readonly fingerprint: string;
  readonly leaseToken: string;
  /** Epoch milliseconds. */
  readonly leaseExpiresAt: number;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

/** A key whose operation finished with a response below 500. */
export interface CompletedRecord {
  readonly status: 'COMPLETED';
  readonly id: string;
  readonly fingerprint: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
  readonly response: StoredResponse;
}

/** One item of the idempotency table, decoded. */
export type IdempotencyRecord = InProgressRecord | CompletedRecord;

/** Raised when an item of the idempotency table does not have the shape this middleware writes. */
export class IdempotencyRecordInvalidError extends Error {
  override readonly name = 'IdempotencyRecordInvalidError';
  readonly code = 'idempotency_record_invalid';

  constructor(reason: string, options?: ErrorOptions) {
    super(`idempotency record is invalid: ${reason}`, options);
  }
}

/**
 * Raised when a response does not fit in an item even compressed. Thrown by
 * `completionAction` before anything commits; the generic completion never throws it (it stores
 * a fixed replacement response instead).
 */
export class IdempotencyResponseTooLargeError extends Error {
  override readonly name = 'IdempotencyResponseTooLargeError';
  readonly code = 'idempotency_response_too_large';
  readonly status = 500;

  constructor(
    readonly storedBytes: number,
    readonly maxStoredResponseBytes: number,
  ) {
    super(`response needs ${storedBytes} bytes compressed; at most ${maxStoredResponseBytes} can be stored`);
  }
}

/** Limits applied when a response is encoded for storage. */
export interface ResponseEncodingLimits {
  readonly compressThresholdBytes: number;
  readonly maxStoredResponseBytes: number;
}

/** A response ready to be written as the record's response attribute. */
export interface EncodedResponse {
  readonly value: AttributeValue;
  readonly compressed: boolean;
  /** Size of the attribute value in bytes. */
  readonly bytes: number;
}

/**
 * Encodes a response for the record: JSON text (S) up to the threshold, gzip-compressed JSON
 * (B) above it.
 *
 * @throws IdempotencyResponseTooLargeError when even the compressed form exceeds the limit.
 */
export function encodeStoredResponse(response: StoredResponse, limits: ResponseEncodingLimits): EncodedResponse {
  const json = JSON.stringify(response);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= limits.compressThresholdBytes) return { value: { S: json }, compressed: false, bytes };
  const compressed = gzipSync(json);
  if (compressed.byteLength > limits.maxStoredResponseBytes) {
    throw new IdempotencyResponseTooLargeError(compressed.byteLength, limits.maxStoredResponseBytes);
  }
  return { value: { B: new Uint8Array(compressed) }, compressed: true, bytes: compressed.byteLength };
}

/**
 * Decodes the response attribute written by {@link encodeStoredResponse}.
 *
 * @throws IdempotencyRecordInvalidError when it is neither form or does not describe a response.
 */
export function decodeStoredResponse(value: AttributeValue): StoredResponse {
  let json: string;
  if (value.S !== undefined) json = value.S;
  else if (value.B !== undefined) json = gunzipSync(value.B).toString('utf8');
  else throw new IdempotencyRecordInvalidError('response is neither S nor B');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new IdempotencyRecordInvalidError('response is not JSON', { cause: error });
  }
  return parseStoredResponse(parsed);
}

/**
 * Decodes an item of the idempotency table.
 *
 * @throws IdempotencyRecordInvalidError when an attribute is missing or has the wrong type.
 */
export function decodeIdempotencyRecord(
  item: Readonly<Record<string, AttributeValue>>,
  names: IdempotencyAttributeNames,
): IdempotencyRecord {
  const id = stringAttribute(item, names.id);
  const status = stringAttribute(item, names.status);
  const fingerprint = stringAttribute(item, names.fingerprint);
  const expiresAt = numberAttribute(item, names.expiresAt);
  if (status === 'IN_PROGRESS') {
    return {
      status,
      id,
      fingerprint,
      expiresAt,
      leaseToken: stringAttribute(item, names.leaseToken),
      leaseExpiresAt: numberAttribute(item, names.leaseExpiresAt),
    };
  }
  if (status === 'COMPLETED') {
    const response = item[names.response];
    if (response === undefined) throw new IdempotencyRecordInvalidError(`${names.response} is missing`);
    return { status, id, fingerprint, expiresAt, response: decodeStoredResponse(response) };
  }
  throw new IdempotencyRecordInvalidError(`unknown status ${JSON.stringify(status)}`);
}

function stringAttribute(item: Readonly<Record<string, AttributeValue>>, name: string): string {
  const value = item[name]?.S;
  if (value === undefined) throw new IdempotencyRecordInvalidError(`${name} is not a string`);
  return value;
}

function numberAttribute(item: Readonly<Record<string, AttributeValue>>, name: string): number {
  const text = item[name]?.N;
  const value = text === undefined ? Number.NaN : Number(text);
  if (!Number.isSafeInteger(value)) throw new IdempotencyRecordInvalidError(`${name} is not an integer`);
  return value;
}

/**
 * Checks that a parsed JSON value is a stored response (an integer status, string headers,
 * cookies and body) and returns it in the stored shape.
 *
 * @throws IdempotencyRecordInvalidError naming the first malformed field.
 */
export function parseStoredResponse(value: unknown): StoredResponse {
  if (typeof value !== 'object' || value === null) throw new IdempotencyRecordInvalidError('response is not an object');
  const { statusCode, headers, cookies, body, isBase64Encoded } = value as Record<string, unknown>;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode)) {
    throw new IdempotencyRecordInvalidError('response has no integer statusCode');
  }
  if (headers !== undefined && !isStringRecord(headers)) throw new IdempotencyRecordInvalidError('response headers are not strings');
  if (cookies !== undefined && !(Array.isArray(cookies) && cookies.every((cookie) => typeof cookie === 'string'))) {
    throw new IdempotencyRecordInvalidError('response cookies are not strings');
  }
  if (body !== undefined && typeof body !== 'string') throw new IdempotencyRecordInvalidError('response body is not a string');
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') {
    throw new IdempotencyRecordInvalidError('response isBase64Encoded is not a boolean');
  }
  return {
    statusCode,
    ...(headers === undefined ? {} : { headers }),
    ...(cookies === undefined ? {} : { cookies }),
    ...(body === undefined ? {} : { body }),
    ...(isBase64Encoded === undefined ? {} : { isBase64Encoded }),
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}
