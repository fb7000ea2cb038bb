import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';

/**
 * A stock SDK v3 client for the endpoint under test. Against the local engine any credentials
 * do; against AWS the default credential chain and region are used instead.
 */
export function testDynamoDBClient(): DynamoDBClient {
  const endpoint = inject('dynamodbEndpoint');
  if (inject('dynamodbIsLocalEngine')) {
    return new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  }
  return new DynamoDBClient({ endpoint, maxAttempts: 1 });
}

/** A table name unique to this run, so files running in parallel (or on AWS) never collide. */
export function uniqueTableName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
