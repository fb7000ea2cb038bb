import { maxBalance } from './amount.js';
import { BalanceLimitExceededError, InsufficientFundsError } from './payment-error.js';

/**
 * The balance after applying a signed movement (`+` credits, `-` debits) to `balance`.
 * Both inputs are safe integers of minor units, so the sum is exact.
 *
 * @returns the new balance, InsufficientFundsError when it would go below zero, or
 *   BalanceLimitExceededError when it would pass `maxBalance`.
 */
export function balanceAfter(
  balance: number,
  signedAmount: number,
): number | InsufficientFundsError | BalanceLimitExceededError {
  const next = balance + signedAmount;
  if (next < 0) return new InsufficientFundsError();
  if (next > maxBalance) return new BalanceLimitExceededError();
  return next;
}
