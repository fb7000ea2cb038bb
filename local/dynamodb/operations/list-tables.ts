/**
 * ListTables, paginated by name.
 */
import type { Engine } from '../engine.js';
import type { ListTablesRequest } from '../validation/list-tables.js';

/** ListTables' response. */
export interface ListTablesResponse {
  TableNames: string[];
  LastEvaluatedTableName?: string;
}

/** Lists table names in order, after ExclusiveStartTableName, at most Limit (default 100). */
export function listTables(engine: Engine, request: ListTablesRequest): ListTablesResponse {
  const limit = request.Limit ?? 100;
  const start = request.ExclusiveStartTableName;
  const names = engine.tables.names().filter((name) => start === undefined || name > start);
  if (names.length <= limit) return { TableNames: names };
  const page = names.slice(0, limit);
  return { TableNames: page, LastEvaluatedTableName: page[page.length - 1] ?? '' };
}
