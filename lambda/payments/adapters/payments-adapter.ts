import { GetItemCommand, type DynamoDBClient, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { PaymentRecord } from '../domain/payment-record.js';
import { integerValue, stringValue } from './item-attributes.js';
import { paymentFromItem, paymentItem } from './payment-item.js';

/** A refund's change to a payment, pinned to the refunded total it was computed from. */
export interface PaymentRefund {
  readonly ownerId: string;
  readonly orderId: string;
  /** The refunded total the refund was planned against. */
  readonly refundedBefore: number;
  readonly refundedAfter: number;
}

/** DynamoDB access for the payments table (one item per owner and order). */
export class PaymentsAdapter {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly paymentsTable: string,
  ) {}

  /** The caller's payment of the order, or undefined. */
  async getPayment(ownerId: string, orderId: string): Promise<PaymentRecord | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.paymentsTable,
        Key: { ownerId: stringValue(ownerId), orderId: stringValue(orderId) },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : paymentFromItem(Item);
  }

  /**
   * Transaction action recording the payment. The key (owner, order) with attribute_not_exists
   * is the unique constraint that pays an order once, whatever idempotency key was sent; ALL_OLD
   * returns the existing payment so its id can be told to the client.
   */
  paymentAction(ownerId: string, payment: PaymentRecord): TransactWriteItem {
    return {
      Put: {
        TableName: this.paymentsTable,
        Item: paymentItem(ownerId, payment),
        ConditionExpression: 'attribute_not_exists(orderId)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  /**
   * Transaction action raising the payment's refunded total. Pinning the total seen when the
   * refund was planned (and bounding it by the amount) is what keeps concurrent refunds from
   * exceeding the payment; ALL_OLD gives the fresh total on a failure.
   */
  refundAction(refund: PaymentRefund): TransactWriteItem {
    return {
      Update: {
        TableName: this.paymentsTable,
        Key: { ownerId: stringValue(refund.ownerId), orderId: stringValue(refund.orderId) },
        UpdateExpression: 'SET #refunded = :after',
        ConditionExpression: 'attribute_exists(orderId) AND #refunded = :before AND #amount >= :after',
        ExpressionAttributeNames: { '#refunded': 'refundedAmount', '#amount': 'amount' },
        ExpressionAttributeValues: {
          ':before': integerValue(refund.refundedBefore),
          ':after': integerValue(refund.refundedAfter),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }
}
