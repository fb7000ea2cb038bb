/**
 * CreateTable: the table is usable at once (DynamoDB takes seconds; nothing here needs to wait),
 * with its stream, when the request asked for one, and the tags the request carries.
 */
import type { OperationContext } from './operation-context.js';
import type { CreateTableRequest } from '../validation/create-table.js';
import { tableDescription } from './table-description.js';

/**
 * Creates the table and its stream.
 * @throws DynamoDBError ResourceInUseException when a table with that name exists.
 */
export function createTable(context: OperationContext, request: CreateTableRequest): { TableDescription: Record<string, unknown> } {
  const table = context.tables.create(request.definition);
  if (request.stream !== undefined) context.streams.enable(table, request.stream);
  if (request.tags.length > 0) {
    for (const tag of request.tags) table.tags.set(tag.Key, tag.Value);
    context.journal?.recordTags(table);
  }
  // DynamoDB answers CREATING and takes seconds; here the table is usable, and described as
  // ACTIVE, from the next request on, so pollers and SDK waiters return at once.
  return { TableDescription: tableDescription(table, context.now(), 'CREATING') };
}
