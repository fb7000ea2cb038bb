import type { LedgerEntry, LedgerEntryType } from '../domain/ledger-entry.js';
import { CorruptItemError, integerValue, readInteger, readOptionalString, readString, stringValue, type Item } from './item-attributes.js';

/** A ledger entry as stored: the API view plus its key and the id of the movement it records. */
export interface StoredLedgerEntry extends LedgerEntry {
  readonly accountId: string;
  /** The account's version after this entry (1, 2, 3, ...). */
  readonly seq: number;
  /** depositId, paymentId or refundId. */
  readonly referenceId: string;
}

/** The ledger-table item of `entry`. */
export function ledgerItem(entry: StoredLedgerEntry): Item {
  return {
    accountId: stringValue(entry.accountId),
    seq: integerValue(entry.seq),
    entryId: stringValue(entry.entryId),
    type: stringValue(entry.type),
    amount: integerValue(entry.amount),
    balanceAfter: integerValue(entry.balanceAfter),
    ...(entry.orderId === undefined ? {} : { orderId: stringValue(entry.orderId) }),
    referenceId: stringValue(entry.referenceId),
    createdAt: stringValue(entry.createdAt),
  };
}

/** The entry a ledger-table item holds. @throws CorruptItemError on a malformed item. */
export function ledgerEntryFromItem(item: Item): StoredLedgerEntry {
  const orderId = readOptionalString(item, 'orderId');
  return {
    accountId: readString(item, 'accountId'),
    seq: readInteger(item, 'seq'),
    entryId: readString(item, 'entryId'),
    type: ledgerType(readString(item, 'type')),
    amount: readInteger(item, 'amount'),
    balanceAfter: readInteger(item, 'balanceAfter'),
    ...(orderId === undefined ? {} : { orderId }),
    referenceId: readString(item, 'referenceId'),
    createdAt: readString(item, 'createdAt'),
  };
}

function ledgerType(value: string): LedgerEntryType {
  if (value === 'deposit' || value === 'payment' || value === 'refund') return value;
  throw new CorruptItemError('type');
}
