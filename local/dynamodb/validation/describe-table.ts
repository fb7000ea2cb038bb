/**
 * DescribeTable's request validation: a table name, checked as DynamoDB checks it.
 */
import { validateTableNameRequest, type TableNameRequest } from './table-name-request.js';

/**
 * Validates a DescribeTable request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateDescribeTable(body: unknown): TableNameRequest {
  return validateTableNameRequest(body, 'DescribeTableInput');
}
