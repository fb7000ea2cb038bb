import type { CancellationReason, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { IdempotencyLeaseLostError } from '../idempotency/claim.js';
import type { TransactionRunner } from './adapters/transaction-runner.js';
import type { RetryBudget } from './retry-budget.js';

type Response = APIGatewayProxyStructuredResultV2;

/** What a request decided from what it knows: commit a transaction, or answer without one. */
export type MovementStep =
  | {
      readonly kind: 'transact';
      /** The movement's actions; the idempotency completion is appended last. */
      readonly actions: readonly TransactWriteItem[];
      /** The response the transaction stores (built before it, since it is part of it). */
      readonly response: Response;
      /** Called once the transaction committed, to feed the instance's caches. */
      readonly onCommitted: () => void;
    }
  | { readonly kind: 'answer'; readonly response: Response };

/** How a request reads a cancellation: answer now, or plan again from refreshed state. */
export type CancellationVerdict = { readonly kind: 'answer'; readonly response: Response } | { readonly kind: 'replan' };

/**
 * What a movement's transaction needs from idempotency: the idempotency middleware's claim
 * (`idempotencyClaimOf(context)`) is one. A completion that returns no action records nothing in
 * the transaction (the benchmark's variants without our middleware use that).
 */
export interface MovementCompletion {
  /** ClientRequestToken of attempt `attempt`, so SDK retries of one attempt are deduplicated. */
  clientRequestToken(attempt: number): string;
  /** The action that completes the idempotency record with `response`, appended last. */
  completionAction(response: Response): TransactWriteItem | undefined;
  /** Called once the transaction holding that action committed. */
  markCompleted(response: Response): void;
}

/** The parts of a money movement that differ between routes. */
export interface Movement {
  readonly claim: MovementCompletion;
  readonly runner: TransactionRunner;
  readonly budget: RetryBudget;
  /** Decides from the current state (re-run after every refresh). */
  readonly plan: () => Promise<MovementStep>;
  /**
   * Reads the cancellation reasons of the movement's own actions (the completion's reason is
   * handled here), refreshing state from their ALL_OLD items.
   */
  readonly interpret: (reasons: readonly CancellationReason[]) => CancellationVerdict;
}

/**
 * Plans and commits one money movement with its idempotency completion in one transaction,
 * re-planning when a condition shows the state moved (the first re-plan at once, later ones
 * after a backoff, since they mean the account is hot).
 *
 * @throws IdempotencyLeaseLostError when the completion's condition failed (another invocation
 *   holds the key; nothing was applied); ServiceUnavailableError when out of budget.
 */
export async function runMovement(movement: Movement): Promise<Response> {
  const { claim, runner, budget } = movement;
  for (let replans = 0; ; replans += 1) {
    if (replans > 1) await budget.backoff(new Error('the account kept moving under the request'));
    const step = await movement.plan();
    if (step.kind === 'answer') return step.response;
    const completion = claim.completionAction(step.response);
    const result = await runner.commit(completion === undefined ? step.actions : [...step.actions, completion]);
    if (result.committed) {
      claim.markCompleted(step.response);
      step.onCommitted();
      return step.response;
    }
    if (completion !== undefined && result.reasons[step.actions.length]?.Code === 'ConditionalCheckFailed') {
      throw new IdempotencyLeaseLostError();
    }
    const verdict = movement.interpret(result.reasons);
    if (verdict.kind === 'answer') return verdict.response;
  }
}

/** True when the action at `index` was cancelled by its condition. */
export function conditionFailed(reasons: readonly CancellationReason[], index: number): boolean {
  return reasons[index]?.Code === 'ConditionalCheckFailed';
}
