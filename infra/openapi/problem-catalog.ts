import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  internalErrorProblem,
  payloadTooLargeProblem,
  problemResponse,
  unsupportedMediaTypeProblem,
  serviceUnavailableProblem,
  unauthenticatedProblem,
  validationProblem,
} from '../../lambda/http/problem.js';
import { idempotencyResponses, unavailableResponse } from '../../lambda/idempotency/idempotency-responses.js';
import { resultOf } from '../../lambda/idempotency/stored-response.js';
import { refusalProblem } from '../../lambda/payments/handlers/refusal-problem.js';
import { hostNotAllowed, problemOf } from '../../local/http/gateway-answers.js';
import type { LocalHttpResponse } from '../../local/http/http-response-of.js';

/**
 * One sample answer per problem `code` the code can produce, built by the very functions that
 * answer it, so the document's statuses, titles, `type` URIs and headers cannot drift from them.
 * test/unit/infra/openapi/problem-catalog.test.ts fails when the sources name a code that is
 * missing here.
 */
export const problemSamples = {
  validation_error: () => problemResponse(validationProblem([{ path: 'amount', message: 'amount must be at least 1' }])),
  payload_too_large: () => problemResponse(payloadTooLargeProblem(8192)),
  unsupported_media_type: () => problemResponse(unsupportedMediaTypeProblem()),
  unauthenticated: () => problemResponse(unauthenticatedProblem()),
  service_unavailable: () => problemResponse(serviceUnavailableProblem(1)),
  internal_error: () => problemResponse(internalErrorProblem()),
  idempotency_key_missing: () => idempotencyResponses.keyMissing('Idempotency-Key'),
  idempotency_key_invalid: () => idempotencyResponses.keyInvalid('Idempotency-Key', 'it is longer than 255 characters'),
  idempotency_request_in_progress: () => idempotencyResponses.inProgress(2),
  idempotency_key_reused: () => idempotencyResponses.keyReused(),
  idempotency_response_unavailable: () => resultOf(unavailableResponse()),
  account_not_found: () => problemResponse(refusalProblem({ kind: 'account_not_found' })),
  payment_not_found: () => problemResponse(refusalProblem({ kind: 'payment_not_found' })),
  currency_mismatch: () => problemResponse(refusalProblem({ kind: 'currency_mismatch', held: 'EUR', requested: 'USD' })),
  insufficient_funds: () => problemResponse(refusalProblem({ kind: 'insufficient_funds' })),
  balance_limit_exceeded: () => problemResponse(refusalProblem({ kind: 'balance_limit_exceeded', movement: 'deposit' })),
  order_already_paid: () => problemResponse(refusalProblem({ kind: 'order_already_paid', paymentId: 'pay_0f1e2d3c4b5a69788796a5b4c3d2e1f0' })),
  refund_exceeds_payment: () => problemResponse(refusalProblem({ kind: 'refund_exceeds_payment', refundable: 500 })),
  deposit_already_applied: () =>
    problemResponse(refusalProblem({ kind: 'already_applied', movement: 'deposit', originalId: 'dep_5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b' })),
  refund_already_made: () => problemResponse(refusalProblem({ kind: 'already_applied', movement: 'refund', originalId: 'ref_9a8b7c6d5e4f30211203f4e5d6c7b8a9' })),
  account_already_exists: () =>
    problemResponse(refusalProblem({ kind: 'already_applied', movement: 'account', originalId: 'acct_0a1b2c3d4e5f60718293a4b5c6d7e8f9' })),
  reference_reused: () => problemResponse(refusalProblem({ kind: 'reference_reused', movement: 'deposit', originalId: 'dep_5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b' })),
  route_not_found: () => problemOf(404, 'route_not_found', 'Route not found', 'No route matches GET /nowhere.'),
  method_not_allowed: () => problemOf(405, 'method_not_allowed', 'Method not allowed', '/accounts accepts POST.', { allow: 'POST' }),
  host_not_allowed: () => hostNotAllowed(),
} satisfies Record<string, () => APIGatewayProxyStructuredResultV2 | LocalHttpResponse>;

/** A code of the catalogue. */
export type ProblemCode = keyof typeof problemSamples;


/** A problem's sample as the document shows it: status, headers and the parsed body. */
export interface ProblemSample {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
}

/** Every code of the catalogue, in declaration order. */
export const problemCodes = Object.keys(problemSamples) as ProblemCode[];

/** The sample answer of `code`, normalised. @throws Error when the sample is not a JSON problem. */
export function problemSample(code: ProblemCode): ProblemSample {
  const raw: APIGatewayProxyStructuredResultV2 | LocalHttpResponse = problemSamples[code]();
  const { status, text, pairs } = isLocal(raw)
    ? { status: raw.status, text: raw.body.toString('utf8'), pairs: raw.headers }
    : { status: raw.statusCode, text: raw.body ?? '', pairs: Object.entries(raw.headers ?? {}) };
  const body: unknown = JSON.parse(text);
  if (typeof status !== 'number' || typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`the sample of ${code} is not a JSON problem`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) headers[name.toLowerCase()] = String(value);
  return { status, headers, body: body as Record<string, unknown> };
}

function isLocal(raw: APIGatewayProxyStructuredResultV2 | LocalHttpResponse): raw is LocalHttpResponse {
  return 'status' in raw && Buffer.isBuffer(raw.body);
}
