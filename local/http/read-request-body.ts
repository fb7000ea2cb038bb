import type { IncomingMessage } from 'node:http';

/** API Gateway's payload limit for HTTP APIs. */
export const apiGatewayMaxBodyBytes = 10 * 1024 * 1024;

/**
 * The request body, or undefined when it is larger than `maxBytes`. An oversized body is still
 * read to its end (and dropped) so the client sees the 413 instead of a reset connection.
 */
export async function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length'] ?? '0');
  let tooLarge = Number.isFinite(declared) && declared > maxBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
    // Past API Gateway's own limit many times over, stop listening altogether.
    if (size > 4 * apiGatewayMaxBodyBytes) {
      request.destroy();
      break;
    }
  }
  return tooLarge ? undefined : Buffer.concat(chunks, size);
}
