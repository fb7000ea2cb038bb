import { request } from 'node:http';

/** What {@link requestWithHost} received. */
export interface RawReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * Sends one request to `url` (e.g. `http://127.0.0.1:8000/`) with `host` as its `Host` header,
 * as a browser does after DNS rebinding: the connection goes to loopback, the header names
 * another site. fetch() cannot do this (it forbids setting `Host`).
 */
export function requestWithHost(
  url: string,
  host: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: init.method, headers: { ...init.headers, host }, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}
