/**
 * CreateTable: the table is ACTIVE at once (DynamoDB takes seconds; nothing here needs to wait).
 */
import type { OperationContext } from './operation-context.js';
import type { TableDefinition } from '../storage/table-definition.js';
import { tableDescription } from './table-description.js';

/**
 * Creates the table.
 * @throws DynamoDBError ResourceInUseException when a table with that name exists.
 */
export function createTable(context: OperationContext, definition: TableDefinition): { TableDescription: Record<string, unknown> } {
  const table = context.tables.create(definition);
  return { TableDescription: tableDescription(table, context.now()) };
}
