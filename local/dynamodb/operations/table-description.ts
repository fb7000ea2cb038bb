/**
 * The TableDescription DynamoDB returns from CreateTable, DescribeTable, UpdateTable and
 * DeleteTable, in the shape the SDK, the CLI and CloudFormation-style tooling read.
 */
import type { ProvisionedThroughput, SecondaryIndexDefinition } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';

/** The throughput block of a table or global index, with its change history. */
function throughputDescription(table: Table, owner: string, throughput: ProvisionedThroughput | undefined, now: number): Record<string, unknown> {
  const history = table.throughputHistory.of(owner, now);
  return {
    ...(history.lastIncrease === undefined ? {} : { LastIncreaseDateTime: history.lastIncrease }),
    ...(history.lastDecrease === undefined ? {} : { LastDecreaseDateTime: history.lastDecrease }),
    NumberOfDecreasesToday: history.decreasesToday,
    ReadCapacityUnits: throughput?.ReadCapacityUnits ?? 0,
    WriteCapacityUnits: throughput?.WriteCapacityUnits ?? 0,
  };
}

function globalIndexDescription(
  table: Table,
  index: SecondaryIndexDefinition,
  now: number,
  forced: 'CREATING' | 'DELETING' | undefined,
): Record<string, unknown> {
  const state = forced === undefined ? table.lifecycle.indexState(index.IndexName, now) : { status: forced, backfilling: undefined };
  return {
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
    IndexStatus: state.status,
    ...(state.backfilling === undefined ? {} : { Backfilling: state.backfilling }),
    ProvisionedThroughput: throughputDescription(table, index.IndexName, index.ProvisionedThroughput, now),
    IndexSizeBytes: 0,
    ItemCount: 0,
    IndexArn: `${table.arn}/index/${index.IndexName}`,
  };
}

/**
 * Builds the table's description as DynamoDB shows it at `now` (engine clock, milliseconds):
 * UPDATING and the indexes' transitional statuses while an UpdateTable change is reported.
 * @param status CREATING for CreateTable's answer (its indexes are CREATING too), DELETING for
 * DeleteTable's.
 */
export function tableDescription(table: Table, now: number, status?: 'CREATING' | 'DELETING'): Record<string, unknown> {
  const definition = table.definition;
  const payPerRequest = definition.billingMode === 'PAY_PER_REQUEST';
  const lastUpdateToPayPerRequest = table.lastUpdateToPayPerRequest;
  const description: Record<string, unknown> = {
    AttributeDefinitions: definition.attributeDefinitions,
    TableName: definition.name,
    KeySchema: definition.keySchema,
    TableStatus: status ?? table.lifecycle.tableStatus(now),
    CreationDateTime: table.createdAt,
    ProvisionedThroughput: throughputDescription(table, '', definition.provisionedThroughput, now),
    TableSizeBytes: table.sizeBytes,
    ItemCount: table.itemCount,
    TableArn: table.arn,
    TableId: table.tableId,
    BillingModeSummary: {
      BillingMode: definition.billingMode,
      ...(lastUpdateToPayPerRequest === undefined ? {} : { LastUpdateToPayPerRequestDateTime: lastUpdateToPayPerRequest }),
    },
    DeletionProtectionEnabled: definition.deletionProtectionEnabled,
  };
  if (payPerRequest) description.TableThroughputModeSummary = { TableThroughputMode: 'PAY_PER_REQUEST' };
  const stream = table.latestStream;
  if (stream !== undefined) {
    // After a disable, DynamoDB still names the last stream but no longer shows a specification.
    if (stream.enabled) description.StreamSpecification = { StreamEnabled: true, StreamViewType: stream.viewType };
    description.LatestStreamLabel = stream.identity.label;
    description.LatestStreamArn = stream.arn;
  }
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
  const globalIndexes = [
    ...definition.globalSecondaryIndexes.map((index) => globalIndexDescription(table, index, now, status === 'CREATING' ? 'CREATING' : undefined)),
    ...table.lifecycle.deletingIndexes(now).map((index) => globalIndexDescription(table, index, now, 'DELETING')),
  ];
  if (globalIndexes.length > 0) description.GlobalSecondaryIndexes = globalIndexes;
  return description;
}
