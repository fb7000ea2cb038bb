/**
 * How table-management operations look a table up: their not-found message names the table.
 */
import type { OperationContext } from './operation-context.js';
import { DynamoDBError } from '../errors.js';
import type { Table } from '../storage/table.js';

/**
 * The named table.
 * @throws DynamoDBError ResourceNotFoundException "Requested resource not found: Table: <name> not found".
 */
export function managedTable(context: OperationContext, name: string): Table {
  const table = context.tables.find(name);
  if (table === undefined) {
    throw new DynamoDBError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
  }
  return table;
}
