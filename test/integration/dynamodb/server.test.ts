import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { startDynamoDB } from '../../../local/dynamodb/server.js';
import { useOwnEngine } from './support/own-engine.js';

// Engine-only checks: this file starts its own engine, so it proves the embedding API too.
const table = 'smoke-items';
const engine = useOwnEngine(table);

describe('the embedded engine', () => {
  it('listens on a free loopback port and answers the health check', async () => {
    expect(engine().server.endpoint).toBe(`http://127.0.0.1:${engine().server.port}`);
    const response = await fetch(engine().server.endpoint);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^healthy: dynamodb/);
  });

  it('stores and reads an item through the stock SDK, numbers canonical', async () => {
    await engine().client.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'a' }, n: { N: '1.50' } } }));
    const { Item } = await engine().client.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'a' } } }));
    expect(Item).toEqual({ id: { S: 'a' }, n: { N: '1.5' } });
  });

  it('raises a typed ConditionalCheckFailedException carrying the old item', async () => {
    await engine().client.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'cond' }, v: { N: '1' } } }));
    const error = await engine().client
      .send(
        new PutItemCommand({
          TableName: table,
          Item: { id: { S: 'cond' }, v: { N: '2' } },
          ConditionExpression: 'attribute_not_exists(id)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect((error as ConditionalCheckFailedException).message).toBe('The conditional request failed');
    expect((error as ConditionalCheckFailedException).Item).toEqual({ id: { S: 'cond' }, v: { N: '1' } });
    const { Item } = await engine().client.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'cond' } } }));
    expect(Item?.v).toEqual({ N: '1' });
  });

  it('raises a typed TransactionCanceledException with one reason per action and writes nothing', async () => {
    await engine().client.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'tx-existing' } } }));
    const error = await engine().client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { id: { S: 'tx-new' } } } },
            {
              Put: {
                TableName: table,
                Item: { id: { S: 'tx-existing' } },
                ConditionExpression: 'attribute_not_exists(id)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const cancelled = error as TransactionCanceledException;
    expect(cancelled.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]');
    expect(cancelled.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { id: { S: 'tx-existing' } } },
    ]);
    const { Item } = await engine().client.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'tx-new' } } }));
    expect(Item).toBeUndefined();
  });

  it('works with the document client, including an upsert', async () => {
    const documents = DynamoDBDocumentClient.from(engine().client);
    await documents.send(new PutCommand({ TableName: table, Item: { id: 'doc', tags: new Set(['x']), nested: { a: [1, 2] } } }));
    const updated = await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: { id: 'counter' },
        UpdateExpression: 'ADD hits :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(updated.Attributes).toEqual({ id: 'counter', hits: 1 });
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { id: 'doc' } }));
    expect(Item).toEqual({ id: 'doc', tags: new Set(['x']), nested: { a: [1, 2] } });
  });

  it('reset() drops every table', async () => {
    const other = await startDynamoDB({ port: 0 });
    try {
      other.engine.execute('CreateTable', {
        TableName: 'reset-me',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      });
      expect(other.engine.tables.names()).toEqual(['reset-me']);
      other.engine.reset();
      expect(other.engine.tables.names()).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
