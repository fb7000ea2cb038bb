/**
 * ListTables, paginated by name.
 */
import type { OperationContext } from './operation-context.js';
import type { ListTablesRequest } from '../validation/list-tables.js';

/** ListTables' response. */
export interface ListTablesResponse {
  TableNames: string[];
  LastEvaluatedTableName?: string;
}

/** Lists table names in order, after ExclusiveStartTableName, at most Limit (default 100). */
export function listTables(context: OperationContext, request: ListTablesRequest): ListTablesResponse {
  const limit = request.Limit ?? 100;
  const start = request.ExclusiveStartTableName;
  const names = context.tables.names().filter((name) => start === undefined || name > start);
  if (names.length <= limit) return { TableNames: names };
  const page = names.slice(0, limit);
  return { TableNames: page, LastEvaluatedTableName: page[page.length - 1] ?? '' };
}
