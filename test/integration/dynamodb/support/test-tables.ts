import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type TableDescription,
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
 * Creates an on-demand table from a CreateTable input (indexes included) and waits until it is
 * ACTIVE: at once on the local engine, in seconds on AWS, so the same tests run on both.
 */
export async function createTableFromInput(
  client: DynamoDBClient,
  input: Omit<CreateTableCommandInput, 'BillingMode'>,
  maxWaitSeconds = 300,
): Promise<void> {
  await client.send(new CreateTableCommand({ ...input, BillingMode: 'PAY_PER_REQUEST' }));
  await waitUntilTableExists({ client, maxWaitTime: maxWaitSeconds, minDelay: 1, maxDelay: 5 }, { TableName: input.TableName });
}

/** Creates an on-demand table with the given key schema and waits until it is ACTIVE. */
export async function createTestTable(client: DynamoDBClient, name: string, keys: TestTableKeys): Promise<void> {
  const attributes = keys.range === undefined ? [keys.hash] : [keys.hash, keys.range];
  await createTableFromInput(
    client,
    {
      TableName: name,
      AttributeDefinitions: attributes.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
      KeySchema: [
        { AttributeName: keys.hash.name, KeyType: 'HASH' },
        ...(keys.range === undefined ? [] : [{ AttributeName: keys.range.name, KeyType: 'RANGE' as const }]),
      ],
    },
    180,
  );
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

/**
 * Polls DescribeTable until the table and every global index are ACTIVE (and no index is
 * being deleted), as after UpdateTable: within a second on the local engine, minutes on AWS.
 * @returns the settled description.
 */
export async function waitForTableAndIndexesActive(client: DynamoDBClient, name: string, maxWaitSeconds = 1200): Promise<TableDescription> {
  const deadline = Date.now() + maxWaitSeconds * 1000;
  for (;;) {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const settled = table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (settled && table !== undefined) return table;
    if (Date.now() > deadline) throw new Error(`${name} did not settle within ${maxWaitSeconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
