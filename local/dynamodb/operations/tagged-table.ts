/**
 * How the tagging operations look a table up: by the name in its ARN, with their own
 * not-found message.
 */
import { DynamoDBError } from '../errors.js';
import type { Table } from '../storage/table.js';
import type { OperationContext } from './operation-context.js';

/**
 * The table a tagging request names.
 * @throws DynamoDBError ResourceNotFoundException "Requested resource not found: ResourceArn: <arn> not found".
 */
export function taggedTable(context: OperationContext, request: { readonly ResourceArn: string; readonly tableName: string }): Table {
  const table = context.tables.find(request.tableName);
  if (table === undefined) {
    throw new DynamoDBError('ResourceNotFoundException', `Requested resource not found: ResourceArn: ${request.ResourceArn} not found`);
  }
  return table;
}
