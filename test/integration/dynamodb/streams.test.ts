/**
 * DynamoDB Streams, as a consumer without Lambda reads them with the stock
 * @aws-sdk/client-dynamodb-streams: ListStreams → DescribeStream → GetShardIterator → GetRecords.
 * Runs unchanged against DYNAMODB_ENDPOINT (records then arrive a moment after the writes, which
 * the reader polls for).
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  waitUntilTableExists,
  type StreamViewType,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, testDynamoDBStreamsClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { expectStreamsError } from './support/expect-streams-error.js';
import { onlyStreamArn, readStream } from './support/stream-reader.js';
import { createTableFromInput, deleteTestTables } from './support/test-tables.js';

describe('DynamoDB Streams', () => {
  const client = testDynamoDBClient();
  const streams = testDynamoDBStreamsClient();
  const created: string[] = [];

  afterAll(async () => {
    await deleteTestTables(client, created);
    client.destroy();
    streams.destroy();
  });

  /** Creates a pk/sk table with a stream of this view type; returns its name and stream ARN. */
  async function streamTable(prefix: string, viewType: StreamViewType = 'NEW_AND_OLD_IMAGES'): Promise<{ name: string; arn: string }> {
    const name = uniqueTableName(prefix);
    created.push(name);
    await createTableFromInput(client, {
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
    });
    return { name, arn: await onlyStreamArn(streams, name) };
  }

  function summary(record: _Record): unknown {
    return {
      eventName: record.eventName,
      keys: record.dynamodb?.Keys,
      oldImage: record.dynamodb?.OldImage,
      newImage: record.dynamodb?.NewImage,
    };
  }

  describe('the table side', () => {
    it('names the stream in CreateTable and DescribeTable: StreamSpecification, LatestStreamArn, LatestStreamLabel', async () => {
      const name = uniqueTableName('streams-describe');
      created.push(name);
      const { TableDescription } = await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
      );
      expect(TableDescription?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
      const label = TableDescription?.LatestStreamLabel ?? '';
      expect(label).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
      expect(TableDescription?.LatestStreamArn).toBe(`${TableDescription?.TableArn ?? ''}/stream/${label}`);

      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
      expect(Table?.LatestStreamArn).toBe(TableDescription?.LatestStreamArn);
      expect(Table?.LatestStreamLabel).toBe(label);
      expect(await onlyStreamArn(streams, name)).toBe(TableDescription?.LatestStreamArn);
    });

    it('creates no stream for StreamEnabled false', async () => {
      const name = uniqueTableName('streams-off');
      created.push(name);
      await createTableFromInput(client, {
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: false },
      });
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(Table?.LatestStreamArn).toBeUndefined();
      const { Streams } = await streams.send(new ListStreamsCommand({ TableName: name }));
      expect(Streams).toEqual([]);
    });

    it.each([
      [
        'a view type on a disabled stream',
        { StreamEnabled: false, StreamViewType: 'NEW_IMAGE' },
        'One or more parameter values were invalid: Table is being created with a stream disabled, UpdateViewType should not be specified',
      ],
      [
        'an unknown view type',
        { StreamEnabled: true, StreamViewType: 'EVERYTHING' },
        "1 validation error detected: Value 'EVERYTHING' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]",
      ],
      [
        'an enabled stream without a view type',
        { StreamEnabled: true },
        'One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required',
      ],
      [
        'a view type without StreamEnabled',
        { StreamViewType: 'KEYS_ONLY' },
        "1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null",
      ],
    ])('refuses %s', async (_case, specification, message) => {
      const name = uniqueTableName('streams-bad');
      await expectDynamoDBError(
        client.send(
          new CreateTableCommand({
            TableName: name,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            StreamSpecification: specification as { StreamEnabled: boolean; StreamViewType?: StreamViewType },
          }),
        ),
        'ValidationException',
        message,
      );
      await expectDynamoDBError(client.send(new DescribeTableCommand({ TableName: name })), 'ResourceNotFoundException');
    });
  });

  describe('UpdateTable', () => {
    async function settle(name: string): Promise<void> {
      await waitUntilTableExists({ client, maxWaitTime: 120, minDelay: 1, maxDelay: 2 }, { TableName: name });
    }

    async function updateStream(name: string, specification: { StreamEnabled: boolean; StreamViewType?: StreamViewType }): Promise<TableDescription | undefined> {
      const { TableDescription: description } = await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: specification }));
      await settle(name);
      return description;
    }

    it('enables, disables and re-enables a stream: each enable a new ARN, the old stream kept DISABLED', async () => {
      const name = uniqueTableName('streams-update');
      created.push(name);
      await createTableFromInput(client, {
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      });

      const enabled = await updateStream(name, { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
      expect(enabled?.TableStatus).toBe('UPDATING');
      expect(enabled?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
      const firstArn = enabled?.LatestStreamArn ?? '';
      expect(firstArn).toBe(`${enabled?.TableArn ?? ''}/stream/${enabled?.LatestStreamLabel ?? ''}`);
      await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'first' } } }));

      await expectDynamoDBError(
        client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } })),
        'ValidationException',
        `Table already has an enabled stream: TableName: ${name}`,
      );

      await updateStream(name, { StreamEnabled: false });
      const { Table: disabled } = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(disabled?.StreamSpecification).toBeUndefined();
      expect(disabled?.LatestStreamArn).toBe(firstArn);
      await expectDynamoDBError(
        client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } })),
        'ValidationException',
        `Table has no stream to disable: TableName: ${name}`,
      );
      await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'unrecorded' } } }));

      const reenabled = await updateStream(name, { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
      const secondArn = reenabled?.LatestStreamArn ?? '';
      expect(secondArn).not.toBe(firstArn);
      await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'second' } } }));

      const { Streams } = await streams.send(new ListStreamsCommand({ TableName: name }));
      expect(Streams?.map((stream) => stream.StreamArn).sort()).toEqual([firstArn, secondArn].sort());
      const old = await streams.send(new DescribeStreamCommand({ StreamArn: firstArn }));
      expect(old.StreamDescription?.StreamStatus).toBe('DISABLED');
      expect(old.StreamDescription?.StreamViewType).toBe('NEW_IMAGE');
      expect((await readStream(streams, firstArn, 1)).map((record) => record.dynamodb?.Keys?.pk?.S)).toEqual(['first']);
      expect((await readStream(streams, secondArn, 1)).map((record) => record.dynamodb?.Keys?.pk?.S)).toEqual(['second']);
    });

    it.each([
      [
        'an enable without a view type',
        { StreamSpecification: { StreamEnabled: true } },
        'One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required',
      ],
      [
        'a disable with a view type',
        { StreamSpecification: { StreamEnabled: false, StreamViewType: 'KEYS_ONLY' as const } },
        'One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified',
      ],
      [
        'a stream change beside a throughput change',
        { StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' as const }, BillingMode: 'PROVISIONED' as const, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        'One or more parameter values were invalid: You cannot modify stream status while updating table IOPS',
      ],
      [
        'a stream change beside deletion protection',
        { StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' as const }, DeletionProtectionEnabled: true },
        'One or more parameter values were invalid: DeletionProtection modification must be the only operation in the request',
      ],
    ])('refuses %s', async (_case, input, message) => {
      const name = uniqueTableName('streams-update-bad');
      created.push(name);
      await createTableFromInput(client, {
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      });
      await expectDynamoDBError(client.send(new UpdateTableCommand({ TableName: name, ...input })), 'ValidationException', message);
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(Table?.LatestStreamArn).toBeUndefined();
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    });
  });

  describe('ListStreams and DescribeStream', () => {
    it('lists a table’s stream and pages with Limit and ExclusiveStartStreamArn', async () => {
      const first = await streamTable('streams-list-a', 'KEYS_ONLY');
      const second = await streamTable('streams-list-b', 'KEYS_ONLY');
      const { Streams } = await streams.send(new ListStreamsCommand({ TableName: first.name }));
      expect(Streams).toEqual([{ StreamArn: first.arn, TableName: first.name, StreamLabel: first.arn.split('/stream/')[1] }]);

      const seen = new Set<string>();
      let start: string | undefined;
      do {
        const page = await streams.send(new ListStreamsCommand({ Limit: 1, ...(start === undefined ? {} : { ExclusiveStartStreamArn: start }) }));
        expect(page.Streams?.length ?? 0).toBeLessThanOrEqual(1);
        for (const stream of page.Streams ?? []) if (stream.StreamArn !== undefined) seen.add(stream.StreamArn);
        start = page.LastEvaluatedStreamArn;
      } while (start !== undefined && !(seen.has(first.arn) && seen.has(second.arn)));
      expect(seen).toContain(first.arn);
      expect(seen).toContain(second.arn);
    });

    it.each([
      [0, 'greater than or equal to 1'],
      [101, 'less than or equal to 100'],
    ])('refuses ListStreams with Limit %i', async (limit, bound) => {
      await expectStreamsError(
        streams.send(new ListStreamsCommand({ Limit: limit })),
        'ValidationException',
        `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value ${bound}`,
      );
    });

    it('describes an enabled stream: status, view type, key schema and an open shard', async () => {
      const { name, arn } = await streamTable('streams-desc', 'NEW_IMAGE');
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
      expect(StreamDescription).toMatchObject({
        StreamArn: arn,
        StreamLabel: arn.split('/stream/')[1],
        StreamStatus: 'ENABLED',
        StreamViewType: 'NEW_IMAGE',
        TableName: name,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      });
      expect(StreamDescription?.CreationRequestDateTime).toBeInstanceOf(Date);
      const shard = StreamDescription?.Shards?.[0];
      expect(shard?.ShardId?.length).toBeGreaterThanOrEqual(28);
      expect(shard?.SequenceNumberRange?.StartingSequenceNumber).toMatch(/^\d{21,40}$/);
      expect(shard?.SequenceNumberRange?.EndingSequenceNumber).toBeUndefined();
    });

    it('answers an unknown stream with ResourceNotFoundException and a malformed ARN with ValidationException', async () => {
      const { arn } = await streamTable('streams-missing', 'KEYS_ONLY');
      const unknown = arn.replace(/\/stream\/.*$/, '/stream/2000-01-01T00:00:00.000');
      await expectStreamsError(streams.send(new DescribeStreamCommand({ StreamArn: unknown })), 'ResourceNotFoundException');
      await expectStreamsError(streams.send(new DescribeStreamCommand({ StreamArn: 'fake-stream' })), 'ValidationException', 'Invalid StreamArn');
    });
  });

  describe('records', () => {
    it('records every change in order, with images for NEW_AND_OLD_IMAGES; unchanged writes leave none', async () => {
      const { name, arn } = await streamTable('streams-order');
      const key = { pk: { S: 'item' }, sk: { N: '1' } };
      await client.send(new PutItemCommand({ TableName: name, Item: { ...key, v: { N: '1' } } }));
      await client.send(new PutItemCommand({ TableName: name, Item: { ...key, v: { N: '1' } } })); // identical: no record
      await client.send(new UpdateItemCommand({ TableName: name, Key: key, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: '2' } } }));
      await client.send(new DeleteItemCommand({ TableName: name, Key: key }));
      await client.send(new DeleteItemCommand({ TableName: name, Key: key })); // nothing to delete: no record
      await client.send(new UpdateItemCommand({ TableName: name, Key: key, UpdateExpression: 'SET w = :w', ExpressionAttributeValues: { ':w': { S: 'x' } } }));

      const records = await readStream(streams, arn, 4);
      expect(records.map(summary)).toEqual([
        { eventName: 'INSERT', keys: key, oldImage: undefined, newImage: { ...key, v: { N: '1' } } },
        { eventName: 'MODIFY', keys: key, oldImage: { ...key, v: { N: '1' } }, newImage: { ...key, v: { N: '2' } } },
        { eventName: 'REMOVE', keys: key, oldImage: { ...key, v: { N: '2' } }, newImage: undefined },
        { eventName: 'INSERT', keys: key, oldImage: undefined, newImage: { ...key, w: { S: 'x' } } },
      ]);
      const sequences = records.map((record) => BigInt(record.dynamodb?.SequenceNumber ?? '0'));
      expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)));
      expect(new Set(records.map((record) => record.eventID)).size).toBe(4);
      for (const record of records) {
        expect(record).toMatchObject({ eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: await client.config.region() });
        expect(record.dynamodb?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
        expect(record.dynamodb?.ApproximateCreationDateTime).toBeInstanceOf(Date);
        expect(record.dynamodb?.SizeBytes).toBeGreaterThan(0);
        expect(record.dynamodb?.SequenceNumber).toMatch(/^\d{21,40}$/);
        expect(record.userIdentity).toBeUndefined();
      }
    });

    it.each([
      ['KEYS_ONLY', false, false],
      ['NEW_IMAGE', true, false],
      ['OLD_IMAGE', false, true],
      ['NEW_AND_OLD_IMAGES', true, true],
    ] as const)('a %s stream carries new image %s and old image %s', async (viewType, withNew, withOld) => {
      const { name, arn } = await streamTable(`streams-${viewType.toLowerCase().replaceAll('_', '-')}`, viewType);
      const key = { pk: { S: 'view' }, sk: { N: '7' } };
      await client.send(new PutItemCommand({ TableName: name, Item: { ...key, a: { S: 'old' } } }));
      await client.send(new PutItemCommand({ TableName: name, Item: { ...key, a: { S: 'new' } } }));
      const records = await readStream(streams, arn, 2);
      expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY']);
      const modify = records[1]?.dynamodb;
      expect(modify?.Keys).toEqual(key);
      expect(modify?.StreamViewType).toBe(viewType);
      expect(modify?.NewImage).toEqual(withNew ? { ...key, a: { S: 'new' } } : undefined);
      expect(modify?.OldImage).toEqual(withOld ? { ...key, a: { S: 'old' } } : undefined);
    });

    it('records the writes of BatchWriteItem and TransactWriteItems, one record per changed item', async () => {
      const { name, arn } = await streamTable('streams-multi', 'KEYS_ONLY');
      await client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [name]: [{ PutRequest: { Item: { pk: { S: 'b' }, sk: { N: '1' } } } }, { PutRequest: { Item: { pk: { S: 'b' }, sk: { N: '2' } } } }],
          },
        }),
      );
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Delete: { TableName: name, Key: { pk: { S: 'b' }, sk: { N: '1' } } } },
            { Put: { TableName: name, Item: { pk: { S: 't' }, sk: { N: '1' } } } },
            { ConditionCheck: { TableName: name, Key: { pk: { S: 'b' }, sk: { N: '2' } }, ConditionExpression: 'attribute_exists(pk)' } },
          ],
        }),
      );
      const records = await readStream(streams, arn, 4);
      const events = records.map((record) => `${record.eventName ?? ''} ${record.dynamodb?.Keys?.pk?.S ?? ''}${record.dynamodb?.Keys?.sk?.N ?? ''}`);
      expect(events.sort()).toEqual(['INSERT b1', 'INSERT b2', 'INSERT t1', 'REMOVE b1']);
    });

    it('leaves no record for a write whose condition failed', async () => {
      const { name, arn } = await streamTable('streams-failed', 'KEYS_ONLY');
      await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'c' }, sk: { N: '1' } } }));
      await expectDynamoDBError(
        client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'c' }, sk: { N: '1' }, x: { S: 'y' } }, ConditionExpression: 'attribute_not_exists(pk)' })),
        'ConditionalCheckFailedException',
      );
      // A later write marks the end: once its record is read, any record of the failed one would be too.
      await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'c' }, sk: { N: '2' } } }));
      const records = await readStream(streams, arn, 2);
      expect(records.map((record) => `${record.eventName ?? ''} ${record.dynamodb?.Keys?.sk?.N ?? ''}`)).toEqual(['INSERT 1', 'INSERT 2']);
    });
  });

  describe('iterators', () => {
    async function shardOf(arn: string): Promise<string> {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
      const shardId = StreamDescription?.Shards?.[0]?.ShardId;
      if (shardId === undefined) throw new Error('no shard');
      return shardId;
    }

    it('reads at and after a sequence number, and from LATEST only later records', async () => {
      const { name, arn } = await streamTable('streams-positions', 'KEYS_ONLY');
      for (const sk of ['1', '2', '3']) await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'p' }, sk: { N: sk } } }));
      const all = await readStream(streams, arn, 3);
      const second = all[1]?.dynamodb?.SequenceNumber;
      const shardId = await shardOf(arn);

      const at = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: second }));
      const fromSecond = await streams.send(new GetRecordsCommand({ ShardIterator: at.ShardIterator }));
      expect(fromSecond.Records?.map((record) => record.dynamodb?.Keys?.sk?.N)).toEqual(['2', '3']);

      const after = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: second }));
      const afterSecond = await streams.send(new GetRecordsCommand({ ShardIterator: after.ShardIterator }));
      expect(afterSecond.Records?.map((record) => record.dynamodb?.Keys?.sk?.N)).toEqual(['3']);

      const latest = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'LATEST' }));
      const nothingYet = await streams.send(new GetRecordsCommand({ ShardIterator: latest.ShardIterator }));
      expect(nothingYet.Records).toEqual([]);
      expect(nothingYet.NextShardIterator).toBeDefined();
      await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'p' }, sk: { N: '4' } } }));
      let iterator = nothingYet.NextShardIterator;
      const later: _Record[] = [];
      for (let attempt = 0; attempt < 60 && later.length === 0 && iterator !== undefined; attempt += 1) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        later.push(...(page.Records ?? []));
        iterator = page.NextShardIterator;
        if (later.length === 0) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(later.map((record) => record.dynamodb?.Keys?.sk?.N)).toEqual(['4']);
    });

    it('pages with Limit, each page handing on a NextShardIterator', async () => {
      const { name, arn } = await streamTable('streams-limit', 'KEYS_ONLY');
      for (const sk of ['1', '2', '3']) await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'l' }, sk: { N: sk } } }));
      await readStream(streams, arn, 3);
      const shardId = await shardOf(arn);
      const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
      const first = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 2 }));
      expect(first.Records?.map((record) => record.dynamodb?.Keys?.sk?.N)).toEqual(['1', '2']);
      const second = await streams.send(new GetRecordsCommand({ ShardIterator: first.NextShardIterator, Limit: 2 }));
      expect(second.Records?.map((record) => record.dynamodb?.Keys?.sk?.N)).toEqual(['3']);
      const third = await streams.send(new GetRecordsCommand({ ShardIterator: second.NextShardIterator }));
      expect(third.Records).toEqual([]);
    });

    it('refuses bad GetShardIterator and GetRecords requests', async () => {
      const { arn } = await streamTable('streams-errors', 'KEYS_ONLY');
      const shardId = await shardOf(arn);
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
      const start = StreamDescription?.Shards?.[0]?.SequenceNumberRange?.StartingSequenceNumber;
      await expectStreamsError(streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER' })), 'ValidationException');
      await expectStreamsError(
        streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON', SequenceNumber: start })),
        'ValidationException',
      );
      await expectStreamsError(
        streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: 'shardId-00000000000000000000-00000000', ShardIteratorType: 'LATEST' })),
        'ResourceNotFoundException',
      );
      await expectStreamsError(
        streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'SOMEWHERE' as 'LATEST' })),
        'ValidationException',
        "1 validation error detected: Value 'SOMEWHERE' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]",
      );
      await expectStreamsError(streams.send(new GetRecordsCommand({ ShardIterator: 'this-is-not-a-shard-iterator-at-all' })), 'ValidationException');
      const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
      await expectStreamsError(streams.send(new GetRecordsCommand({ ShardIterator, Limit: 1001 })), 'ValidationException');
      await expectStreamsError(
        streams.send(new GetRecordsCommand({ ShardIterator, Limit: 0 })),
        'ValidationException',
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    });
  });

  describe('a deleted table’s stream', () => {
    it('stays listed and readable, DISABLED, its shard closed and read to its end', async () => {
      const { name, arn } = await streamTable('streams-deleted', 'KEYS_ONLY');
      await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'd' }, sk: { N: '1' } } }));
      await readStream(streams, arn, 1);
      await client.send(new DeleteTableCommand({ TableName: name }));

      let description = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription;
      for (let attempt = 0; attempt < 120 && description?.StreamStatus !== 'DISABLED'; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        description = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription;
      }
      expect(description?.StreamStatus).toBe('DISABLED');
      const shard = description?.Shards?.[0];
      expect(shard?.SequenceNumberRange?.EndingSequenceNumber).toMatch(/^\d+$/);

      const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard?.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      let page = await streams.send(new GetRecordsCommand({ ShardIterator }));
      const records = [...(page.Records ?? [])];
      while (page.NextShardIterator !== undefined) {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: page.NextShardIterator }));
        records.push(...(page.Records ?? []));
      }
      expect(records.map((record) => record.eventName)).toEqual(['INSERT']);
    });
  });
});
