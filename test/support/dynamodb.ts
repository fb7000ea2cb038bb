import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { inject } from 'vitest';

/**
 * A stock SDK v3 client for the endpoint under test. Against the local engine any credentials
 * do; against AWS the default credential chain and region are used instead. `overrides` are
 * merged last (e.g. a request handler with a larger socket pool).
 */
export function testDynamoDBClient(overrides: DynamoDBClientConfig = {}): DynamoDBClient {
  const endpoint = inject('dynamodbEndpoint');
  const local: DynamoDBClientConfig = inject('dynamodbIsLocalEngine')
    ? { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {};
  return new DynamoDBClient({ endpoint, maxAttempts: 1, ...local, ...overrides });
}

/**
 * A stock DynamoDB Streams client for the endpoint under test (the engine serves Streams on the
 * same endpoint, as DynamoDB Local does); against AWS, the default chain and region.
 */
export function testDynamoDBStreamsClient(): DynamoDBStreamsClient {
  const local = inject('dynamodbIsLocalEngine');
  const endpoint = inject('dynamodbEndpoint');
  return local
    ? new DynamoDBStreamsClient({ endpoint, maxAttempts: 1, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    : new DynamoDBStreamsClient({ maxAttempts: 1, ...(endpoint.includes('amazonaws.com') ? {} : { endpoint }) });
}

/**
 * A client for many requests in flight at once: keep-alive connections and enough sockets that
 * every request really is concurrent (the default agent would queue them).
 */
export function concurrentTestDynamoDBClient(maxSockets: number): DynamoDBClient {
  return testDynamoDBClient({
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets }), requestTimeout: 60_000 },
  });
}

/** A table name unique to this run, so files running in parallel (or on AWS) never collide. */
export function uniqueTableName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
