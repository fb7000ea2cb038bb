import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { AwsClient } from 'aws4fetch';

/** AWS credentials to sign with. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/** `fetch`, restricted to what the callers of the deployed API use. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * The region of an HTTP API from its URL (`https://<api-id>.execute-api.<region>.amazonaws.com`),
 * else `AWS_REGION`.
 *
 * @throws Error when neither tells it.
 */
export function regionOfApi(apiUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  const host = new URL(apiUrl).hostname;
  const region = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host)?.[1] ?? env.AWS_REGION;
  if (region === undefined || region === '') throw new Error(`cannot tell the region from ${host}; set AWS_REGION`);
  return region;
}

/**
 * A `fetch` that signs every request with SigV4 for `execute-api` (an HTTP API with IAM
 * authorization), through aws4fetch. Every header present when signing is signed, so the
 * `Idempotency-Key` cannot be changed on the way. No retries of its own: the callers decide
 * (a retry must reuse the key).
 *
 * @param credentials @default the default AWS credential chain (environment, profile, SSO, role), resolved once
 * @throws Error from the credential chain when no credentials are found.
 */
export async function sigv4Fetch(region: string, credentials?: SigningCredentials): Promise<FetchLike> {
  const resolved = credentials ?? (await defaultProvider()());
  const client = new AwsClient({
    accessKeyId: resolved.accessKeyId,
    secretAccessKey: resolved.secretAccessKey,
    ...(resolved.sessionToken === undefined ? {} : { sessionToken: resolved.sessionToken }),
    service: 'execute-api',
    region,
    retries: 0,
  });
  return (input, init) => client.fetch(input.toString(), { ...init, aws: { allHeaders: true } });
}
