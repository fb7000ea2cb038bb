import { expectDescribedByContract } from './openapi-contract.js';

/** A response as a test inspects it: status, lower-cased headers, the exact body text. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** One HTTP request to the local API (the e2e and reliability suites send through here). */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  readonly path: string;
  /** Sent as `X-Caller-Id`; omitted when undefined (the runner then uses `local-dev`). */
  readonly caller?: string;
  /** Sent as `Idempotency-Key` when defined. */
  readonly key?: string;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends one request to the API at `baseUrl` and reads the whole response. */
export async function callApi(baseUrl: string, request: ApiRequest): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.caller !== undefined) headers['x-caller-id'] = request.caller;
  if (request.key !== undefined) headers['idempotency-key'] = request.key;
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  // Concatenated, not resolved: a path such as `//payments` must reach the server as sent.
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const answer = { status: response.status, headers: response.headers, text: await response.text() };
  // The one hook of the contract tests: every answer the suites get must be one the document describes.
  expectDescribedByContract(request, answer);
  return answer;
}

/** The JSON body of a response as an object. @throws when it is not a JSON object. */
export function jsonOf(response: ApiResponse): Record<string, unknown> {
  const parsed: unknown = JSON.parse(response.text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`expected a JSON object, got ${response.text.slice(0, 200)}`);
  }
  return parsed as Record<string, unknown>;
}
