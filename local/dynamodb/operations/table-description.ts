/**
 * The TableDescription DynamoDB returns from CreateTable, DescribeTable and DeleteTable, in the
 * shape the SDK, the CLI and CloudFormation-style tooling read.
 */
import type { Table } from '../storage/table.js';

/** TableStatus values this engine reports. */
export type TableStatus = 'ACTIVE' | 'DELETING';

/** Builds the table's description as DynamoDB shows it. */
export function tableDescription(table: Table, status: TableStatus): Record<string, unknown> {
  const definition = table.definition;
  const payPerRequest = definition.billingMode === 'PAY_PER_REQUEST';
  const description: Record<string, unknown> = {
    AttributeDefinitions: definition.attributeDefinitions,
    TableName: definition.name,
    KeySchema: definition.keySchema,
    TableStatus: status,
    CreationDateTime: table.createdAt,
    ProvisionedThroughput: {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: definition.provisionedThroughput.ReadCapacityUnits,
      WriteCapacityUnits: definition.provisionedThroughput.WriteCapacityUnits,
    },
    TableSizeBytes: table.sizeBytes,
    ItemCount: table.itemCount,
    TableArn: table.arn,
    TableId: table.tableId,
    BillingModeSummary: payPerRequest
      ? { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: table.createdAt }
      : { BillingMode: 'PROVISIONED' },
    DeletionProtectionEnabled: definition.deletionProtectionEnabled,
  };
  if (payPerRequest) description.TableThroughputModeSummary = { TableThroughputMode: 'PAY_PER_REQUEST' };
  if (definition.localSecondaryIndexes.length > 0) {
    description.LocalSecondaryIndexes = definition.localSecondaryIndexes.map((index) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
      IndexSizeBytes: 0,
      ItemCount: 0,
      IndexArn: `${table.arn}/index/${index.IndexName}`,
    }));
  }
  if (definition.globalSecondaryIndexes.length > 0) {
    description.GlobalSecondaryIndexes = definition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
      IndexStatus: 'ACTIVE',
      ProvisionedThroughput: {
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: index.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
        WriteCapacityUnits: index.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
      },
      IndexSizeBytes: 0,
      ItemCount: 0,
      IndexArn: `${table.arn}/index/${index.IndexName}`,
    }));
  }
  return description;
}
