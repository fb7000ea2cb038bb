/**
 * DeleteTable: the table and its items are gone at once; the response still says DELETING, as
 * DynamoDB's does, and describes the table the way DynamoDB's DeleteTable does: less than
 * DescribeTable (no key schema, attribute definitions, creation time or indexes).
 */
import type { OperationContext } from './operation-context.js';
import { DynamoDBError } from '../errors.js';
import type { TableNameRequest } from '../validation/table-name-request.js';
import { managedTable } from './managed-table.js';
import { tableDescription } from './table-description.js';

/** The members of a table description that DynamoDB's DeleteTable answers with, in its order. */
const deletedTableMembers = [
  'TableName',
  'TableStatus',
  'ProvisionedThroughput',
  'TableSizeBytes',
  'ItemCount',
  'TableArn',
  'TableId',
  'BillingModeSummary',
  'DeletionProtectionEnabled',
  // Not seen in a capture; kept so that a stream's consumers still learn which stream ended.
  'StreamSpecification',
  'LatestStreamLabel',
  'LatestStreamArn',
] as const;

/**
 * Deletes the table.
 * @throws DynamoDBError ResourceNotFoundException when there is no such table;
 * ResourceInUseException while an UpdateTable change is still reported as in progress;
 * ValidationException when deletion protection is on.
 */
export function deleteTable(context: OperationContext, request: TableNameRequest): { TableDescription: Record<string, unknown> } {
  const table = managedTable(context, request.TableName);
  const transitions = table.lifecycle.inProgress(context.now());
  if (transitions.some((transition) => transition.kind !== 'throughput' && transition.kind !== 'stream')) {
    throw new DynamoDBError(
      'ResourceInUseException',
      'Attempt to change a resource which is still in use: Cannot delete table while indexes are being created, updated, or deleted.',
    );
  }
  if (transitions.length > 0) {
    throw new DynamoDBError('ResourceInUseException', `Attempt to change a resource which is still in use: Table is being updated: ${table.name}`);
  }
  if (table.definition.deletionProtectionEnabled) {
    throw new DynamoDBError(
      'ValidationException',
      `Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`,
    );
  }
  const full = tableDescription(table, context.now(), 'DELETING');
  // The table's stream outlives it: disabled, readable for 24 more hours.
  context.streams.disable(table);
  const description: Record<string, unknown> = {};
  for (const member of deletedTableMembers) {
    if (full[member] !== undefined) description[member] = full[member];
  }
  context.tables.delete(request.TableName);
  return { TableDescription: description };
}
