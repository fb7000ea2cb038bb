import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

/** One item read back from a table, with native JavaScript values. */
export type TableItem = Readonly<Record<string, unknown>>;

/**
 * Reads every item of a table with strongly consistent Scan pages, so a test can check the state
 * itself rather than what the API said about it.
 */
export async function scanTable(client: DynamoDBClient, tableName: string): Promise<TableItem[]> {
  const documents = DynamoDBDocumentClient.from(client);
  const items: TableItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}
