/**
 * GetShardIterator: where in the shard reading starts.
 * - TRIM_HORIZON: the oldest record still retained;
 * - LATEST: just after the newest record (only records written later are read);
 * - AT_SEQUENCE_NUMBER / AFTER_SEQUENCE_NUMBER: at or just after a given record.
 */
import type { OperationContext } from './operation-context.js';
import { DynamoDBError, validationError } from '../errors.js';
import { encodeShardIterator } from '../streams/shard-iterator.js';
import type { TableStream } from '../streams/table-stream.js';
import type { GetShardIteratorRequest } from '../validation/get-shard-iterator.js';
import { managedStream } from './managed-stream.js';

/**
 * Issues an iterator, valid for 15 minutes.
 * @throws DynamoDBError ResourceNotFoundException for an unknown stream or shard;
 * ValidationException for a sequence number outside the shard; TrimmedDataAccessException for
 * one whose record retention has already trimmed.
 */
export function getShardIterator(context: OperationContext, request: GetShardIteratorRequest): { ShardIterator: string } {
  const stream = managedStream(context, request.StreamArn);
  if (request.ShardId !== stream.shardId) {
    throw new DynamoDBError('ResourceNotFoundException', `Requested resource not found: Shard: ${request.ShardId} in Stream: ${stream.arn} not found`);
  }
  const position = startPosition(context, stream, request);
  return { ShardIterator: encodeShardIterator({ streamArn: stream.arn, shardId: stream.shardId, position, issuedAt: context.now() }) };
}

function startPosition(context: OperationContext, stream: TableStream, request: GetShardIteratorRequest): number {
  const start = stream.identity.startingSequence;
  const ending = stream.endingSequence;
  switch (request.ShardIteratorType) {
    case 'TRIM_HORIZON':
      return Math.max(start, stream.trimmedThrough + 1);
    case 'LATEST':
      return Math.max(start, (ending ?? context.streams.lastSequence) + 1);
    case 'AT_SEQUENCE_NUMBER':
    case 'AFTER_SEQUENCE_NUMBER': {
      const sequence = Number(request.SequenceNumber);
      // An open shard's range reaches the newest sequence number handed out so far.
      const last = Math.max(start, ending ?? context.streams.lastSequence);
      if (!Number.isSafeInteger(sequence) || sequence < start || sequence > last) throw validationError('Invalid SequenceNumber for the shard');
      if (sequence <= stream.trimmedThrough) throw trimmedError();
      return request.ShardIteratorType === 'AT_SEQUENCE_NUMBER' ? sequence : sequence + 1;
    }
  }
}

/** The error for a read of records retention has trimmed. */
export function trimmedError(): DynamoDBError {
  return new DynamoDBError('TrimmedDataAccessException', 'The operation attempted to read past the oldest stream record in a shard.');
}
