/**
 * Durable storage end to end: the engine CLI runs with --db-path as a child process, takes
 * concurrent writes through the stock SDK, is killed with SIGKILL in the middle of the load,
 * and after a restart on the same directory every write it acknowledged is there, and so is
 * the record of it on the table's stream.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  TagResourceCommand,
  TransactWriteItemsCommand,
  UpdateContinuousBackupsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, DescribeStreamCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const cli = fileURLToPath(new URL('../../../../local/dynamodb/cli.ts', import.meta.url));

interface RunningEngine {
  readonly child: ChildProcess;
  readonly client: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
}

function startCli(dbPath: string): Promise<RunningEngine> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--db-path', dbPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onExit = (code: number | null): void => {
      reject(new Error(`engine exited (${code ?? 'signal'}) before listening: ${output}`));
    };
    child.once('exit', onExit);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] === undefined) return;
      child.off('exit', onExit);
      const config = { endpoint: match[1], region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 };
      resolve({ child, client: new DynamoDBClient(config), streams: new DynamoDBStreamsClient(config) });
    });
  });
}

function killHard(engine: RunningEngine): Promise<void> {
  return new Promise((resolve) => {
    engine.child.once('exit', () => {
      resolve();
    });
    engine.child.kill('SIGKILL');
  });
}

/** Every record of the table's one stream, oldest first. */
async function streamRecords(engine: RunningEngine, tableName: string): Promise<_Record[]> {
  const { Streams } = await engine.streams.send(new ListStreamsCommand({ TableName: tableName }));
  const streamArn = Streams?.[0]?.StreamArn;
  const { StreamDescription } = await engine.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const shardId = StreamDescription?.Shards?.[0]?.ShardId;
  let { ShardIterator: iterator } = await engine.streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
  const records: _Record[] = [];
  while (iterator !== undefined) {
    const page = await engine.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
    records.push(...(page.Records ?? []));
    if ((page.Records ?? []).length === 0) break;
    iterator = page.NextShardIterator;
  }
  return records;
}

async function stopGently(engine: RunningEngine): Promise<void> {
  engine.client.destroy();
  engine.streams.destroy();
  await new Promise<void>((resolve) => {
    engine.child.once('exit', () => {
      resolve();
    });
    engine.child.kill('SIGTERM');
  });
}

const table = 'durability';
let dbPath: string;

beforeAll(async () => {
  dbPath = await mkdtemp(join(tmpdir(), 'engine-durability-'));
});

afterAll(async () => {
  await rm(dbPath, { recursive: true, force: true });
});

