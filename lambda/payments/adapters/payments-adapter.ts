import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PaymentRecord } from '../domain/payment.js';
import { stringValue } from './item-attributes.js';
import { paymentFromItem } from './payment-item.js';

/** Reads of the payments table (one item per owner and order), strongly consistent. */
export class PaymentsAdapter {
  readonly #client: DynamoDBClient;
  readonly #paymentsTable: string;

  constructor(client: DynamoDBClient, paymentsTable: string) {
    this.#client = client;
    this.#paymentsTable = paymentsTable;
  }

  /** The caller's payment of the order, or undefined. */
  async getPayment(ownerId: string, orderId: string): Promise<PaymentRecord | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#paymentsTable,
        Key: { ownerId: stringValue(ownerId), orderId: stringValue(orderId) },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : paymentFromItem(Item);
  }
}
