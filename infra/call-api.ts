/**
 * Calls the deployed (IAM-authorized) API with a SigV4-signed request (aws4fetch), using the
 * default AWS credential chain (environment, profile, SSO, instance role):
 *
 *   npx tsx infra/call-api.ts <ApiUrl> POST /accounts '{"currency":"USD"}' [idempotency-key]
 *   npx tsx infra/call-api.ts <ApiUrl> GET /accounts/acct_...
 *
 * A POST without a key gets a fresh random one, printed, so the call can be retried with it.
 * The status line and the API's headers go to stderr, the body alone to stdout, so a shell can
 * read a field of it (docs/deploy.md).
 */
import { randomUUID } from 'node:crypto';
import { regionOfApi, sigv4Fetch } from './sigv4-fetch.js';

/**
 * Signs and sends one request to an HTTP API with IAM authorization (`execute-api`).
 *
 * @throws Error when no credentials are found or the region cannot be told from the URL.
 */
export async function callApi(apiUrl: string, method: string, path: string, body?: string, idempotencyKey?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  const signedFetch = await sigv4Fetch(regionOfApi(apiUrl));
  return signedFetch(new URL(path, apiUrl), { method, headers, ...(body === undefined ? {} : { body }) });
}

const invokedDirectly = process.argv[1]?.endsWith('call-api.ts') === true;
if (invokedDirectly) {
  const [apiUrl, method, path, body, key] = process.argv.slice(2);
  if (apiUrl === undefined || method === undefined || path === undefined) {
    console.error("usage: npx tsx infra/call-api.ts <ApiUrl> <METHOD> <path> ['<json body>'] [idempotency-key]");
    process.exit(2);
  }
  const idempotencyKey = method.toUpperCase() === 'POST' ? (key ?? randomUUID()) : undefined;
  if (idempotencyKey !== undefined && key === undefined) console.error(`Idempotency-Key: ${idempotencyKey}`);
  const response = await callApi(apiUrl, method.toUpperCase(), path, body, idempotencyKey);
  console.error(`${response.status} ${response.statusText}`);
  for (const [name, value] of response.headers) {
    if (name === 'idempotent-replayed' || name === 'retry-after' || name === 'content-type' || name === 'location') console.error(`${name}: ${value}`);
  }
  console.log(await response.text());
  if (!response.ok) process.exitCode = 1;
}
