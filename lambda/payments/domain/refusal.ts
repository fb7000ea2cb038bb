import type { LedgerEntryType } from './ledger.js';
import type { KeyedMovement } from './natural-key.js';
import type { BalanceRefusal } from './money.js';

/**
 * Every business reason a money movement is refused, as data. The handlers turn each into its
 * problem response; nothing below them knows HTTP.
 */
export type Refusal =
  /** The account does not exist or belongs to another caller (never told apart). */
  | { readonly kind: 'account_not_found' }
  /** No payment for this order belongs to the caller. */
  | { readonly kind: 'payment_not_found' }
  | { readonly kind: 'currency_mismatch'; readonly requested: string; readonly held: string }
  | { readonly kind: 'insufficient_funds' }
  /** The movement would take the balance past `maxBalance`. */
  | { readonly kind: 'balance_limit_exceeded'; readonly movement: LedgerEntryType }
  | { readonly kind: 'order_already_paid'; readonly paymentId: string }
  | { readonly kind: 'refund_exceeds_payment'; readonly refundable: number }
  /** A movement with this reference already ran, on the same terms: nothing more is done. */
  | { readonly kind: 'already_applied'; readonly movement: KeyedMovement; readonly originalId: string }
  /** The reference was used by a movement on other terms (another amount, another currency). */
  | { readonly kind: 'reference_reused'; readonly movement: KeyedMovement; readonly originalId: string };

/** The refusal of a `movement` its balance cannot take. */
export function balanceRefusal(reason: BalanceRefusal, movement: LedgerEntryType): Refusal {
  return reason === 'insufficient_funds' ? { kind: 'insufficient_funds' } : { kind: 'balance_limit_exceeded', movement };
}
