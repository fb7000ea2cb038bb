import type { LedgerEntryType, StoredLedgerEntry } from '../domain/ledger.js';
import { CorruptItemError, integerValue, readInteger, readOptionalString, readString, stringValue, type Item } from './item-attributes.js';

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
