import { connect } from 'node:net';
import { GetItemCommand, DynamoDBClient, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { createTestTable } from './support/test-tables.js';

/** Resolves true when something accepts a TCP connection on the port, false when refused. */
function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

// The engine's programmatic API only exists for the local engine.
describe.skipIf(!inject('dynamodbIsLocalEngine'))('embedding the engine', () => {
  it('starts a second engine on a free port, serves the stock SDK, and frees the port on stop', async () => {
    const { startDynamoDB } = await import('../../../local/dynamodb/server.js');
    const server = await startDynamoDB({ port: 0 });
    expect(server.port).toBeGreaterThan(0);
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);

    const client = new DynamoDBClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' },
      maxAttempts: 1,
    });
    const shared = testDynamoDBClient();
    const table = uniqueTableName('embedded');
    try {
      await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'k' }, v: { N: '1' } } }));
      const read = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'k' } }, ConsistentRead: true }));
      expect(read.Item).toEqual({ pk: { S: 'k' }, v: { N: '1' } });

      // Each engine keeps its own tables.
      const embeddedTables = await client.send(new ListTablesCommand({}));
      expect(embeddedTables.TableNames).toEqual([table]);
      const sharedTables = await shared.send(new ListTablesCommand({ ExclusiveStartTableName: 'embedded-', Limit: 100 }));
      expect(sharedTables.TableNames ?? []).not.toContain(table);
    } finally {
      client.destroy();
      shared.destroy();
      await server.stop();
    }
    expect(await portAcceptsConnections(server.port)).toBe(false);
  });

  it('runs two embedded engines side by side without sharing state', async () => {
    const { startDynamoDB } = await import('../../../local/dynamodb/server.js');
    const first = await startDynamoDB({ port: 0 });
    const second = await startDynamoDB({ port: 0 });
    const clientFor = (endpoint: string): DynamoDBClient =>
      new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
    const a = clientFor(first.endpoint);
    const b = clientFor(second.endpoint);
    try {
      expect(first.port).not.toBe(second.port);
      await createTestTable(a, 'only-in-first', { hash: { name: 'pk', type: 'S' } });
      expect((await a.send(new ListTablesCommand({}))).TableNames).toEqual(['only-in-first']);
      expect((await b.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    } finally {
      a.destroy();
      b.destroy();
      await first.stop();
      await second.stop();
    }
    expect(await portAcceptsConnections(first.port)).toBe(false);
    expect(await portAcceptsConnections(second.port)).toBe(false);
  });
});
