import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';

/**
 * A stock SDK client for many requests in flight at once: keep-alive connections and enough
 * sockets that every request really is concurrent (the default agent would queue them).
 * Mirrors testDynamoDBClient() in credentials and endpoint.
 */
export function concurrentClient(maxSockets: number): DynamoDBClient {
  const endpoint = inject('dynamodbEndpoint');
  const requestHandler = { httpAgent: new Agent({ keepAlive: true, maxSockets }), requestTimeout: 60_000 };
  if (inject('dynamodbIsLocalEngine')) {
    return new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
      requestHandler,
    });
  }
  return new DynamoDBClient({ endpoint, maxAttempts: 1, requestHandler });
}
