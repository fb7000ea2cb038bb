/**
 * Fault injection is an in-process control on the engine handle, so this file starts its own
 * engine and is skipped against another endpoint.
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DynamoDBServer } from '../../../../local/dynamodb/server.js';
import { expectDynamoDBError } from '../support/expect-dynamodb-error.js';

const local = inject('dynamodbIsLocalEngine');

describe.skipIf(!local)('fault injection', () => {
  let server: DynamoDBServer;
  let client: DynamoDBClient;

  function newClient(maxAttempts: number): DynamoDBClient {
    return new DynamoDBClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts,
    });
  }

  async function stored(id: string): Promise<boolean> {
    const { Item } = await client.send(new GetItemCommand({ TableName: 'faults', Key: { id: { S: id } }, ConsistentRead: true }));
    return Item !== undefined;
  }

  beforeAll(async () => {
    const { startDynamoDB } = await import('../../../../local/dynamodb/server.js');
    server = await startDynamoDB({ port: 0 });
    client = newClient(1);
    await client.send(
      new CreateTableCommand({
        TableName: 'faults',
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
    client.destroy();
    await server.stop();
  });

  it('fails the next N calls of an operation with the chosen error, and writes nothing', async () => {
    server.engine.faults.inject({ operation: 'PutItem', error: 'ProvisionedThroughputExceededException', times: 2 });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: 'faults', Item: { id: { S: 'throttled' } } })),
        'ProvisionedThroughputExceededException',
      );
    }
    expect(await stored('throttled')).toBe(false);
    await client.send(new PutItemCommand({ TableName: 'faults', Item: { id: { S: 'throttled' } } }));
    expect(await stored('throttled')).toBe(true);
    expect(server.engine.faults.fired).toHaveLength(2);
  });

  it('lets the SDK\'s own retries get through a throttle', async () => {
    const retrying = newClient(3);
    try {
      server.engine.faults.inject({ operation: 'PutItem', error: 'ThrottlingException', times: 2 });
      await retrying.send(new PutItemCommand({ TableName: 'faults', Item: { id: { S: 'retried' } } }));
      expect(await stored('retried')).toBe(true);
      expect(server.engine.faults.fired).toHaveLength(2);
    } finally {
      retrying.destroy();
    }
  });

  it('cancels a transaction with a TransactionConflict reason', async () => {
    server.engine.faults.inject({ operation: 'TransactWriteItems', error: 'TransactionConflict', conflictIndex: 1 });
    const error = await expectDynamoDBError(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'faults', Item: { id: { S: 't1' } } } },
            { Put: { TableName: 'faults', Item: { id: { S: 't2' } } } },
          ],
        }),
      ),
      'TransactionCanceledException',
    );
    if (!(error instanceof TransactionCanceledException)) throw new Error('expected a TransactionCanceledException');
    expect(error.CancellationReasons?.map((reason) => reason.Code)).toEqual(['None', 'TransactionConflict']);
    expect(await stored('t1')).toBe(false);
  });

  it('applies the write and then fails when afterApply is set (the response was lost)', async () => {
    server.engine.faults.inject({ operation: 'TransactWriteItems', error: 'InternalServerError', afterApply: true });
    let status: number | undefined;
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'faults', Item: { id: { S: 'lost' } } } }] }));
    } catch (error) {
      status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    }
    expect(status).toBe(500);
    expect(await stored('lost')).toBe(true);
    expect(server.engine.faults.fired[0]?.applied).toBe(true);
  });

  it('only affects requests its predicate matches', async () => {
    server.engine.faults.inject({
      operation: 'PutItem',
      error: 'ThrottlingException',
      match: (request) => JSON.stringify(request.Item).includes('victim'),
    });
    await client.send(new PutItemCommand({ TableName: 'faults', Item: { id: { S: 'bystander' } } }));
    await expectDynamoDBError(client.send(new PutItemCommand({ TableName: 'faults', Item: { id: { S: 'victim' } } })), 'ThrottlingException');
  });

  it('adds latency without failing', async () => {
    server.engine.faults.inject({ operation: 'GetItem', latencyMs: 50 });
    expect(await stored('bystander')).toBe(true);
    expect(server.engine.faults.fired[0]?.latencyMs).toBe(50);
  });

  it('keeps the operation\'s own errors when an afterApply write could not apply', async () => {
    server.engine.faults.inject({ operation: 'PutItem', error: 'InternalServerError', afterApply: true });
    await expect(
      client.send(new PutItemCommand({ TableName: 'faults', Item: { id: { S: 'bystander' } }, ConditionExpression: 'attribute_not_exists(id)' })),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('cannot be reached over HTTP', async () => {
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.InjectFault',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify({ operation: 'PutItem', error: 'ThrottlingException' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toMatch(/UnknownOperationException$/);
    expect(server.engine.faults.pending).toBe(0);
  });
});
