import { randomUUID } from 'node:crypto';
import type { MovementCompletion } from '../../lambda/payments/movements/money-movement.js';

/**
 * The transaction part of a charge run WITHOUT this project's idempotency middleware
 * (benchmark only): no completion action in the transaction, and ClientRequestTokens from a
 * fresh random base per request, so only the SDK's own retries of one attempt are deduplicated.
 */
export function unrecordedCompletion(): MovementCompletion {
  const tokenBase = randomUUID().replaceAll('-', '').slice(0, 28);
  return {
    clientRequestToken: (attempt) => `${tokenBase}-${attempt}`,
    completionAction: () => undefined,
    markCompleted: () => undefined,
  };
}
