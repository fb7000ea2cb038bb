import { Agent } from 'node:http';
import { ConditionalCheckFailedException, CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDynamoDB, type DynamoDBServer } from '../../../../local/dynamodb/server.js';

let server: DynamoDBServer;
const clients: DynamoDBClient[] = [];

beforeAll(async () => {
  server = await startDynamoDB({ port: 0 });
  // Several clients, each with its own keep-alive pool, so requests truly race on many sockets.
  for (let i = 0; i < 4; i++) {
    clients.push(
      new DynamoDBClient({
        endpoint: server.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
        requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) },
      }),
    );
  }
  await clientFor(0).send(
    new CreateTableCommand({
      TableName: 'race',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

function clientFor(i: number): DynamoDBClient {
  const client = clients[i % clients.length];
  if (client === undefined) throw new Error('no client');
  return client;
}

type Attempt = { readonly ok: true; readonly writer: number } | { readonly ok: false; readonly error: unknown };

it('lets exactly one of 200 concurrent conditional puts on one key succeed', async () => {
  const attempts = Array.from({ length: 200 }, (_, i): Promise<Attempt> =>
    clientFor(i)
      .send(
        new PutItemCommand({
          TableName: 'race',
          Item: { id: { S: 'the-key' }, writer: { N: String(i) } },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      )
      .then(
        () => ({ ok: true, writer: i }),
        (error: unknown) => ({ ok: false, error }),
      ),
  );
  const results = await Promise.all(attempts);
  const winners = results.flatMap((r) => (r.ok ? [r.writer] : []));
  const losers = results.flatMap((r) => (r.ok ? [] : [r.error]));
  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(199);
  for (const error of losers) expect(error).toBeInstanceOf(ConditionalCheckFailedException);

  // The stored item is the winner's: no loser's write slipped in after it.
  const { Item } = await clientFor(0).send(new GetItemCommand({ TableName: 'race', Key: { id: { S: 'the-key' } } }));
  expect(Item?.writer).toEqual({ N: String(winners[0]) });
});
