/**
 * What DynamoDB Streams do as time passes: iterators expire after 15 minutes, records are trimmed
 * after 24 hours, a disabled stream disappears 24 hours after it was disabled, and TTL deletions
 * are recorded as the service's. These need the engine's clock (and its TTL sweep) in hand, so
 * this file starts its own engine and is skipped against another endpoint.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DynamoDBServer } from '../../../local/dynamodb/server.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { expectStreamsError } from './support/expect-streams-error.js';
import { onlyStreamArn } from './support/stream-reader.js';

const local = inject('dynamodbIsLocalEngine');
const minute = 60_000;
const hour = 60 * minute;

describe.skipIf(!local)('DynamoDB Streams over time', () => {
  let server: DynamoDBServer;
  let client: DynamoDBClient;
  let streams: DynamoDBStreamsClient;
  let clock = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    const { startDynamoDB } = await import('../../../local/dynamodb/server.js');
    server = await startDynamoDB({ port: 0, ttlSweepIntervalMs: 0, now: () => clock });
    const config = { endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 };
    client = new DynamoDBClient(config);
    streams = new DynamoDBStreamsClient(config);
  });

  afterAll(async () => {
    client.destroy();
    streams.destroy();
    await server.stop();
  });

  async function streamTable(name: string): Promise<{ arn: string; shardId: string }> {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const arn = await onlyStreamArn(streams, name);
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    return { arn, shardId: StreamDescription?.Shards?.[0]?.ShardId ?? '' };
  }

  async function trimHorizon(arn: string, shardId: string): Promise<string | undefined> {
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
    return ShardIterator;
  }

  it('expires a shard iterator 15 minutes after it was issued', async () => {
    const { arn, shardId } = await streamTable('time-iterator');
    const iterator = await trimHorizon(arn, shardId);
    clock += 15 * minute;
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
    expect(page.Records).toEqual([]);
    clock += 15 * minute + 1;
    await expectStreamsError(
      streams.send(new GetRecordsCommand({ ShardIterator: page.NextShardIterator })),
      'ExpiredIteratorException',
      /^Iterator expired\. The iterator was created at time \w{3} \w{3} \d\d \d\d:\d\d:\d\d UTC \d{4} while right now it is .* tolerated delay of 900000 milliseconds\.$/,
    );
  });

  it('trims records older than 24 hours: TRIM_HORIZON moves on, older positions are refused', async () => {
    const { arn, shardId } = await streamTable('time-trim');
    await client.send(new PutItemCommand({ TableName: 'time-trim', Item: { id: { S: 'old' } } }));
    const { Records: [old] = [] } = await streams.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(arn, shardId) }));
    clock += 12 * hour;
    await client.send(new PutItemCommand({ TableName: 'time-trim', Item: { id: { S: 'young' } } }));
    clock += 12 * hour + 1;

    const fresh = await streams.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(arn, shardId) }));
    expect(fresh.Records?.map((record) => record.dynamodb?.Keys?.id?.S)).toEqual(['young']);
    await expectStreamsError(
      streams.send(
        new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: old?.dynamodb?.SequenceNumber }),
      ),
      'TrimmedDataAccessException',
    );
  });

  it('refuses an iterator that points at records trimmed since it was issued', async () => {
    const { arn, shardId } = await streamTable('time-trimmed-iterator');
    await client.send(new PutItemCommand({ TableName: 'time-trimmed-iterator', Item: { id: { S: 'a' } } }));
    clock += 24 * hour - 10 * minute;
    const iterator = await trimHorizon(arn, shardId);
    clock += 11 * minute;
    await expectStreamsError(streams.send(new GetRecordsCommand({ ShardIterator: iterator })), 'TrimmedDataAccessException');
  });

  it('keeps a deleted table’s stream for 24 hours, then forgets it', async () => {
    const { arn } = await streamTable('time-gone');
    await client.send(new DeleteTableCommand({ TableName: 'time-gone' }));
    clock += 24 * hour;
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    expect(StreamDescription?.StreamStatus).toBe('DISABLED');
    clock += 1;
    await expectStreamsError(streams.send(new DescribeStreamCommand({ StreamArn: arn })), 'ResourceNotFoundException');
    const { Streams } = await streams.send(new ListStreamsCommand({ TableName: 'time-gone' }));
    expect(Streams).toEqual([]);
  });

  it('reports UPDATING while a stream is being enabled, and refuses another stream change or DeleteTable meanwhile', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: 'time-toggle',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    const { TableDescription } = await client.send(
      new UpdateTableCommand({ TableName: 'time-toggle', StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }),
    );
    expect(TableDescription?.TableStatus).toBe('UPDATING');
    const inUse = 'Attempt to change a resource which is still in use: Table is being updated: time-toggle';
    await expectDynamoDBError(client.send(new UpdateTableCommand({ TableName: 'time-toggle', StreamSpecification: { StreamEnabled: false } })), 'ResourceInUseException', inUse);
    await expectDynamoDBError(client.send(new DeleteTableCommand({ TableName: 'time-toggle' })), 'ResourceInUseException', inUse);
    // Writes are recorded at once, also while the table reports UPDATING.
    await client.send(new PutItemCommand({ TableName: 'time-toggle', Item: { id: { S: 'early' } } }));

    clock += 1000;
    expect((await client.send(new DescribeTableCommand({ TableName: 'time-toggle' }))).Table?.TableStatus).toBe('ACTIVE');
    await client.send(new UpdateTableCommand({ TableName: 'time-toggle', StreamSpecification: { StreamEnabled: false } }));
    const arn = await onlyStreamArn(streams, 'time-toggle');
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    expect(StreamDescription?.StreamStatus).toBe('DISABLED');
    const { Records = [] } = await streams.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(arn, StreamDescription?.Shards?.[0]?.ShardId ?? '') }));
    expect(Records.map((record) => record.dynamodb?.Keys?.id?.S)).toEqual(['early']);
  });

  it('records a TTL deletion as a REMOVE by the DynamoDB service', async () => {
    const { arn, shardId } = await streamTable('time-ttl');
    await client.send(new UpdateTimeToLiveCommand({ TableName: 'time-ttl', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }));
    const expiresAt = { N: String(Math.floor(clock / 1000) + 60) };
    await client.send(new PutItemCommand({ TableName: 'time-ttl', Item: { id: { S: 'ephemeral' }, expiresAt } }));
    clock += 2 * minute;
    expect(server.engine.sweepExpiredItems()).toBe(1);

    const { Records = [] } = await streams.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(arn, shardId) }));
    expect(Records.map((record) => record.eventName)).toEqual(['INSERT', 'REMOVE']);
    expect(Records[0]?.userIdentity).toBeUndefined();
    expect(Records[1]?.userIdentity).toEqual({ PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
    expect(Records[1]?.dynamodb?.OldImage).toEqual({ id: { S: 'ephemeral' }, expiresAt });
    expect(Records[1]?.dynamodb?.ApproximateCreationDateTime?.getTime()).toBe(Math.floor(clock / 1000) * 1000);
  });
});
