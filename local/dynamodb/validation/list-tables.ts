/**
 * ListTables' request validation.
 */
import { validateShape, type StructureShape } from './shape.js';

/** A validated ListTables request. */
export interface ListTablesRequest {
  readonly Limit?: number;
  readonly ExclusiveStartTableName?: string;
}

const listTablesShape: StructureShape = {
  type: 'structure',
  name: 'ListTablesInput',
  fields: {
    Limit: { type: 'integer', min: 1, max: 100 },
    ExclusiveStartTableName: { type: 'string', pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 },
  },
};

/**
 * Validates a ListTables request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateListTables(body: unknown): ListTablesRequest {
  return validateShape<ListTablesRequest>(body, listTablesShape);
}
