import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** One field-level complaint in a `validation_error`. */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `amount` or `items.0.price`; empty for the body itself. */
  readonly path: string;
  readonly message: string;
}

/** Extra members of a problem body, e.g. `paymentId` for `order_already_paid`. */
export type ProblemExtensions = Readonly<Record<string, string | number | boolean | readonly FieldError[]>>;

/** What a problem says: RFC 9457 problem details plus our stable `code`. */
export interface ProblemInit {
  readonly status: number;
  /** Stable, machine-readable code from the contract, e.g. `insufficient_funds`. */
  readonly code: string;
  /** Short human summary; the same for every occurrence of `code`. */
  readonly title: string;
  /** Human explanation of this occurrence. */
  readonly detail: string;
  readonly extensions?: ProblemExtensions;
  /** Response headers the problem needs, e.g. `retry-after`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Every error the API answers is a Problem: returned as a value by handlers (so the idempotency
 * middleware stores and replays it) or thrown (so the key is released), it becomes the same
 * problem+json response. Anything thrown that is not a Problem is an internal error.
 */
export class Problem extends Error {
  override readonly name = 'Problem';
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly extensions: ProblemExtensions;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: ProblemInit, options?: ErrorOptions) {
    super(init.detail, options);
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.extensions = init.extensions ?? {};
    this.headers = init.headers ?? {};
  }

  /** Human explanation of this occurrence (the error message). */
  get detail(): string {
    return this.message;
  }
}

/** Media type of every error body. */
export const problemContentType = 'application/problem+json';

/**
 * Where the problem types are documented, one anchor per `code` (docs/http-api.md, "Problem
 * types"; the local runner serves it). A path-absolute reference, so it resolves against whatever
 * origin answered, and fixed rather than configurable: `type` identifies the problem, and an
 * identifier that changed with the deployment would break clients that compare it.
 */
export const problemTypesPath = '/docs/problems';

/** The `type` URI of a problem code: its anchor in the problem types' documentation. */
export function problemType(code: string): string {
  return `${problemTypesPath}#${code}`;
}

/** The API Gateway response of a problem. */
export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  const body = {
    type: problemType(problem.code),
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    ...problem.extensions,
  };
  return {
    statusCode: problem.status,
    headers: { 'content-type': problemContentType, ...problem.headers },
    body: JSON.stringify(body),
  };
}

/** 400 `validation_error`: the request (body, path or query) is invalid; `errors` says where. */
export function validationProblem(errors: readonly FieldError[]): Problem {
  return new Problem({ status: 400, code: 'validation_error', title: 'Invalid request', detail: 'The request is invalid; see errors.', extensions: { errors } });
}

/** 413 `payload_too_large`: the body is larger than the route accepts. */
export function payloadTooLargeProblem(maxBytes: number): Problem {
  return new Problem({ status: 413, code: 'payload_too_large', title: 'Payload too large', detail: `The request body is larger than ${maxBytes} bytes.` });
}

/** 415 `unsupported_media_type`: a body that is not JSON, on a route that only reads JSON. */
export function unsupportedMediaTypeProblem(): Problem {
  return new Problem({
    status: 415,
    code: 'unsupported_media_type',
    title: 'Unsupported media type',
    detail: 'The request body must be JSON in UTF-8, sent with Content-Type: application/json.',
    headers: { 'accept-post': 'application/json' },
  });
}

/** 401 `unauthenticated`: the request carries no authenticated caller. */
export function unauthenticatedProblem(): Problem {
  return new Problem({ status: 401, code: 'unauthenticated', title: 'Unauthenticated', detail: 'The request carries no authenticated caller.' });
}

/**
 * 503 `service_unavailable` with `Retry-After`: the operation could not finish within the
 * invocation's time (contention, throttling or an unknown outcome). Being a 5xx, the key is
 * released and the client may retry with it.
 */
export function serviceUnavailableProblem(retryAfterSeconds: number, options?: ErrorOptions): Problem {
  return new Problem(
    {
      status: 503,
      code: 'service_unavailable',
      title: 'Service unavailable',
      detail: 'The service could not complete the request in time; retry with the same idempotency key.',
      headers: { 'retry-after': String(retryAfterSeconds) },
    },
    options,
  );
}

/** 500 `internal_error`: says nothing internal. */
export function internalErrorProblem(): Problem {
  return new Problem({ status: 500, code: 'internal_error', title: 'Internal error', detail: 'The request could not be completed.' });
}
