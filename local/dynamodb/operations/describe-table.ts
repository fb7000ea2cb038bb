/**
 * DescribeTable.
 */
import type { Engine } from '../engine.js';
import type { TableNameRequest } from '../validation/table-name-request.js';
import { managedTable } from './managed-table.js';
import { tableDescription } from './table-description.js';

/**
 * Describes the table.
 * @throws DynamoDBError ResourceNotFoundException when there is no such table.
 */
export function describeTable(engine: Engine, request: TableNameRequest): { Table: Record<string, unknown> } {
  return { Table: tableDescription(managedTable(engine, request.TableName), 'ACTIVE') };
}
