import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type DynamoDBStreamsClient,
  type _Record,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';

/**
 * Reads a stream the way a consumer without Lambda does: DescribeStream for the shards, one
 * iterator per shard, then GetRecords until a page comes back empty. Against AWS, records show
 * up a moment after the write, so it polls until `expected` records were read (or gives up).
 */
export async function readStream(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  expected: number,
  iteratorType: ShardIteratorType = 'TRIM_HORIZON',
): Promise<_Record[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const records: _Record[] = [];
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: iteratorType }),
      );
      let iterator = ShardIterator;
      while (iterator !== undefined) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        const pageRecords = page.Records ?? [];
        records.push(...pageRecords);
        if (pageRecords.length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    if (records.length >= expected || Date.now() > deadline) return records;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The ARN of the table's only stream, as ListStreams reports it. */
export async function onlyStreamArn(streams: DynamoDBStreamsClient, tableName: string): Promise<string> {
  const { Streams } = await streams.send(new ListStreamsCommand({ TableName: tableName }));
  const arn = Streams?.[0]?.StreamArn;
  if (Streams?.length !== 1 || arn === undefined) throw new Error(`expected one stream for ${tableName}, got ${JSON.stringify(Streams)}`);
  return arn;
}
