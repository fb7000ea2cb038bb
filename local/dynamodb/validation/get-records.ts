/**
 * GetRecords' request validation (DynamoDB Streams). Limit's upper bound is not in the shape:
 * DynamoDB checks it afterwards, with its own message.
 */
import { validationError } from '../errors.js';
import { validateShape, type StructureShape } from './shape.js';

/** A validated GetRecords request. */
export interface GetRecordsRequest {
  readonly ShardIterator: string;
  readonly Limit?: number;
}

/** The most records one GetRecords returns. */
export const maxGetRecordsLimit = 1000;

const getRecordsShape: StructureShape = {
  type: 'structure',
  name: 'GetRecordsInput',
  fields: {
    ShardIterator: { type: 'string', notNull: true, minLength: 1, maxLength: 2048 },
    Limit: { type: 'integer', min: 1 },
  },
};

/**
 * Validates a GetRecords request.
 * @throws DynamoDBError SerializationException or ValidationException.
 */
export function validateGetRecords(body: unknown): GetRecordsRequest {
  const request = validateShape<GetRecordsRequest>(body, getRecordsShape);
  if (request.Limit !== undefined && request.Limit > maxGetRecordsLimit) {
    throw validationError(`One or more parameter values were invalid: Limit should be less than or equal to ${maxGetRecordsLimit}`);
  }
  return request;
}
