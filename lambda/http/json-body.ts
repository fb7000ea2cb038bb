import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as v from 'valibot';
import { isJsonMediaType } from './json-media-type.js';
import { payloadTooLargeProblem, problemResponse, unsupportedMediaTypeProblem, validationProblem, type FieldError } from './problem.js';
import { parseStrictJson } from './strict-json.js';

/** Options of `jsonBody`. */
export interface JsonBodyOptions {
  /** Largest accepted body, in bytes after base64 decoding; larger is 413. */
  readonly maxBytes: number;
  /**
   * Treat an absent or empty body as `{}` (for routes whose fields are all optional).
   * @default false
   */
  readonly emptyAsObject?: boolean;
  /**
   * Refuse numbers not written as plain integers (`1.0`, `1e2`), rather than accept the double
   * they parse to. @default false
   */
  readonly integersOnly?: boolean;
}

// Validated bodies by event: the event itself stays exactly what API Gateway sent.
const validatedBodies = new WeakMap<APIGatewayProxyEventV2, unknown>();

/**
 * Middy middleware that parses the request body as I-JSON (no repeated member names; with
 * `integersOnly`, no number with a fraction or an exponent), requires a JSON object, and
 * validates it with a valibot schema. The handler gets the validated value with
 * `jsonBodyOf(event, schema)`, and the idempotency middleware fingerprints the same value
 * (`findJsonBody`); the event is left untouched.
 *
 * Rejections are answered at once, before any later middleware runs (so nothing is claimed or
 * stored): 413 `payload_too_large` past `maxBytes`; 415 `unsupported_media_type` for a body
 * whose `Content-Type` is not JSON (see `isJsonMediaType`), or absent: a body must say what it
 * is; 400 `validation_error`, with one `{path, message}` per problem, for invalid JSON, repeated
 * member names, non-integer numbers, a non-object, wrong types, unknown fields or out-of-range
 * values.
 *
 * @throws RangeError at construction when `maxBytes` is not a positive integer.
 */
export function jsonBody(
  schema: v.GenericSchema,
  options: JsonBodyOptions,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  const { maxBytes, emptyAsObject = false, integersOnly = false } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new RangeError('jsonBody: maxBytes must be a positive integer');

  const jsonBodyBefore = (
    request: Request<APIGatewayProxyEventV2, APIGatewayProxyResultV2>,
  ): APIGatewayProxyResultV2 | undefined => {
    const { event } = request;
    const raw = rawBody(event);
    if (raw.byteLength > maxBytes) return problemResponse(payloadTooLargeProblem(maxBytes));
    if (raw.byteLength > 0 && !isJsonMediaType(contentTypeOf(event))) return problemResponse(unsupportedMediaTypeProblem());
    const parsed = parseObject(raw, emptyAsObject, integersOnly);
    if (!parsed.ok) return problemResponse(validationProblem(parsed.errors));
    const result = v.safeParse(schema, parsed.value, { abortEarly: false, abortPipeEarly: true });
    const errors = [...parsed.violations, ...(result.success ? [] : fieldErrorsOf(result.issues).filter((error) => !parsed.violations.some((violation) => violation.path === error.path)))];
    if (errors.length > 0 || !result.success) return problemResponse(validationProblem(errors));
    validatedBodies.set(event, result.output);
    return undefined;
  };
  return { before: jsonBodyBefore };
}

/**
 * The body a `jsonBody` middleware validated for this event, as the handler will see it, or
 * undefined when none did: what the request means, whatever its whitespace or member order.
 */
export function findJsonBody(event: object): { readonly value: unknown } | undefined {
  return validatedBodies.has(event as APIGatewayProxyEventV2) ? { value: validatedBodies.get(event as APIGatewayProxyEventV2) } : undefined;
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

function contentTypeOf(event: APIGatewayProxyEventV2): string {
  const { headers } = event;
  // HTTP API lower-cases header names; other event sources may not.
  const exact = headers['content-type'];
  if (exact !== undefined) return exact;
  const name = Object.keys(headers).find((candidate) => candidate.toLowerCase() === 'content-type');
  return name === undefined ? '' : (headers[name] ?? '');
}

type Parsed =
  | { readonly ok: true; readonly value: Record<string, unknown>; readonly violations: readonly FieldError[] }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const notAnObject = { ok: false, errors: [{ path: '', message: 'The request body must be a JSON object.' }] } as const;

function parseObject(raw: Buffer, emptyAsObject: boolean, integersOnly: boolean): Parsed {
  if (raw.byteLength === 0) return emptyAsObject ? { ok: true, value: {}, violations: [] } : notAnObject;
  const parsed = parseStrictJson(raw.toString('utf8'), { integersOnly });
  if (!parsed.json) return { ok: false, errors: [{ path: '', message: 'The request body is not valid JSON.' }] };
  const { value, violations } = parsed;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return notAnObject;
  return { ok: true, value: value as Record<string, unknown>, violations };
}

/** One field error per issue, paths dotted (`amount`, `items.0.price`), the body itself `''`. */
export function fieldErrorsOf(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message }));
}
