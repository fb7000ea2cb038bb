import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableDefinition } from '../../infra/definitions/tables.js';

/**
 * Creates each table of `definitions` (named by `nameOf`) unless it exists, waits until it is
 * ACTIVE, and enables TTL where the definition asks for it. Safe to run again on every start,
 * against the local engine, DynamoDB Local or a real account.
 *
 * @throws the SDK's error when a table cannot be created or described, or does not become
 *   ACTIVE within `timeoutMs`.
 */
export async function createTables(
  client: DynamoDBClient,
  definitions: readonly TableDefinition[],
  nameOf: (definition: TableDefinition) => string = (definition) => definition.localName,
  timeoutMs = 60_000,
): Promise<void> {
  for (const definition of definitions) {
    const tableName = nameOf(definition);
    const keys = definition.sortKey === undefined ? [definition.partitionKey] : [definition.partitionKey, definition.sortKey];
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
          KeySchema: keys.map((key, index) => ({ AttributeName: key.name, KeyType: index === 0 ? 'HASH' : 'RANGE' })),
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitUntilActive(client, tableName, timeoutMs);
    if (definition.ttlAttribute !== undefined) await enableTtl(client, tableName, definition.ttlAttribute);
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} is not ACTIVE after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function enableTtl(client: DynamoDBClient, tableName: string, attribute: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if ((status === 'ENABLED' || status === 'ENABLING') && TimeToLiveDescription?.AttributeName === attribute) return;
  // DynamoDB refuses to enable TTL twice, so only ask when it is off.
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: attribute, Enabled: true } }),
  );
}
