/**
 * The SecretString of a Secrets Manager secret, or undefined for a binary secret. The SDK client
 * is imported on first use, so functions that never read a secret (and the list-ledger function
 * until its first request) do not pay for loading it at cold start.
 */
export async function readSecretsManagerSecret(secretId: string): Promise<string | undefined> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return output.SecretString;
  } finally {
    client.destroy();
  }
}
