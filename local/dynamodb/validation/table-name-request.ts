/**
 * The request of a table-management operation that takes only a table name (DescribeTable,
 * DeleteTable, DescribeTimeToLive): DynamoDB checks the name first, with its own messages.
 */
import { managedTableNameShape } from './common-shapes.js';
import { validateShape } from './shape.js';

/** A request naming one table. */
export interface TableNameRequest {
  readonly TableName: string;
}

/**
 * Validates a request whose only member is `TableName`.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateTableNameRequest(body: unknown, inputName: string): TableNameRequest {
  return validateShape<TableNameRequest>(
    body,
    { type: 'structure', name: inputName, fields: { TableName: managedTableNameShape } },
    { tableNameFirst: 'legacy-length' },
  );
}
