/**
 * How the Streams operations look a stream up by its ARN.
 */
import type { OperationContext } from './operation-context.js';
import { DynamoDBError, validationError } from '../errors.js';
import type { TableStream } from '../streams/table-stream.js';

const streamArnPattern = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[a-zA-Z0-9_.-]{3,255}\/stream\/\S+$/;

/**
 * The stream with this ARN.
 * @throws DynamoDBError ValidationException "Invalid StreamArn" when the text is not a stream ARN;
 * ResourceNotFoundException when no such stream exists (or it is past its 24 hours).
 */
export function managedStream(context: OperationContext, arn: string): TableStream {
  if (!streamArnPattern.test(arn)) throw validationError('Invalid StreamArn');
  const stream = context.streams.find(arn);
  if (stream === undefined) throw new DynamoDBError('ResourceNotFoundException', `Requested resource not found: Stream: ${arn} not found`);
  return stream;
}
