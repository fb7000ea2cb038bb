import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';
import type { TableId } from '../../../infra/definitions/tables.js';
import { recordIdOf } from '../../../lambda/idempotency/record-id.js';
import { readMoneyState } from './money-state.js';
import { moneyViolations } from './money-violations.js';
import { readIdempotencyRecords } from './read-idempotency-records.js';

/** One payment a test expects to find applied exactly once. */
export interface ExpectedCharge {
  readonly callerArn: string;
  readonly accountId: string;
  readonly orderId: string;
  readonly key: string;
  readonly amount: number;
  /** The account's balance before the payment. */
  readonly balanceBefore: number;
  /** The body the client finally received (the 201). */
  readonly body: string;
}

/**
 * Reads the tables back and checks that the order was charged exactly once and nothing is
 * half-applied: one payment record, one payment ledger entry, the balance moved by the amount,
 * every money invariant holding, and the key's record COMPLETED holding exactly the body the
 * client received.
 */
export async function expectChargedOnce(
  client: DynamoDBClient,
  tableNames: Readonly<Record<TableId, string>>,
  charge: ExpectedCharge,
): Promise<void> {
  const state = await readMoneyState(client, tableNames);
  const payments = state.payments.filter((item) => item.ownerId === charge.callerArn && item.orderId === charge.orderId);
  expect(payments, 'payment records for the order').toHaveLength(1);
  expect(payments[0]?.amount).toBe(charge.amount);
  const entries = state.ledger.filter((entry) => entry.accountId === charge.accountId && entry.type === 'payment');
  expect(entries.filter((entry) => entry.orderId === charge.orderId), 'payment ledger entries').toHaveLength(1);
  const account = state.accounts.find((item) => item.accountId === charge.accountId);
  expect(account?.balance).toBe(charge.balanceBefore - charge.amount);
  expect(moneyViolations(state)).toEqual([]);

  const records = await readIdempotencyRecords(client, tableNames.idempotency);
  const record = records.get(recordIdOf(charge.callerArn, charge.key));
  expect(record?.status, 'idempotency record').toBe('COMPLETED');
  if (record?.status === 'COMPLETED') {
    expect(record.response.statusCode).toBe(201);
    expect(record.response.body).toBe(charge.body);
  }
}
