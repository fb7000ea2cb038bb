/**
 * DeleteTable's request validation: a table name, checked as DynamoDB checks it.
 */
import { validateTableNameRequest, type TableNameRequest } from './table-name-request.js';

/**
 * Validates a DeleteTable request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateDeleteTable(body: unknown): TableNameRequest {
  return validateTableNameRequest(body, 'DeleteTableInput');
}
