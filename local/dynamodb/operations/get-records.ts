/**
 * GetRecords: the records a shard iterator points at, and the iterator for the next read (none
 * once a closed shard has been read to its end).
 */
import { createHash } from 'node:crypto';
import type { OperationContext } from './operation-context.js';
import { DynamoDBError, validationError } from '../errors.js';
import { decodeShardIterator, encodeShardIterator, iteratorLifetimeMs } from '../streams/shard-iterator.js';
import { formatSequence, type StoredStreamRecord, type TableStream } from '../streams/table-stream.js';
import { maxGetRecordsLimit, type GetRecordsRequest } from '../validation/get-records.js';
import { managedStream } from './managed-stream.js';
import { trimmedError } from './get-shard-iterator.js';

/** GetRecords returns at most 1 MB of records (the record that crosses it included). */
const maxPageBytes = 1024 * 1024;

/** GetRecords' response. */
export interface GetRecordsResponse {
  Records: Record<string, unknown>[];
  NextShardIterator?: string;
}

/**
 * Reads the records at the iterator.
 * @throws DynamoDBError ValidationException for text that is no iterator;
 * ExpiredIteratorException for one issued more than 15 minutes ago; ResourceNotFoundException
 * when its stream is gone; TrimmedDataAccessException when retention trimmed records it had not
 * read yet.
 */
export function getRecords(context: OperationContext, request: GetRecordsRequest): GetRecordsResponse {
  const iterator = decodeShardIterator(request.ShardIterator);
  if (iterator === undefined) throw validationError('Invalid ShardIterator');
  const now = context.now();
  if (now - iterator.issuedAt > iteratorLifetimeMs) throw expiredError(iterator.issuedAt, now);
  const stream = managedStream(context, iterator.streamArn);
  if (iterator.shardId !== stream.shardId) throw validationError('Invalid ShardIterator');
  if (iterator.position <= stream.trimmedThrough) throw trimmedError();
  const page = stream.read(iterator.position, request.Limit ?? maxGetRecordsLimit, maxPageBytes);
  const records = page.records.map((record) => wireRecord(stream, record));
  if (page.endOfShard) return { Records: records };
  return { Records: records, NextShardIterator: encodeShardIterator({ ...iterator, position: page.nextPosition, issuedAt: now }) };
}

function wireRecord(stream: TableStream, record: StoredStreamRecord): Record<string, unknown> {
  const sequence = formatSequence(record.sequence);
  const dynamodb: Record<string, unknown> = { ApproximateCreationDateTime: Math.floor(record.at / 1000), Keys: record.keys };
  if (record.newImage !== undefined) dynamodb.NewImage = record.newImage;
  if (record.oldImage !== undefined) dynamodb.OldImage = record.oldImage;
  dynamodb.SequenceNumber = sequence;
  dynamodb.SizeBytes = record.sizeBytes;
  dynamodb.StreamViewType = stream.viewType;
  const wire: Record<string, unknown> = {
    // Derived from the stream and sequence number, so a record keeps its id across restarts.
    eventID: createHash('md5').update(`${stream.arn}#${sequence}`).digest('hex'),
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb,
  };
  if (record.expired) wire.userIdentity = { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' };
  return wire;
}

/** Java's Date#toString in UTC, which the message quotes: `Mon Nov 30 15:02:29 UTC 2026`. */
function javaDate(ms: number): string {
  const date = new Date(ms);
  const [weekday, day, month, year] = date.toUTCString().replace(',', '').split(' ');
  const time = date.toISOString().slice(11, 19);
  return `${weekday ?? ''} ${month ?? ''} ${day ?? ''} ${time} UTC ${year ?? ''}`;
}

function expiredError(issuedAt: number, now: number): DynamoDBError {
  return new DynamoDBError(
    'ExpiredIteratorException',
    `Iterator expired. The iterator was created at time ${javaDate(issuedAt)} while right now it is ${javaDate(now)} which is further in the future than the tolerated delay of ${iteratorLifetimeMs} milliseconds.`,
  );
}
