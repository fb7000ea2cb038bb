/** Smallest amount the API accepts, in minor units. */
export const minAmount = 1;

/** Largest amount the API accepts in one movement, in minor units (10^12). */
export const maxAmount = 1_000_000_000_000;

/**
 * Largest balance an account may hold, in minor units. Balances are JavaScript numbers, so they
 * must stay safe integers; 9 * 10^15 leaves headroom below Number.MAX_SAFE_INTEGER (~9.007 * 10^15)
 * for any sum of a balance and one amount.
 */
export const maxBalance = 9_000_000_000_000_000;

/**
 * True when `value` is a valid amount: a safe integer number of minor units within
 * `minAmount..maxAmount`. Floats, NaN, infinities and numeric strings are not amounts.
 */
export function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= minAmount && value <= maxAmount;
}

/** Why a balance cannot take a movement. */
export type BalanceRefusal = 'insufficient_funds' | 'balance_limit_exceeded';

/**
 * The balance after adding `signedAmount` (negative for a debit), or why it cannot be:
 * `insufficient_funds` below zero, `balance_limit_exceeded` past `maxBalance`.
 */
export function balanceAfter(balance: number, signedAmount: number): number | BalanceRefusal {
  const next = balance + signedAmount;
  if (next < 0) return 'insufficient_funds';
  if (next > maxBalance) return 'balance_limit_exceeded';
  return next;
}
