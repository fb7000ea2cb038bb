/**
 * ListStreams: the streams still readable, newest first, optionally of one table, in pages.
 */
import type { OperationContext } from './operation-context.js';
import type { ListStreamsRequest } from '../validation/list-streams.js';
import { managedStream } from './managed-stream.js';

/** One entry of ListStreams' answer. */
interface StreamSummary {
  StreamArn: string;
  TableName: string;
  StreamLabel: string;
}

/** ListStreams' response. */
export interface ListStreamsResponse {
  Streams: StreamSummary[];
  LastEvaluatedStreamArn?: string;
}

/**
 * Lists streams after ExclusiveStartStreamArn, at most Limit (default 100).
 * @throws DynamoDBError ValidationException or ResourceNotFoundException for an
 * ExclusiveStartStreamArn that is not a stream ARN or names no stream.
 */
export function listStreams(context: OperationContext, request: ListStreamsRequest): ListStreamsResponse {
  const limit = request.Limit ?? 100;
  const streams = context.streams.list(request.TableName);
  let start = 0;
  if (request.ExclusiveStartStreamArn !== undefined) {
    const after = managedStream(context, request.ExclusiveStartStreamArn);
    start = streams.indexOf(after) + 1;
  }
  const page = streams.slice(start, start + limit).map((stream) => ({
    StreamArn: stream.arn,
    TableName: stream.tableName,
    StreamLabel: stream.identity.label,
  }));
  const last = page[page.length - 1];
  return start + limit < streams.length && last !== undefined ? { Streams: page, LastEvaluatedStreamArn: last.StreamArn } : { Streams: page };
}
