/** An HTTP response ready to write. */
export interface LocalHttpResponse {
  readonly status: number;
  /** Header name (lower case) and value pairs; a name may repeat (`set-cookie`). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

/**
 * Turns what a handler returned into the HTTP response, by API Gateway's rules for payload
 * format 2.0: an object with `statusCode` is a structured result (`headers`, `cookies`, `body`,
 * `isBase64Encoded`); anything else is serialized as a 200 JSON body. Returns undefined for a
 * result API Gateway would reject as malformed (it answers 500 then).
 */
export function httpResponseOf(value: unknown): LocalHttpResponse | undefined {
  if (!isRecord(value) || !('statusCode' in value)) {
    if (value === undefined) return { status: 200, headers: [], body: Buffer.alloc(0) };
    const body = typeof value === 'string' ? value : JSON.stringify(value);
    return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body, 'utf8') };
  }
  const { statusCode, headers, cookies, body, isBase64Encoded } = value;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  const pairs: [string, string][] = [];
  if (headers !== undefined) {
    if (!isRecord(headers)) return undefined;
    for (const [name, headerValue] of Object.entries(headers)) {
      if (typeof headerValue !== 'string' && typeof headerValue !== 'number' && typeof headerValue !== 'boolean') return undefined;
      pairs.push([name.toLowerCase(), String(headerValue)]);
    }
  }
  if (cookies !== undefined) {
    if (!Array.isArray(cookies) || !cookies.every((c) => typeof c === 'string')) return undefined;
    for (const cookie of cookies) pairs.push(['set-cookie', cookie]);
  }
  if (body !== undefined && typeof body !== 'string') return undefined;
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(body, isBase64Encoded === true ? 'base64' : 'utf8');
  return { status: statusCode, headers: pairs, body: bytes };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
