import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { idempotencyDefaults } from '../../../lambda/idempotency/options.js';
import { decodeIdempotencyRecord, type IdempotencyRecord } from '../../../lambda/idempotency/record.js';

/**
 * Reads every record of an idempotency table (strongly consistent), decoded the way the
 * middleware decodes them, keyed by record id (`recordIdOf(scope, key)`).
 *
 * @throws IdempotencyRecordInvalidError when an item is not a well-formed record.
 */
export async function readIdempotencyRecords(
  client: DynamoDBClient,
  tableName: string,
): Promise<Map<string, IdempotencyRecord>> {
  const records = new Map<string, IdempotencyRecord>();
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const record = decodeIdempotencyRecord(item, idempotencyDefaults.attributes);
      records.set(record.id, record);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return records;
}
