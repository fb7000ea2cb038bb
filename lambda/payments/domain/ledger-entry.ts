/** The kinds of money movement the ledger records. */
export type LedgerEntryType = 'deposit' | 'payment' | 'refund';

/** One ledger entry of an account, as the API shows it. */
export interface LedgerEntry {
  readonly entryId: string;
  readonly type: LedgerEntryType;
  /** Signed minor units: payments negative, deposits and refunds positive. */
  readonly amount: number;
  readonly balanceAfter: number;
  readonly orderId?: string;
  readonly createdAt: string;
}

/** The signed ledger amount of a movement of `amount` minor units of kind `type`. */
export function signedAmount(type: LedgerEntryType, amount: number): number {
  return type === 'payment' ? -amount : amount;
}
