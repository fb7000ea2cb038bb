import { createHash, createHmac } from 'node:crypto';
import { testDynamoDBClient } from '../../../support/dynamodb.js';

/** What a raw call sends: the operation (or any X-Amz-Target), and the body as text or JSON. */
export interface SignedRequestInput {
  /** The full X-Amz-Target header; omitted when null. */
  readonly target: string | null;
  /** A JSON value to serialize, or the exact body text to send. */
  readonly body: unknown;
  /** Send `body` as is (it must then be a string) instead of serializing it. */
  readonly rawBody?: boolean;
  /** @default 'application/x-amz-json-1.0' */
  readonly contentType?: string;
  /** Credentials to sign with instead of the test client's (to prove any credentials work). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The parts of a raw response the wire tests look at. */
export interface SignedResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body exactly as received. */
  readonly bytes: Buffer;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: unknown;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/**
 * Sends one request to the endpoint under test with `fetch`, signed with AWS Signature
 * Version 4 (so the same raw tests also pass against real DynamoDB, which rejects unsigned
 * calls), and returns the status, headers and body bytes untouched.
 */
export async function signedRequest(input: SignedRequestInput): Promise<SignedResponse> {
  const client = testDynamoDBClient();
  const endpoint = await resolveEndpoint(client);
  const region = await client.config.region();
  const credentials = input.credentials ?? (await client.config.credentials());
  const sessionToken = input.credentials === undefined ? (await client.config.credentials()).sessionToken : undefined;
  client.destroy();

  const url = new URL(endpoint);
  const body = input.rawBody === true ? String(input.body) : JSON.stringify(input.body);
  const now = new Date();
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);

  const headers: Record<string, string> = {
    'content-type': input.contentType ?? 'application/x-amz-json-1.0',
    host: url.host,
    'x-amz-date': amzDate,
  };
  if (input.target !== null) headers['x-amz-target'] = input.target;
  if (sessionToken !== undefined) headers['x-amz-security-token'] = sessionToken;

  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((name) => `${name}:${headers[name] ?? ''}\n`).join('');
  const signedHeaders = names.join(';');
  const path = url.pathname === '' ? '/' : url.pathname;
  const canonicalRequest = ['POST', path, '', canonicalHeaders, signedHeaders, sha256Hex(body)].join('\n');
  const scope = `${day}/${region}/dynamodb/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), 'dynamodb'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');

  const { host: _host, ...sent } = headers;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...sent,
      authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    },
    body,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, bytes, json };
}

async function resolveEndpoint(client: ReturnType<typeof testDynamoDBClient>): Promise<string> {
  const provider = client.config.endpoint;
  if (provider === undefined) throw new Error('the test client has no endpoint');
  const endpoint = await provider();
  const port = endpoint.port === undefined ? '' : `:${endpoint.port}`;
  return `${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path}`;
}
