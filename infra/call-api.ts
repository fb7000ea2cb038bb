/**
 * Calls the deployed (IAM-authorized) API with a SigV4-signed request, using the default AWS
 * credential chain (environment, profile, SSO, instance role):
 *
 *   npx tsx infra/call-api.ts <ApiUrl> POST /accounts '{"currency":"USD"}' [idempotency-key]
 *   npx tsx infra/call-api.ts <ApiUrl> GET /accounts/acct_...
 *
 * A POST without a key gets a fresh random one, printed, so the call can be retried with it.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** SHA-256 (or HMAC-SHA-256 with a secret) from node:crypto, in the shape SignatureV4 expects. */
class NodeSha256 {
  readonly #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;

  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }

  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }
}

function bytes(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Signs and sends one request to an HTTP API with IAM authorization (`execute-api`).
 *
 * @throws Error when no credentials are found or the region cannot be told from the URL.
 */
export async function callApi(
  apiUrl: string,
  method: string,
  path: string,
  body?: string,
  idempotencyKey?: string,
): Promise<Response> {
  const url = new URL(path, apiUrl);
  // https://<api-id>.execute-api.<region>.amazonaws.com
  const region = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1] ?? process.env.AWS_REGION;
  if (region === undefined) throw new Error(`cannot tell the region from ${url.hostname}; set AWS_REGION`);
  const headers: Record<string, string> = { host: url.host };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  const signer = new SignatureV4({ service: 'execute-api', region, credentials: defaultProvider(), sha256: NodeSha256 });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return fetch(url, { method, headers: signed.headers, ...(body === undefined ? {} : { body }) });
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
  console.log(`${response.status} ${response.statusText}`);
  for (const [name, value] of response.headers) {
    if (name === 'idempotent-replayed' || name === 'retry-after' || name === 'content-type') console.log(`${name}: ${value}`);
  }
  console.log(await response.text());
}
