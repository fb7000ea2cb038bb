import {
  CreateTableCommand,
  DeleteTableCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
  type DynamoDBClient,
  type ScalarAttributeType,
} from '@aws-sdk/client-dynamodb';

/** A key attribute: its name and its scalar type. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: ScalarAttributeType;
}

/** The key schema of a test table: a partition key, and optionally a sort key. */
export interface TestTableKeys {
  readonly hash: KeyAttribute;
  readonly range?: KeyAttribute;
}

/**
 * Creates an on-demand table and waits until it is ACTIVE (immediate on the local engine; on
 * AWS creation takes seconds, so the same tests pass there).
 */
export async function createTestTable(client: DynamoDBClient, name: string, keys: TestTableKeys): Promise<void> {
  const attributes = keys.range === undefined ? [keys.hash] : [keys.hash, keys.range];
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attributes.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
      KeySchema: [
        { AttributeName: keys.hash.name, KeyType: 'HASH' },
        ...(keys.range === undefined ? [] : [{ AttributeName: keys.range.name, KeyType: 'RANGE' as const }]),
      ],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 180, minDelay: 1, maxDelay: 5 }, { TableName: name });
}

/** Deletes the tables a test file created; a table already gone is fine. */
export async function deleteTestTables(client: DynamoDBClient, names: readonly string[]): Promise<void> {
  for (const name of names) {
    try {
      await client.send(new DeleteTableCommand({ TableName: name }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
