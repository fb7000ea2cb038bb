/**
 * DescribeStream: a stream's status, view type, key schema and its one shard.
 */
import type { OperationContext } from './operation-context.js';
import { formatSequence } from '../streams/table-stream.js';
import type { DescribeStreamRequest } from '../validation/describe-stream.js';
import { managedStream } from './managed-stream.js';

/**
 * Describes the stream.
 * @throws DynamoDBError ValidationException for a malformed ARN, ResourceNotFoundException for
 * an unknown stream.
 */
export function describeStream(context: OperationContext, request: DescribeStreamRequest): { StreamDescription: Record<string, unknown> } {
  const stream = managedStream(context, request.StreamArn);
  const { identity } = stream;
  const ending = stream.endingSequence;
  const shard = {
    ShardId: stream.shardId,
    SequenceNumberRange: {
      StartingSequenceNumber: formatSequence(identity.startingSequence),
      ...(ending === undefined ? {} : { EndingSequenceNumber: formatSequence(ending) }),
    },
  };
  // Shards are listed in shard id order; paging past the only one leaves none.
  const start = request.ExclusiveStartShardId;
  const shards = start === undefined || stream.shardId > start ? [shard] : [];
  return {
    StreamDescription: {
      StreamArn: stream.arn,
      StreamLabel: identity.label,
      StreamStatus: stream.enabled ? 'ENABLED' : 'DISABLED',
      StreamViewType: identity.viewType,
      CreationRequestDateTime: identity.createdAt / 1000,
      TableName: identity.tableName,
      KeySchema: identity.keySchema,
      Shards: shards,
    },
  };
}
