/**
 * The counter is an SDK middleware, so it is tested with a real DynamoDBClient making real HTTP
 * round trips. Retries and slow answers come from the engine's fault injection, an in-process
 * control on the engine handle, so this file starts an engine of its own and is skipped against
 * another endpoint.
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { dynamoDBCallCounter } from '../../../../bench/api/dynamodb-call-counter.js';
import type { DynamoDBServer } from '../../../../local/dynamodb/server.js';

const TableName = 'call-counter';

describe.skipIf(!inject('dynamodbIsLocalEngine'))('dynamoDBCallCounter', () => {
  let server: DynamoDBServer;
  const clients: DynamoDBClient[] = [];

  function newClient(maxAttempts = 1): DynamoDBClient {
    const client = new DynamoDBClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts,
    });
    clients.push(client);
    return client;
  }

  const put = (id: string): PutItemCommand => new PutItemCommand({ TableName, Item: { id: { S: id } } });
  const get = (id: string): GetItemCommand => new GetItemCommand({ TableName, Key: { id: { S: id } } });

  beforeAll(async () => {
    const { startDynamoDB } = await import('../../../../local/dynamodb/server.js');
    server = await startDynamoDB({ port: 0, ttlSweepIntervalMs: 0 });
    await newClient().send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
  });

  afterEach(() => {
    server.engine.faults.clear();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server.stop();
  });

  it.each([
    { operation: 'GetItem', send: (client: DynamoDBClient) => client.send(get('absent')) },
    { operation: 'PutItem', send: (client: DynamoDBClient) => client.send(put('put-once')) },
    {
      operation: 'UpdateItem',
      send: (client: DynamoDBClient) =>
        client.send(new UpdateItemCommand({ TableName, Key: { id: { S: 'updated' } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '1' } } })),
    },
    {
      operation: 'TransactWriteItems',
      send: (client: DynamoDBClient) =>
        client.send(
          new TransactWriteItemsCommand({
            TransactItems: [{ Put: { TableName, Item: { id: { S: 'tx-a' } } } }, { Put: { TableName, Item: { id: { S: 'tx-b' } } } }],
          }),
        ),
    },
  ])('counts one $operation as one round trip of that operation', async ({ operation, send }) => {
    const client = newClient();
    const counter = dynamoDBCallCounter(client);
    await send(client);
    expect(counter.byOperation()).toEqual({ [operation]: 1 });
    expect(counter.total()).toBe(1);
    expect(counter.sequential()).toBe(1);
  });

  it('counts calls one after another by operation, in total and as sequential', async () => {
    const client = newClient();
    const counter = dynamoDBCallCounter(client);
    await client.send(get('seq'));
    await client.send(put('seq'));
    await client.send(get('seq'));
    expect(counter.byOperation()).toEqual({ GetItem: 2, PutItem: 1 });
    expect(counter.total()).toBe(3);
    expect(counter.sequential()).toBe(3);
  });

  it('counts every attempt of a retried call, because each is a round trip', async () => {
    const client = newClient(3);
    const counter = dynamoDBCallCounter(client);
    server.engine.faults.inject({ operation: 'PutItem', error: 'InternalServerError', times: 2 });
    await client.send(put('retried'));
    expect(server.engine.faults.fired).toHaveLength(2);
    expect(counter.byOperation()).toEqual({ PutItem: 3 });
    expect(counter.total()).toBe(3);
    // The attempts wait for each other.
    expect(counter.sequential()).toBe(3);
  });

  it('counts a call DynamoDB refuses: its round trip happened', async () => {
    const client = newClient();
    const counter = dynamoDBCallCounter(client);
    await client.send(put('exists'));
    await expect(
      client.send(new PutItemCommand({ TableName, Item: { id: { S: 'exists' } }, ConditionExpression: 'attribute_not_exists(id)' })),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect(counter.byOperation()).toEqual({ PutItem: 2 });
  });

  it('counts calls sent together once as sequential, each in the total', async () => {
    const client = newClient();
    const counter = dynamoDBCallCounter(client);
    // Slow answers, so all three are certainly in flight together.
    server.engine.faults.inject({ operation: '*', latencyMs: 150, times: 3 });
    await Promise.all([client.send(get('together')), client.send(get('together')), client.send(put('together'))]);
    expect(server.engine.faults.fired).toHaveLength(3);
    expect(counter.byOperation()).toEqual({ GetItem: 2, PutItem: 1 });
    expect(counter.total()).toBe(3);
    expect(counter.sequential()).toBe(1);
    await client.send(get('together'));
    expect(counter.total()).toBe(4);
    expect(counter.sequential()).toBe(2);
  });

  it('starts from zero after a reset', async () => {
    const client = newClient();
    const counter = dynamoDBCallCounter(client);
    await client.send(put('before-reset'));
    await client.send(get('before-reset'));
    counter.reset();
    expect(counter.total()).toBe(0);
    expect(counter.sequential()).toBe(0);
    expect(counter.byOperation()).toEqual({});
    await client.send(get('after-reset'));
    expect(counter.byOperation()).toEqual({ GetItem: 1 });
    expect(counter.sequential()).toBe(1);
  });

  it('counts only the calls of the client it was added to', async () => {
    const counted = newClient();
    const other = newClient();
    const counter = dynamoDBCallCounter(counted);
    await other.send(put('other'));
    await counted.send(get('other'));
    await other.send(get('other'));
    expect(counter.byOperation()).toEqual({ GetItem: 1 });
  });
});
