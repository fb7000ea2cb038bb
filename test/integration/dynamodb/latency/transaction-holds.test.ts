/**
 * Under a latency profile a transaction lasts long enough for other requests to arrive while it
 * runs, and the engine refuses what DynamoDB refuses meanwhile: a single-item write or another
 * transaction touching one of its items. The overlap has to be made certain (a 500 ms
 * transaction), which only the engine's own latency option can do, so this file starts its own
 * engine; the answers it checks are DynamoDB's documented ones.
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { asInstance } from '../support/as-instance.js';
import { expectDynamoDBError } from '../support/expect-dynamodb-error.js';
import { useOwnEngine } from '../support/own-engine.js';

const table = 'held';
const transactionMs = 500;
const engine = useOwnEngine(table, { latency: { TransactWriteItems: transactionMs, GetItem: 0 } });

const key = (id: string): Record<string, AttributeValue> => ({ id: { S: id } });

async function valueOf(id: string): Promise<string | undefined> {
  const { Item } = await engine().client.send(new GetItemCommand({ TableName: table, Key: key(id), ConsistentRead: true }));
  return Item?.value?.S;
}

/**
 * Sends a transaction putting `value` on each id, and resolves once the engine has run it (its
 * writes are visible), while its answer is still on its way: the window in which it holds them.
 */
async function transactionUnderway(ids: readonly string[], value: string): Promise<{ readonly answer: Promise<unknown> }> {
  const answer = engine().client.send(
    new TransactWriteItemsCommand({
      TransactItems: ids.map((id) => ({ Put: { TableName: table, Item: { ...key(id), value: { S: value } } } })),
    }),
  );
  answer.catch(() => undefined);
  const [first = ''] = ids;
  const deadline = Date.now() + transactionMs;
  while ((await valueOf(first)) !== value) {
    if (Date.now() > deadline) throw new Error('the transaction never ran');
    await sleep(5);
  }
  // Wrapped: an async function returning the promise itself would wait for it.
  return { answer };
}

describe('transactions hold their items while latency is injected', () => {
  it.each([
    ['PutItem', (id: string) => engine().client.send(new PutItemCommand({ TableName: table, Item: { ...key(id), value: { S: 'single' } } }))],
    [
      'UpdateItem',
      (id: string) =>
        engine().client.send(
          new UpdateItemCommand({
          TableName: table,
          Key: key(id),
          UpdateExpression: 'SET #v = :v',
          ExpressionAttributeNames: { '#v': 'value' },
          ExpressionAttributeValues: { ':v': { S: 'single' } },
          }),
        ),
    ],
    ['DeleteItem', (id: string) => engine().client.send(new DeleteItemCommand({ TableName: table, Key: key(id) }))],
  ] as const)('refuses a %s on a held item with TransactionConflictException and changes nothing', async (name, send) => {
    const id = `single-${name}`;
    const { answer } = await transactionUnderway([id], 'transaction');
    await expectDynamoDBError(send(id), 'TransactionConflictException', 'Transaction is ongoing for the item');
    await answer;
    expect(await valueOf(id)).toBe('transaction');
  });

  it('cancels another transaction touching a held item, TransactionConflict naming that action only', async () => {
    const { answer } = await transactionUnderway(['tx-held'], 'first');
    const error = await expectDynamoDBError(
      engine().client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { ...key('tx-free'), value: { S: 'second' } } } },
            { Put: { TableName: table, Item: { ...key('tx-held'), value: { S: 'second' } } } },
          ],
        }),
      ),
      'TransactionCanceledException',
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
    );
    expect(asInstance(error, TransactionCanceledException).CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
    ]);
    await answer;
    expect(await valueOf('tx-held')).toBe('first');
    expect(await valueOf('tx-free')).toBeUndefined();
  });

  it('cancels a TransactGetItems of a held item, and lets GetItem read it', async () => {
    const { answer } = await transactionUnderway(['read-held'], 'written');
    const error = await expectDynamoDBError(
      engine().client.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: table, Key: key('read-held') } }] })),
      'TransactionCanceledException',
      'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
    );
    expect(asInstance(error, TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code)).toEqual(['TransactionConflict']);
    expect(await valueOf('read-held')).toBe('written');
    await answer;
  });

  it('lets go of the items once the transaction has answered', async () => {
    const { answer } = await transactionUnderway(['released'], 'first');
    await answer;
    await engine().client.send(new PutItemCommand({ TableName: table, Item: { ...key('released'), value: { S: 'after' } } }));
    expect(await valueOf('released')).toBe('after');
    expect(engine().server.engine.heldItems).toBe(0);
  });

  it('holds the items of a transaction cancelled by its condition while it runs', async () => {
    const answer = engine().client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { ...key('cancelled'), value: { S: 'never' } }, ConditionExpression: 'attribute_exists(id)' } },
        ],
      }),
    );
    answer.catch(() => undefined);
    const deadline = Date.now() + transactionMs;
    while (engine().server.engine.heldItems === 0) {
      if (Date.now() > deadline) throw new Error('the transaction never ran');
      await sleep(5);
    }
    await expectDynamoDBError(
      engine().client.send(new PutItemCommand({ TableName: table, Item: { ...key('cancelled'), value: { S: 'single' } } })),
      'TransactionConflictException',
    );
    await expectDynamoDBError(answer, 'TransactionCanceledException', /\[ConditionalCheckFailed\]$/);
    expect(await valueOf('cancelled')).toBeUndefined();
  });

  it('answers no sooner than the profile says, and concurrent waits overlap', async () => {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        engine().client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: table, Item: key(`overlap-${index}`) } }] })),
      ),
    );
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(transactionMs - 1);
    // Eight transactions one after another would take 8 × 500 ms.
    expect(elapsed).toBeLessThan(4 * transactionMs);
  });
});
