import { TransactionCanceledException, type DynamoDBClient, type TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { TransactionRunner } from '../../../../lambda/payments/adapters/transaction-runner.js';
import { defaultRetryPolicy, RetryBudget, RetryBudgetExhaustedError } from '../../../../lambda/payments/adapters/retry-budget.js';

type Outcome = 'ok' | 'conflict' | 'condition' | 'internal' | 'throttled';

/** A client that answers each TransactWriteItems with the next scripted outcome and records tokens. */
function scriptedClient(outcomes: Outcome[]): { client: DynamoDBClient; tokens: string[] } {
  const tokens: string[] = [];
  const send = (command: TransactWriteItemsCommand): Promise<unknown> => {
    tokens.push(command.input.ClientRequestToken ?? '');
    const outcome = outcomes.shift() ?? 'ok';
    const meta = { $metadata: {} };
    switch (outcome) {
      case 'ok':
        return Promise.resolve({});
      case 'conflict':
        return Promise.reject(new TransactionCanceledException({ message: 'x', ...meta, CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }] }));
      case 'condition':
        return Promise.reject(new TransactionCanceledException({ message: 'x', ...meta, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
      case 'internal':
        return Promise.reject(Object.assign(new Error('boom'), { name: 'InternalServerError', $fault: 'server' }));
      case 'throttled':
        return Promise.reject(Object.assign(new Error('slow down'), { name: 'ThrottlingException', $fault: 'client' }));
    }
  };
  return { client: { send } as unknown as DynamoDBClient, tokens };
}

const instant = (): Promise<void> => Promise.resolve();
const budget = (remainingMs = 10_000, maxRetries = 60): RetryBudget =>
  new RetryBudget(() => remainingMs, { ...defaultRetryPolicy, maxRetries }, instant, () => 0.5);

describe('TransactionRunner', () => {
  it('re-sends the same token after an unknown outcome, and a new one after a conflict or throttling', async () => {
    const { client, tokens } = scriptedClient(['internal', 'internal', 'conflict', 'throttled', 'ok']);
    const runner = new TransactionRunner(client, (attempt) => `token-${attempt}`, budget());
    await expect(runner.commit([])).resolves.toEqual({ committed: true });
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1', 'token-2', 'token-3']);
  });

  it('keeps the token of an unknown outcome through throttling until DynamoDB answers', async () => {
    const { client, tokens } = scriptedClient(['internal', 'throttled', 'ok']);
    const runner = new TransactionRunner(client, (attempt) => `token-${attempt}`, budget());
    await runner.commit([]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
  });

  it('returns condition failures for the caller, and uses a new token for the next transaction', async () => {
    const { client, tokens } = scriptedClient(['condition', 'ok']);
    const runner = new TransactionRunner(client, (attempt) => `token-${attempt}`, budget());
    const first = await runner.commit([]);
    expect(first.committed).toBe(false);
    await runner.commit([]);
    expect(tokens).toEqual(['token-1', 'token-2']);
  });

  it('gives up with 503 when the retries run out', async () => {
    const { client } = scriptedClient(Array<Outcome>(10).fill('conflict'));
    const runner = new TransactionRunner(client, (attempt) => `token-${attempt}`, budget(10_000, 3));
    await expect(runner.commit([])).rejects.toBeInstanceOf(RetryBudgetExhaustedError);
  });

  it('gives up with 503 when the time left is within the safety margin', async () => {
    const { client, tokens } = scriptedClient(['throttled', 'ok']);
    const runner = new TransactionRunner(client, (attempt) => `token-${attempt}`, budget(defaultRetryPolicy.safetyMarginMs));
    await expect(runner.commit([])).rejects.toBeInstanceOf(RetryBudgetExhaustedError);
    expect(tokens).toHaveLength(1);
  });

  it('reports each re-send after a TransactionConflict, and no other retry', async () => {
    const { client } = scriptedClient(['conflict', 'internal', 'throttled', 'conflict', 'ok']);
    let conflicts = 0;
    const runner = new TransactionRunner(client, (attempt) => `token-${attempt}`, budget(), () => {
      conflicts += 1;
    });
    await runner.commit([]);
    expect(conflicts).toBe(2);
  });

  it('does not report a conflict it gives up on', async () => {
    const { client } = scriptedClient(['conflict', 'conflict']);
    let conflicts = 0;
    const runner = new TransactionRunner(client, (attempt) => `token-${attempt}`, budget(10_000, 1), () => {
      conflicts += 1;
    });
    await expect(runner.commit([])).rejects.toBeInstanceOf(RetryBudgetExhaustedError);
    expect(conflicts).toBe(1);
  });

  it('does not retry client errors', async () => {
    const send = (): Promise<never> => Promise.reject(Object.assign(new Error('bad'), { name: 'ValidationException', $fault: 'client' }));
    const runner = new TransactionRunner({ send } as unknown as DynamoDBClient, (attempt) => `t${attempt}`, budget());
    await expect(runner.commit([])).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
