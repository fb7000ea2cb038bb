/**
 * DescribeStream's request validation (DynamoDB Streams).
 */
import { validateShape, type StructureShape } from './shape.js';

/** A validated DescribeStream request. */
export interface DescribeStreamRequest {
  readonly StreamArn: string;
  readonly Limit?: number;
  readonly ExclusiveStartShardId?: string;
}

const describeStreamShape: StructureShape = {
  type: 'structure',
  name: 'DescribeStreamInput',
  fields: {
    // No length constraint: DynamoDB answers a short or long non-ARN with "Invalid StreamArn".
    StreamArn: { type: 'string', notNull: true },
    Limit: { type: 'integer', min: 1, max: 100 },
    ExclusiveStartShardId: { type: 'string', minLength: 28, maxLength: 65 },
  },
};

/**
 * Validates a DescribeStream request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateDescribeStream(body: unknown): DescribeStreamRequest {
  return validateShape<DescribeStreamRequest>(body, describeStreamShape);
}
