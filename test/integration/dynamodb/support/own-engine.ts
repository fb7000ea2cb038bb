import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { startDynamoDB, type DynamoDBServer, type DynamoDBServerOptions } from '../../../../local/dynamodb/server.js';

/** A file's own engine, a client without retries, and one `id`-keyed on-demand table. */
export interface OwnEngine {
  readonly server: DynamoDBServer;
  readonly client: DynamoDBClient;
}

/**
 * Starts an engine of this test file's own (for engine-only checks and options the suite's
 * shared engine does not have) before the file's tests, with `table` created, and stops it after.
 * Call at the top of the file; the returned function gives the running engine.
 */
export function useOwnEngine(table: string, options: DynamoDBServerOptions = {}): () => OwnEngine {
  let engine: OwnEngine | undefined;
  beforeAll(async () => {
    const server = await startDynamoDB({ port: 0, ...options });
    const client = new DynamoDBClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    engine = { server, client };
  });
  afterAll(async () => {
    engine?.client.destroy();
    await engine?.server.stop();
  });
  return () => {
    if (engine === undefined) throw new Error('the engine starts in beforeAll: use it inside a test');
    return engine;
  };
}
