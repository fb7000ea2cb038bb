/**
 * GetShardIterator's request validation (DynamoDB Streams): the shape, then the rule that the two
 * sequence-number iterator types need a SequenceNumber and the other two refuse one.
 */
import { validationError } from '../errors.js';
import { validateShape, type StructureShape } from './shape.js';

/** Where an iterator starts reading. */
export type ShardIteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

/** A validated GetShardIterator request. */
export interface GetShardIteratorRequest {
  readonly StreamArn: string;
  readonly ShardId: string;
  readonly ShardIteratorType: ShardIteratorType;
  readonly SequenceNumber?: string;
}

const getShardIteratorShape: StructureShape = {
  type: 'structure',
  name: 'GetShardIteratorInput',
  fields: {
    // No length constraint: DynamoDB answers a short or long non-ARN with "Invalid StreamArn".
    StreamArn: { type: 'string', notNull: true },
    ShardId: { type: 'string', notNull: true, minLength: 28, maxLength: 65 },
    ShardIteratorType: { type: 'string', notNull: true, enum: ['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'] },
    SequenceNumber: { type: 'string', minLength: 21, maxLength: 40 },
  },
};

/**
 * Validates a GetShardIterator request.
 * @throws DynamoDBError SerializationException or ValidationException.
 */
export function validateGetShardIterator(body: unknown): GetShardIteratorRequest {
  const request = validateShape<GetShardIteratorRequest>(body, getShardIteratorShape);
  const type = request.ShardIteratorType;
  const bySequence = type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER';
  if (bySequence && request.SequenceNumber === undefined) {
    throw validationError(`Must specify a SequenceNumber when using ShardIteratorType ${type}`);
  }
  if (!bySequence && request.SequenceNumber !== undefined) {
    throw validationError(`SequenceNumber cannot be specified when using ShardIteratorType ${type}`);
  }
  if (request.SequenceNumber !== undefined && !/^\d+$/.test(request.SequenceNumber)) {
    throw validationError(`Invalid SequenceNumber: ${request.SequenceNumber}`);
  }
  return request;
}
