import type { AccountSnapshot } from '../domain/account.js';
import { integerValue, readInteger, readString, stringValue, type Item } from './item-attributes.js';

/** The accounts-table item of an account. */
export function accountItem(account: AccountSnapshot): Item {
  return {
    accountId: stringValue(account.accountId),
    ownerId: stringValue(account.ownerId),
    currency: stringValue(account.currency),
    balance: integerValue(account.balance),
    version: integerValue(account.version),
    createdAt: stringValue(account.createdAt),
    updatedAt: stringValue(account.updatedAt),
  };
}

/** The account an accounts-table item holds. @throws CorruptItemError on a malformed item. */
export function accountFromItem(item: Item): AccountSnapshot {
  return {
    accountId: readString(item, 'accountId'),
    ownerId: readString(item, 'ownerId'),
    currency: readString(item, 'currency'),
    balance: readInteger(item, 'balance'),
    version: readInteger(item, 'version'),
    createdAt: readString(item, 'createdAt'),
    updatedAt: readString(item, 'updatedAt'),
  };
}
