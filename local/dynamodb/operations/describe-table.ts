/**
 * DescribeTable.
 */
import type { OperationContext } from './operation-context.js';
import type { TableNameRequest } from '../validation/table-name-request.js';
import { managedTable } from './managed-table.js';
import { tableDescription } from './table-description.js';

/**
 * Describes the table.
 * @throws DynamoDBError ResourceNotFoundException when there is no such table.
 */
export function describeTable(context: OperationContext, request: TableNameRequest): { Table: Record<string, unknown> } {
  return { Table: tableDescription(managedTable(context, request.TableName), context.now()) };
}
