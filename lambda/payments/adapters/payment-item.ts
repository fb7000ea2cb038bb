import type { PaymentRecord } from '../domain/payment.js';
import { integerValue, readInteger, readString, stringValue, type Item } from './item-attributes.js';

/** The payments-table item of `payment`, owned by `ownerId`. */
export function paymentItem(ownerId: string, payment: PaymentRecord): Item {
  return {
    ownerId: stringValue(ownerId),
    orderId: stringValue(payment.orderId),
    paymentId: stringValue(payment.paymentId),
    accountId: stringValue(payment.accountId),
    amount: integerValue(payment.amount),
    currency: stringValue(payment.currency),
    status: stringValue(payment.status),
    refundedAmount: integerValue(payment.refundedAmount),
    createdAt: stringValue(payment.createdAt),
  };
}

/** The payment a payments-table item holds. @throws CorruptItemError on a malformed item. */
export function paymentFromItem(item: Item): PaymentRecord {
  return {
    paymentId: readString(item, 'paymentId'),
    orderId: readString(item, 'orderId'),
    accountId: readString(item, 'accountId'),
    amount: readInteger(item, 'amount'),
    currency: readString(item, 'currency'),
    status: 'succeeded',
    refundedAmount: readInteger(item, 'refundedAmount'),
    createdAt: readString(item, 'createdAt'),
  };
}
