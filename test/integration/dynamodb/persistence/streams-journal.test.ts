/**
 * DynamoDB Streams under `--db-path`, in process: stream records and stream metadata survive a
 * reopen, whether they were replayed from the journal or loaded from a snapshot, with the same
 * ARNs, shard ids, sequence numbers and event ids, so a consumer's checkpoint stays valid; an
 * enabled stream goes on recording after the reopen, and a deleted table's stream stays disabled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../../local/dynamodb/engine.js';
import { EngineJournal } from '../../../../local/dynamodb/persistence/engine-journal.js';

let dir: string;
let clock = Date.UTC(2026, 5, 1);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streams-journal-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function open(compactAfterBytes = 64 * 1024 * 1024): Promise<Engine> {
  const engine = new Engine({ now: () => clock });
  engine.attachJournal(await EngineJournal.open(dir, engine.tables, { compactAfterBytes, streams: engine.streams }));
  return engine;
}

async function call(engine: Engine, operation: string, body: unknown): Promise<Record<string, unknown>> {
  return (await engine.handle(operation, body)) as Record<string, unknown>;
}

function table(name: string, viewType: string): Record<string, unknown> {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
  };
}

/** Everything a consumer sees: each stream's description and all its records. */
async function streamState(engine: Engine): Promise<unknown> {
  const { Streams } = (await call(engine, 'ListStreams', {})) as { Streams: { StreamArn: string }[] };
  const result: unknown[] = [];
  for (const { StreamArn } of Streams) {
    const { StreamDescription } = (await call(engine, 'DescribeStream', { StreamArn })) as { StreamDescription: { Shards: { ShardId: string }[] } };
    const shardId = StreamDescription.Shards[0]?.ShardId;
    const { ShardIterator } = await call(engine, 'GetShardIterator', { StreamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' });
    const { Records } = await call(engine, 'GetRecords', { ShardIterator });
    result.push({ StreamDescription, Records });
  }
  return result;
}

async function writeHistory(engine: Engine): Promise<void> {
  await call(engine, 'CreateTable', table('orders', 'NEW_AND_OLD_IMAGES'));
  await call(engine, 'CreateTable', table('audit', 'KEYS_ONLY'));
  await call(engine, 'UpdateTimeToLive', { TableName: 'orders', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } });
  for (let index = 0; index < 40; index += 1) {
    clock += 1000;
    await call(engine, 'PutItem', { TableName: 'orders', Item: { id: { S: `o${index % 9}` }, n: { N: String(index) }, pad: { S: 'x'.repeat(40) } } });
  }
  await call(engine, 'TransactWriteItems', {
    TransactItems: [
      { Delete: { TableName: 'orders', Key: { id: { S: 'o1' } } } },
      { Put: { TableName: 'audit', Item: { id: { S: 'a1' } } } },
    ],
  });
  await call(engine, 'PutItem', { TableName: 'orders', Item: { id: { S: 'short-lived' }, ttl: { N: String(Math.floor(clock / 1000) - 1) } } });
  clock += 1000;
  expect(engine.sweepExpiredItems()).toBe(1);
  await call(engine, 'DeleteTable', { TableName: 'audit' });
}

describe('streams under durable storage', () => {
  it.each([
    ['replayed from the journal', 64 * 1024 * 1024],
    ['loaded from snapshots', 2048],
  ])('keeps stream records and metadata %s', async (_how, compactAfterBytes) => {
    const first = await open(compactAfterBytes);
    await writeHistory(first);
    const before = await streamState(first);
    await first.journal?.close();

    const second = await open(compactAfterBytes);
    expect(await streamState(second)).toEqual(before);

    // The enabled stream goes on, after the records it had; the deleted table's stays closed.
    await call(second, 'PutItem', { TableName: 'orders', Item: { id: { S: 'after' } } });
    const after = (await streamState(second)) as { StreamDescription: { TableName: string; StreamStatus: string }; Records: { dynamodb: { SequenceNumber: string } }[] }[];
    const orders = after.find((stream) => stream.StreamDescription.TableName === 'orders');
    const audit = after.find((stream) => stream.StreamDescription.TableName === 'audit');
    expect(audit?.StreamDescription.StreamStatus).toBe('DISABLED');
    const sequences = (orders?.Records ?? []).map((record) => BigInt(record.dynamodb.SequenceNumber));
    expect(sequences.length).toBe(40 + 1 + 1 + 1 + 1);
    expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)));
    await second.journal?.close();
  });
});
