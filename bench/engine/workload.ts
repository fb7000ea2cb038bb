/**
 * The benchmark's workload: one table, a ~200-byte item, and the four measured operations,
 * each built as a stock SDK command so every target is driven exactly the same way.
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** Name of the table every target gets. */
export const benchTable = 'bench-engine';

/** How many distinct keys the Put and Get operations cycle through. */
const keySpace = 1000;

/** The measured item for key `pk`: a few typical attributes, about 200 bytes. */
export function benchItem(pk: string): Record<string, AttributeValue> {
  return {
    pk: { S: pk },
    ownerId: { S: 'arn:aws:iam::000000000000:user/bench' },
    currency: { S: 'EUR' },
    balance: { N: '123456' },
    version: { N: '42' },
    status: { S: 'COMPLETED' },
    note: { S: 'x'.repeat(64) },
  };
}

/** One measured operation. */
export interface BenchOperation {
  readonly name: string;
  /** Whether dynalite implements it (it has no transactions). */
  readonly dynalite: boolean;
  /** Sends call number `n`; resolves when the expected outcome arrived, rejects otherwise. */
  readonly run: (client: DynamoDBClient, n: number) => Promise<void>;
  /** The same request as raw HTTP (fixed key), for the server-capacity measurement. */
  readonly raw: RawRequest;
}

/** A request sent as-is over HTTP, and the status it must get. */
export interface RawRequest {
  readonly target: string;
  readonly body: string;
  readonly expectStatus: 200 | 400;
}

/** The four operations of the issue, in the order they are measured. */
export const benchOperations: readonly BenchOperation[] = [
  {
    name: 'PutItem',
    dynalite: true,
    raw: { target: 'PutItem', body: JSON.stringify({ TableName: benchTable, Item: benchItem('k1') }), expectStatus: 200 },
    run: async (client, n) => {
      await client.send(new PutItemCommand({ TableName: benchTable, Item: benchItem(`k${n % keySpace}`) }));
    },
  },
  {
    name: 'GetItem',
    dynalite: true,
    raw: { target: 'GetItem', body: JSON.stringify({ TableName: benchTable, Key: { pk: { S: 'k1' } } }), expectStatus: 200 },
    run: async (client, n) => {
      const result = await client.send(new GetItemCommand({ TableName: benchTable, Key: { pk: { S: `k${n % keySpace}` } } }));
      if (result.Item === undefined) throw new Error('GetItem found nothing: the table was not loaded');
    },
  },
  {
    name: 'PutItem (condition fails)',
    dynalite: true,
    raw: {
      target: 'PutItem',
      body: JSON.stringify({ TableName: benchTable, Item: benchItem('k1'), ConditionExpression: 'attribute_not_exists(pk)' }),
      expectStatus: 400,
    },
    run: async (client, n) => {
      try {
        await client.send(
          new PutItemCommand({
            TableName: benchTable,
            Item: benchItem(`k${n % keySpace}`),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return;
        throw error;
      }
      throw new Error('the conditional put succeeded on an existing item');
    },
  },
  {
    name: 'TransactWriteItems (3 puts)',
    dynalite: false,
    raw: {
      target: 'TransactWriteItems',
      body: JSON.stringify({
        TransactItems: ['a', 'b', 'c'].map((suffix) => ({ Put: { TableName: benchTable, Item: benchItem(`raw-${suffix}`) } })),
      }),
      expectStatus: 200,
    },
    run: async (client, n) => {
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: ['a', 'b', 'c'].map((suffix) => ({
            Put: { TableName: benchTable, Item: benchItem(`t${n % keySpace}-${suffix}`) },
          })),
        }),
      );
    },
  },
];

/** Creates the table and writes every key the Get and failing-Put operations read. */
export async function prepareTarget(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: benchTable,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (let start = 0; start < keySpace; start += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, offset) =>
        client.send(new PutItemCommand({ TableName: benchTable, Item: benchItem(`k${start + offset}`) })),
      ),
    );
  }
}
