import type { RetryBudget } from './retry-budget.js';
import { dynamoDBFailureOf } from './dynamodb-failure.js';

/**
 * Runs a read, retrying throttling and unknown-outcome failures (a read has no effect, so
 * repeating it is always safe) within `budget`.
 *
 * @throws the read's error when it is fatal; RetryBudgetExhaustedError when out of budget.
 */
export async function readWithRetry<T>(budget: RetryBudget, read: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (dynamoDBFailureOf(error) === 'fatal') throw error;
      await budget.backoff(error);
    }
  }
}
