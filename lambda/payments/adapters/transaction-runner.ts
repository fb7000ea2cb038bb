import {
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type CancellationReason,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import type { RetryBudget } from './retry-budget.js';
import { dynamoDBFailureOf } from './dynamodb-failure.js';

/** A committed transaction, or one cancelled by a condition (one reason per action, in order). */
export type TransactionResult =
  | { readonly committed: true }
  | { readonly committed: false; readonly reasons: readonly CancellationReason[] };

// Cancellation codes that say "nothing was wrong with the request, try again later".
const retryableReasons = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

/**
 * Sends one request's money-movement transactions, each with a ClientRequestToken from the
 * idempotency claim, and owns their retries within a RetryBudget:
 *
 * - conflicts and throttling (a cancellation with only TransactionConflict/throttling reasons,
 *   or a throttling error) are retried after a jittered backoff with a NEW token: nothing was
 *   applied, and the token of a refused request is not reused;
 * - an error of unknown outcome (InternalServerError after the SDK's own retries, a lost
 *   connection) is re-sent IDENTICAL with the SAME token: DynamoDB applies a token at most once
 *   within 10 minutes and answers a repeat of a committed transaction with success, so the
 *   re-send tells whether the first one committed;
 * - a cancellation by a condition is returned for the caller to interpret (the next `commit`,
 *   with different actions, gets a new token).
 *
 * When the budget runs out the budget's RetryBudgetExhaustedError propagates: the request ends as
 * a 503 and the idempotency key is released. A transaction that might have committed anyway also
 * committed its idempotency completion, which the release cannot remove, so a retry replays it.
 */
export class TransactionRunner {
  // Attempts are numbered from 1 (the claim's tokens are).
  #attempt = 1;
  // After an unknown outcome the same token is re-sent until DynamoDB gives a definite answer:
  // switching tokens then could apply the transaction twice in the service's eyes.
  #outcomeUnknown = false;

  readonly #client: DynamoDBClient;
  readonly #tokenFor: (attempt: number) => string;
  readonly #budget: RetryBudget;
  readonly #onConflictRetry: () => void;

  /**
   * @param onConflictRetry called each time a transaction cancelled for a TransactionConflict
   *   (another transaction on the same items) is about to be sent again.
   */
  constructor(client: DynamoDBClient, tokenFor: (attempt: number) => string, budget: RetryBudget, onConflictRetry: () => void = () => undefined) {
    this.#client = client;
    this.#tokenFor = tokenFor;
    this.#budget = budget;
    this.#onConflictRetry = onConflictRetry;
  }

  /** Commits `items` (see the class comment for retries). @throws on fatal errors and when out of budget. */
  async commit(items: readonly TransactWriteItem[]): Promise<TransactionResult> {
    for (;;) {
      const token = this.#tokenFor(this.#attempt);
      try {
        await this.#client.send(new TransactWriteItemsCommand({ TransactItems: [...items], ClientRequestToken: token }));
        this.#settle();
        return { committed: true };
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          this.#settle();
          const reasons = error.CancellationReasons ?? [];
          if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return { committed: false, reasons };
          if (!reasons.some((reason) => retryableReasons.has(reason.Code ?? ''))) throw error;
          await this.#budget.backoff(error);
          if (reasons.some((reason) => reason.Code === 'TransactionConflict')) this.#onConflictRetry();
          continue;
        }
        const failure = dynamoDBFailureOf(error);
        if (failure === 'fatal') throw error;
        if (failure === 'unknown_outcome') this.#outcomeUnknown = true;
        else if (!this.#outcomeUnknown) this.#attempt += 1;
        await this.#budget.backoff(error);
      }
    }
  }

  /** A definite answer: the token is spent, the next transaction gets a new one. */
  #settle(): void {
    this.#attempt += 1;
    this.#outcomeUnknown = false;
  }
}