describe.skipIf(!inject('dynamodbIsLocalEngine'))('durable storage (--db-path)', () => {
  it('keeps every acknowledged write across kill -9 and restart', { timeout: 120_000 }, async () => {
    const first = await startCli(dbPath);
    await first.client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );

    const acknowledgedPuts = new Set<string>();
    const acknowledgedTransactions = new Set<number>();
    let acknowledgedIncrements = 0;
    let attemptedIncrements = 0;
    let stop = false;

    const writer = async (id: number): Promise<void> => {
      for (let n = 0; !stop; n += 1) {
        const pk = `w${id}-${n}`;
        try {
          if (n % 5 === 4) {
            const txn = id * 1_000_000 + n;
            await first.client.send(
              new TransactWriteItemsCommand({
                TransactItems: [
                  { Put: { TableName: table, Item: { pk: { S: `txn-${txn}-a` }, txn: { N: String(txn) } } } },
                  { Put: { TableName: table, Item: { pk: { S: `txn-${txn}-b` }, txn: { N: String(txn) } } } },
                ],
              }),
            );
            acknowledgedTransactions.add(txn);
          } else if (n % 5 === 3) {
            attemptedIncrements += 1;
            await first.client.send(
              new UpdateItemCommand({
                TableName: table,
                Key: { pk: { S: 'counter' } },
                UpdateExpression: 'ADD hits :one',
                ExpressionAttributeValues: { ':one': { N: '1' } },
              }),
            );
            acknowledgedIncrements += 1;
          } else {
            await first.client.send(
              new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, writer: { N: String(id) }, n: { N: String(n) } } }),
            );
            acknowledgedPuts.add(pk);
          }
        } catch {
          // The engine was killed under this request: it was never acknowledged.
          return;
        }
      }
    };

    const writers = Array.from({ length: 16 }, (_, id) => writer(id));
    // Kill once a good number of writes were acknowledged, while the writers are still busy.
    while (acknowledgedPuts.size < 400) await new Promise((resolve) => setTimeout(resolve, 20));
    await killHard(first);
    stop = true;
    await Promise.all(writers);
    first.client.destroy();
    first.streams.destroy();

    const second = await startCli(dbPath);
    try {
      const missing: string[] = [];
      const puts = [...acknowledgedPuts];
      for (let start = 0; start < puts.length; start += 50) {
        await Promise.all(
          puts.slice(start, start + 50).map(async (pk) => {
            const { Item } = await second.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }));
            if (Item?.pk?.S !== pk) missing.push(pk);
          }),
        );
      }
      expect(missing).toEqual([]);
      for (const txn of acknowledgedTransactions) {
        for (const suffix of ['a', 'b']) {
          const { Item } = await second.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: `txn-${txn}-${suffix}` } } }));
          expect(Item?.txn?.N).toBe(String(txn));
        }
      }
      const { Item: counter } = await second.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'counter' } } }));
      const hits = Number(counter?.hits?.N ?? '0');
      // Acknowledged increments all survived; unacknowledged ones may or may not have.
      expect(hits).toBeGreaterThanOrEqual(acknowledgedIncrements);
      expect(hits).toBeLessThanOrEqual(attemptedIncrements);

      // The stream holds a record of every acknowledged write, in sequence order.
      const records = await streamRecords(second, table);
      const recorded = new Set(records.map((record) => record.dynamodb?.Keys?.pk?.S));
      expect(puts.filter((pk) => !recorded.has(pk))).toEqual([]);
      for (const txn of acknowledgedTransactions) expect(recorded.has(`txn-${txn}-a`) && recorded.has(`txn-${txn}-b`)).toBe(true);
      expect(records.filter((record) => record.dynamodb?.Keys?.pk?.S === 'counter').length).toBeGreaterThanOrEqual(acknowledgedIncrements);
      const sequences = records.map((record) => BigInt(record.dynamodb?.SequenceNumber ?? '0'));
      expect(sequences.every((sequence, index) => index === 0 || sequence > (sequences[index - 1] ?? 0n))).toBe(true);
    } finally {
      await stopGently(second);
    }

    // A clean stop and a second restart replay to the same state.
    const third = await startCli(dbPath);
    try {
      const sample = [...acknowledgedPuts].slice(0, 20);
      for (const pk of sample) {
        const { Item } = await third.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } } }));
        expect(Item?.pk?.S).toBe(pk);
      }
    } finally {
      await stopGently(third);
    }
  });

  it('keeps UpdateTable changes, tags and point-in-time recovery across kill -9 and restart', { timeout: 60_000 }, async () => {
    const settingsPath = await mkdtemp(join(tmpdir(), 'engine-settings-'));
    try {
      const first = await startCli(settingsPath);
      const name = 'settings';
      const { TableDescription: created } = await first.client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          Tags: [{ Key: 'team', Value: 'payments' }],
        }),
      );
      const arn = created?.TableArn ?? '';
      for (let n = 0; n < 10; n += 1) {
        await first.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: `p${n}` }, colour: { S: n % 2 === 0 ? 'red' : 'blue' } } }));
      }
      await first.client.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'colour', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byColour', KeySchema: [{ AttributeName: 'colour', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
        }),
      );
      await first.client.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: true }));
      await first.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'env', Value: 'test' }] }));
      await first.client.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
      await killHard(first);
      first.client.destroy();

      const second = await startCli(settingsPath);
      try {
        const { Table: described } = await second.client.send(new DescribeTableCommand({ TableName: name }));
        expect(described?.DeletionProtectionEnabled).toBe(true);
        expect(described?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus])).toEqual([['byColour', 'ACTIVE']]);
        const red = await second.client.send(
          new QueryCommand({ TableName: name, IndexName: 'byColour', KeyConditionExpression: 'colour = :c', ExpressionAttributeValues: { ':c': { S: 'red' } } }),
        );
        expect(red.Count).toBe(5);
        const { Tags: tags } = await second.client.send(new ListTagsOfResourceCommand({ ResourceArn: arn }));
        expect(tags).toEqual([
          { Key: 'team', Value: 'payments' },
          { Key: 'env', Value: 'test' },
        ]);
        const backups = await second.client.send(new DescribeContinuousBackupsCommand({ TableName: name }));
        expect(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('ENABLED');
      } finally {
        await stopGently(second);
      }
    } finally {
      await rm(settingsPath, { recursive: true, force: true });
    }
  });
});
