/**
 * TTL needs the engine handle (to trigger a sweep), so this file starts its own engine and is
 * skipped against another endpoint, where expiry happens on AWS's schedule.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DynamoDBServer } from '../../../local/dynamodb/server.js';

const local = inject('dynamodbIsLocalEngine');

describe.skipIf(!local)('TTL', () => {
  let server: DynamoDBServer;
  let client: DynamoDBClient;
  const nowSeconds = Math.floor(Date.now() / 1000);

  async function tableWithTtl(name: string): Promise<void> {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }));
  }

  async function exists(table: string, id: string): Promise<boolean> {
    const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }));
    return Item !== undefined;
  }

  beforeAll(async () => {
    const { startDynamoDB } = await import('../../../local/dynamodb/server.js');
    // A long interval: these tests trigger sweeps themselves, except the last one.
    server = await startDynamoDB({ port: 0, ttlSweepIntervalMs: 3_600_000 });
    client = new DynamoDBClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  it('keeps an expired item readable until a sweep, then deletes only expired items', async () => {
    await tableWithTtl('ttl-sweep');
    const items = {
      expired: { N: String(nowSeconds - 60) },
      future: { N: String(nowSeconds + 3600) },
      notANumber: { S: String(nowSeconds - 60) },
      ancient: { N: String(nowSeconds - 6 * 365 * 24 * 3600) },
    };
    for (const [id, expiresAt] of Object.entries(items)) {
      await client.send(new PutItemCommand({ TableName: 'ttl-sweep', Item: { id: { S: id }, expiresAt } }));
    }
    await client.send(new PutItemCommand({ TableName: 'ttl-sweep', Item: { id: { S: 'noTtl' } } }));
    expect(await exists('ttl-sweep', 'expired')).toBe(true);

    expect(server.engine.sweepExpiredItems()).toBe(1);

    expect(await exists('ttl-sweep', 'expired')).toBe(false);
    for (const id of ['future', 'notANumber', 'ancient', 'noTtl']) expect(await exists('ttl-sweep', id)).toBe(true);
  });

  it('leaves items alone on a table whose TTL is disabled', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: 'ttl-off',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    await client.send(new PutItemCommand({ TableName: 'ttl-off', Item: { id: { S: 'old' }, expiresAt: { N: String(nowSeconds - 60) } } }));
    server.engine.sweepExpiredItems();
    expect(await exists('ttl-off', 'old')).toBe(true);
  });

  it('sweeps on its own at the configured interval', async () => {
    const { startDynamoDB } = await import('../../../local/dynamodb/server.js');
    const fast = await startDynamoDB({ port: 0, ttlSweepIntervalMs: 50 });
    const fastClient = new DynamoDBClient({
      endpoint: fast.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    try {
      await fastClient.send(
        new CreateTableCommand({
          TableName: 'ttl-auto',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      );
      await fastClient.send(new UpdateTimeToLiveCommand({ TableName: 'ttl-auto', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }));
      await fastClient.send(new PutItemCommand({ TableName: 'ttl-auto', Item: { id: { S: 'gone' }, expiresAt: { N: String(nowSeconds - 1) } } }));
      let present = true;
      for (let attempt = 0; attempt < 200 && present; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        const { Item } = await fastClient.send(new GetItemCommand({ TableName: 'ttl-auto', Key: { id: { S: 'gone' } } }));
        present = Item !== undefined;
      }
      expect(present).toBe(false);
    } finally {
      fastClient.destroy();
      await fast.stop();
    }
  });
});
