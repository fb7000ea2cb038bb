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

/** A ledger entry as stored: the API view plus its key and the id of the movement it records. */
export interface StoredLedgerEntry extends LedgerEntry {
  readonly accountId: string;
  /** The account's version after this entry (1, 2, 3, ...). */
  readonly seq: number;
  /** depositId, paymentId or refundId. */
  readonly referenceId: string;
}
