import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** One field-level complaint in a `validation_error`. */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `amount` or `items.0.price`; empty for the body itself. */
  readonly path: string;
  readonly message: string;
}

/** What a problem response says (RFC 9457 problem details plus our stable `code`). */
export interface Problem {
  readonly status: number;
  /** Stable, machine-readable code from the contract, e.g. `insufficient_funds`. */
  readonly code: string;
  /** Short human summary; the same for every occurrence of `code`. */
  readonly title: string;
  /** Human explanation of this occurrence. */
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  /** Extra members specific to the problem, e.g. `paymentId` for `order_already_paid`. */
  readonly extensions?: Readonly<Record<string, string | number | boolean>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Media type of every error body. */
export const problemContentType = 'application/problem+json';

/** The `type` URI of a problem code. */
export function problemType(code: string): string {
  return `urn:idempotent-payments:problem:${code}`;
}

/** Builds the API Gateway response for a problem. */
export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  const body: Record<string, unknown> = {
    type: problemType(problem.code),
    title: problem.title,
    status: problem.status,
    ...(problem.detail === undefined ? {} : { detail: problem.detail }),
    code: problem.code,
    ...(problem.errors === undefined ? {} : { errors: problem.errors }),
    ...problem.extensions,
  };
  return {
    statusCode: problem.status,
    headers: { 'content-type': problemContentType, ...problem.headers },
    body: JSON.stringify(body),
  };
}
