import type { ServerResponse } from 'node:http';
import type { LocalHttpResponse } from './http-response-of.js';

/**
 * Writes `answer` with the headers API Gateway adds (`apigw-requestid`, `content-length`) and,
 * local only, `x-local-instance` naming the simulated instance that ran the request.
 */
export function writeResponse(response: ServerResponse, answer: LocalHttpResponse, requestId: string, instance?: number): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of answer.headers) {
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else headers[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  headers['apigw-requestid'] = requestId;
  // API Gateway sends no such header: it shows which simulated instance ran the request.
  if (instance !== undefined) headers['x-local-instance'] = String(instance);
  headers['content-length'] = String(answer.body.length);
  response.writeHead(answer.status, headers);
  response.end(answer.body);
}
