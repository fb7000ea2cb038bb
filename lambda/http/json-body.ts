import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as v from 'valibot';
import { payloadTooLargeProblem, problemResponse, validationProblem, type FieldError } from './problem.js';

/** Options of `jsonBody`. */
export interface JsonBodyOptions {
  /** Largest accepted body, in bytes after base64 decoding; larger is 413. */
  readonly maxBytes: number;
  /**
   * Treat an absent or empty body as `{}` (for routes whose fields are all optional).
   * @default false
   */
  readonly emptyAsObject?: boolean;
}

// Validated bodies by event: the event itself stays exactly what API Gateway sent.
const validatedBodies = new WeakMap<APIGatewayProxyEventV2, unknown>();

/**
 * Middy middleware that parses the request body as JSON, requires a JSON object, and validates
 * it with a valibot schema. The handler gets the validated value with `jsonBodyOf(event, schema)`;
 * the event is left untouched (the idempotency middleware fingerprints the raw body).
 *
 * Rejections are answered at once, before any later middleware runs (so nothing is claimed or
 * stored): 413 `payload_too_large` past `maxBytes`; 400 `validation_error`, with one
 * `{path, message}` per problem, for invalid JSON, a non-object, wrong types, unknown fields or
 * out-of-range values.
 *
 * @throws RangeError at construction when `maxBytes` is not a positive integer.
 */
export function jsonBody(
  schema: v.GenericSchema,
  options: JsonBodyOptions,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  const { maxBytes, emptyAsObject = false } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new RangeError('jsonBody: maxBytes must be a positive integer');

  const jsonBodyBefore = (
    request: Request<APIGatewayProxyEventV2, APIGatewayProxyResultV2>,
  ): APIGatewayProxyResultV2 | undefined => {
    const { event } = request;
    const raw = rawBody(event);
    if (raw.byteLength > maxBytes) return problemResponse(payloadTooLargeProblem(maxBytes));
    const parsed = parseObject(raw, emptyAsObject);
    if (!parsed.ok) return problemResponse(validationProblem([{ path: '', message: parsed.message }]));
    const result = v.safeParse(schema, parsed.value, { abortEarly: false, abortPipeEarly: true });
    if (!result.success) return problemResponse(validationProblem(fieldErrorsOf(result.issues)));
    validatedBodies.set(event, result.output);
    return undefined;
  };
  return { before: jsonBodyBefore };
}

/**
 * The body `jsonBody(schema, ...)` validated for this event, typed by the same schema.
 *
 * @throws Error when no `jsonBody` middleware validated this event (a wiring mistake).
 */
export function jsonBodyOf<TSchema extends v.GenericSchema>(event: APIGatewayProxyEventV2, _schema: TSchema): v.InferOutput<TSchema> {
  if (!validatedBodies.has(event)) throw new Error('jsonBodyOf: no jsonBody middleware validated this event');
  return validatedBodies.get(event);
}

function rawBody(event: APIGatewayProxyEventV2): Buffer {
  if (event.body === undefined) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

type Parsed = { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly message: string };

function parseObject(raw: Buffer, emptyAsObject: boolean): Parsed {
  const text = raw.toString('utf8');
  if (text.trim() === '') {
    return emptyAsObject ? { ok: true, value: {} } : { ok: false, message: 'The request body must be a JSON object.' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The request body is not valid JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'The request body must be a JSON object.' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** One field error per issue, paths dotted (`amount`, `items.0.price`), the body itself `''`. */
export function fieldErrorsOf(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message }));
}
