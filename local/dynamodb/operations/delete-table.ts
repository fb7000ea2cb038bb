/**
 * DeleteTable: the table and its items are gone at once; the response still says DELETING, as
 * DynamoDB's does.
 */
import type { OperationContext } from './operation-context.js';
import { DynamoDBError } from '../errors.js';
import type { TableNameRequest } from '../validation/table-name-request.js';
import { managedTable } from './managed-table.js';
import { tableDescription } from './table-description.js';

/**
 * Deletes the table.
 * @throws DynamoDBError ResourceNotFoundException when there is no such table;
 * ValidationException when deletion protection is on.
 */
export function deleteTable(context: OperationContext, request: TableNameRequest): { TableDescription: Record<string, unknown> } {
  const table = managedTable(context, request.TableName);
  if (table.definition.deletionProtectionEnabled) {
    throw new DynamoDBError(
      'ValidationException',
      `Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`,
    );
  }
  const description = tableDescription(table, 'DELETING');
  context.tables.delete(request.TableName);
  return { TableDescription: description };
}
