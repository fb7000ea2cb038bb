import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A JSON response with `statusCode`, `Content-Type: application/json` and extra `headers`. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
