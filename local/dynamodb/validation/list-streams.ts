/**
 * ListStreams' request validation (DynamoDB Streams).
 */
import { validateShape, type StructureShape } from './shape.js';

/** A validated ListStreams request. */
export interface ListStreamsRequest {
  readonly TableName?: string;
  readonly Limit?: number;
  readonly ExclusiveStartStreamArn?: string;
}

const listStreamsShape: StructureShape = {
  type: 'structure',
  name: 'ListStreamsInput',
  fields: {
    TableName: { type: 'string', pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 },
    Limit: { type: 'integer', min: 1, max: 100 },
    ExclusiveStartStreamArn: { type: 'string' },
  },
};

/**
 * Validates a ListStreams request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateListStreams(body: unknown): ListStreamsRequest {
  return validateShape<ListStreamsRequest>(body, listStreamsShape);
}
