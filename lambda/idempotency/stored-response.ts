import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * An HTTP API (payload 2.0) response in the one shape the middleware stores and replays. API
 * Gateway accepts looser shapes from a handler (a bare string, an object without
 * `statusCode`); {@link storedResponseOf} turns them into this shape the way API Gateway would
 * render them, so the replay is what the first client received.
 */
export interface StoredResponse {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly cookies?: readonly string[];
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

/**
 * Normalises whatever a handler returned (typed `unknown` because API Gateway accepts any JSON)
 * into a {@link StoredResponse}.
 *
 * API Gateway treats a result without a numeric `statusCode` as a 200 JSON response whose body
 * is the result itself (a string as is, anything else serialised as JSON).
 */
export function storedResponseOf(result: unknown): StoredResponse {
  if (typeof result === 'string') {
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: result };
  }
  if (!isStructured(result)) {
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result ?? null) };
  }
  const headers = result.headers === undefined ? undefined : stringHeaders(result.headers);
  return {
    statusCode: result.statusCode,
    ...(headers === undefined ? {} : { headers }),
    ...(result.cookies === undefined ? {} : { cookies: [...result.cookies] }),
    ...(result.body === undefined ? {} : { body: result.body }),
    ...(result.isBase64Encoded === undefined ? {} : { isBase64Encoded: result.isBase64Encoded }),
  };
}

/** The structured result that sends `response` again, with extra headers on top of the stored ones. */
export function resultOf(
  response: StoredResponse,
  extraHeaders: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.statusCode,
    headers: { ...response.headers, ...extraHeaders },
    ...(response.cookies === undefined ? {} : { cookies: [...response.cookies] }),
    ...(response.body === undefined ? {} : { body: response.body }),
    ...(response.isBase64Encoded === undefined ? {} : { isBase64Encoded: response.isBase64Encoded }),
  };
}

function isStructured(result: unknown): result is APIGatewayProxyStructuredResultV2 & { readonly statusCode: number } {
  return typeof result === 'object' && result !== null && typeof (result as { statusCode?: unknown }).statusCode === 'number';
}

function stringHeaders(headers: Readonly<Record<string, boolean | number | string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = String(value);
  return out;
}
