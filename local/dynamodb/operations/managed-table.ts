/**
 * How table-management operations look a table up: their not-found message names the table.
 */
import type { Engine } from '../engine.js';
import { DynamoDBError } from '../errors.js';
import type { Table } from '../storage/table.js';

/**
 * The named table.
 * @throws DynamoDBError ResourceNotFoundException "Requested resource not found: Table: <name> not found".
 */
export function managedTable(engine: Engine, name: string): Table {
  const table = engine.tables.find(name);
  if (table === undefined) {
    throw new DynamoDBError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
  }
  return table;
}
