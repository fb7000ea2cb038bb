import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/**
 * Creates an on-demand table from a CreateTable input (indexes included) and waits until it is
 * ACTIVE: at once on the local engine, in seconds on AWS, so the same tests run on both.
 */
export async function createPart2Table(client: DynamoDBClient, input: Omit<CreateTableCommandInput, 'BillingMode'>): Promise<void> {
  await client.send(new CreateTableCommand({ ...input, BillingMode: 'PAY_PER_REQUEST' }));
  await waitUntilTableExists({ client, maxWaitTime: 300, minDelay: 1, maxDelay: 5 }, { TableName: input.TableName });
}

/** Deletes the tables a file created; a table already gone is fine. */
export async function deletePart2Tables(client: DynamoDBClient, names: readonly string[]): Promise<void> {
  for (const name of names) {
    try {
      await client.send(new DeleteTableCommand({ TableName: name }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
