import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concurrentTestDynamoDBClient, uniqueTableName } from '../../../support/dynamodb.js';
import { createTestTable, deleteTestTables } from '../support/test-tables.js';

const IN_FLIGHT = 200;

describe('atomicity under concurrent clients', () => {
  const client = concurrentTestDynamoDBClient(IN_FLIGHT);
  const table = uniqueTableName('concurrency');

  beforeAll(async () => {
    await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
  });

  afterAll(async () => {
    await deleteTestTables(client, [table]);
    client.destroy();
  });

  async function readNumber(pk: string, attribute: string): Promise<bigint> {
    const result = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }));
    const value = result.Item?.[attribute]?.N;
    if (value === undefined) throw new Error(`${pk}.${attribute} is missing`);
    return BigInt(value);
  }

  it(`lets exactly one of ${IN_FLIGHT} concurrent conditional puts on one key succeed`, async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: IN_FLIGHT }, (_, writer) =>
        client.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: { S: 'contended' }, writer: { N: String(writer) } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      ),
    );
    const winners = outcomes.flatMap((outcome, writer) => (outcome.status === 'fulfilled' ? [writer] : []));
    const losers = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(winners).toHaveLength(1);
    for (const loser of losers) expect(loser.reason).toBeInstanceOf(ConditionalCheckFailedException);
    expect(await readNumber('contended', 'writer')).toBe(BigInt(winners[0] ?? -1));
  });

  it(`counts ${IN_FLIGHT} concurrent ADD increments exactly`, async () => {
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, () =>
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: { S: 'counter' } },
            UpdateExpression: 'ADD hits :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          }),
        ),
      ),
    );
    expect(await readNumber('counter', 'hits')).toBe(BigInt(IN_FLIGHT));
  });

  it('lets exactly one of many concurrent conditional updates of one version succeed', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'versioned' }, version: { N: '0' } } }));
    const outcomes = await Promise.allSettled(
      Array.from({ length: IN_FLIGHT }, (_, writer) =>
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: { S: 'versioned' } },
            UpdateExpression: 'SET version = version + :one, writer = :writer',
            ConditionExpression: 'version = :zero',
            ExpressionAttributeValues: { ':one': { N: '1' }, ':zero': { N: '0' }, ':writer': { N: String(writer) } },
          }),
        ),
      ),
    );
    const winners = outcomes.flatMap((outcome, writer) => (outcome.status === 'fulfilled' ? [writer] : []));
    expect(winners).toHaveLength(1);
    expect(await readNumber('versioned', 'version')).toBe(1n);
    expect(await readNumber('versioned', 'writer')).toBe(BigInt(winners[0] ?? -1));
  });

  it('conserves the total across concurrent conditional transfers, and no balance goes negative', async () => {
    const accounts = ['acct-a', 'acct-b', 'acct-c'];
    const opening = 500n;
    for (const pk of accounts) {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, balance: { N: String(opening) } } }));
    }
    // A fixed pseudo-random plan, so a failure can be replayed.
    let seed = 42;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    const transfers = Array.from({ length: IN_FLIGHT }, () => {
      const from = next() % accounts.length;
      const to = (from + 1 + (next() % (accounts.length - 1))) % accounts.length;
      return { from: accounts[from] ?? '', to: accounts[to] ?? '', amount: BigInt(1 + (next() % 60)) };
    });

    const outcomes = await Promise.allSettled(
      transfers.map(({ from, to, amount }) =>
        client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: { pk: { S: from } },
                  UpdateExpression: 'SET balance = balance - :amount',
                  ConditionExpression: 'balance >= :amount',
                  ExpressionAttributeValues: { ':amount': { N: String(amount) } },
                },
              },
              {
                Update: {
                  TableName: table,
                  Key: { pk: { S: to } },
                  UpdateExpression: 'SET balance = balance + :amount',
                  ExpressionAttributeValues: { ':amount': { N: String(amount) } },
                },
              },
            ],
          }),
        ),
      ),
    );

    const expected = new Map(accounts.map((pk) => [pk, opening]));
    let applied = 0;
    outcomes.forEach((outcome, index) => {
      const transfer = transfers[index];
      if (transfer === undefined) return;
      if (outcome.status === 'rejected') {
        // Cancelled on the balance condition (or, on AWS, a conflict): nothing of it applied.
        expect(outcome.reason).toBeInstanceOf(TransactionCanceledException);
        return;
      }
      applied += 1;
      expected.set(transfer.from, (expected.get(transfer.from) ?? 0n) - transfer.amount);
      expected.set(transfer.to, (expected.get(transfer.to) ?? 0n) + transfer.amount);
    });
    expect(applied).toBeGreaterThan(0);

    let total = 0n;
    for (const pk of accounts) {
      const balance = await readNumber(pk, 'balance');
      expect(balance).toBeGreaterThanOrEqual(0n);
      expect(balance).toBe(expected.get(pk));
      total += balance;
    }
    expect(total).toBe(opening * BigInt(accounts.length));
  });
});
