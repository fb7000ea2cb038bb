import { TransactionCanceledException, type CancellationReason, type DynamoDBClient, type TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { accountItem } from '../../../../lambda/payments/adapters/account-item.js';
import { MovementTransactions, type MovementWrite } from '../../../../lambda/payments/adapters/movement-transactions.js';
import { paymentItem } from '../../../../lambda/payments/adapters/payment-item.js';
import { defaultRetryPolicy, RetryBudget } from '../../../../lambda/payments/adapters/retry-budget.js';
import { TransactionRunner } from '../../../../lambda/payments/adapters/transaction-runner.js';
import type { AccountSnapshot } from '../../../../lambda/payments/domain/account.js';
import type { PaymentRecord } from '../../../../lambda/payments/domain/payment.js';

const alice = 'arn:aws:iam::000000000000:user/alice';
const before: AccountSnapshot = { accountId: 'acct_1', ownerId: alice, currency: 'USD', balance: 500, version: 3, createdAt: 't0', updatedAt: 't1' };
const paid: PaymentRecord = { paymentId: 'pay_1', orderId: 'o-1', accountId: 'acct_1', amount: 300, currency: 'USD', status: 'succeeded', refundedAmount: 0, createdAt: 't1' };
const completion = { Update: { TableName: 'idempotency', Key: { id: { S: 'k' } }, UpdateExpression: 'SET #s = :s' } };

/** A client whose one TransactWriteItems commits (no reasons) or is cancelled with `reasons`; it records the actions sent. */
function clientAnswering(reasons?: CancellationReason[]) {
  const sent: unknown[][] = [];
  const send = (command: TransactWriteItemsCommand): Promise<unknown> => {
    sent.push(command.input.TransactItems ?? []);
    if (reasons === undefined) return Promise.resolve({});
    return Promise.reject(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: reasons }));
  };
  return { client: { send } as unknown as DynamoDBClient, sent };
}

function transactionsOn(client: DynamoDBClient): MovementTransactions {
  const budget = new RetryBudget(() => 10_000, defaultRetryPolicy, () => Promise.resolve());
  return new MovementTransactions({ accounts: 'accounts', payments: 'payments', ledger: 'ledger', references: 'references' }, new TransactionRunner(client, (n) => `t-${n}`, budget));
}

const debit = (amount: number): MovementWrite => ({ kind: 'move_account', caller: alice, currency: 'USD', before, balanceAfter: before.balance - amount, debit: amount, at: 't2' });
const ledger: MovementWrite = {
  kind: 'append_ledger',
  entry: { accountId: 'acct_1', seq: 4, entryId: 'led_1', type: 'payment', amount: -300, balanceAfter: 200, referenceId: 'pay_2', createdAt: 't2' },
};
const record: MovementWrite = { kind: 'record_payment', ownerId: alice, payment: { ...paid, paymentId: 'pay_2' } };
const failedWith = (item?: Record<string, unknown>): CancellationReason => ({ Code: 'ConditionalCheckFailed', ...(item === undefined ? {} : { Item: item }) }) as CancellationReason;
const none: CancellationReason = { Code: 'None' };

describe('MovementTransactions', () => {
  it('commits the writes with the completion last, and reports the account and payment as they were left', async () => {
    const { client, sent } = clientAnswering();
    const outcome = await transactionsOn(client).commit([debit(300), ledger, record], completion);
    expect(sent[0]).toHaveLength(4);
    expect(sent[0]?.[3]).toEqual(completion);
    expect(outcome).toEqual({ kind: 'committed', account: { ...before, balance: 200, version: 4, updatedAt: 't2' }, payment: { ...paid, paymentId: 'pay_2' } });
  });

  it.each([
    ['the account moved', { ...before, version: 4, balance: 900 }, 'account_moved'],
    ['the account is gone', undefined, 'account_not_found'],
    ['the account is another caller\'s', { ...before, ownerId: 'arn:aws:iam::000000000000:user/bob' }, 'account_not_found'],
    ['the account is in another currency', { ...before, currency: 'EUR' }, 'currency_mismatch'],
    ['the balance does not cover the debit', { ...before, balance: 100 }, 'insufficient_funds'],
  ] as const)('reads a failed account condition where %s as %s', async (_, old, kind) => {
    const { client } = clientAnswering([failedWith(old === undefined ? undefined : accountItem(old)), failedWith(), none, none]);
    const outcome = await transactionsOn(client).commit([debit(300), ledger, record], completion);
    expect(outcome).toEqual({ kind, fresh: { account: old ?? null } });
  });

  it('answers order_already_paid whatever else failed, with the fresh account', async () => {
    const moved = { ...before, version: 9 };
    const { client } = clientAnswering([failedWith(accountItem(moved)), failedWith(), failedWith(paymentItem(alice, paid)), none]);
    expect(await transactionsOn(client).commit([debit(300), ledger, record], completion)).toEqual({ kind: 'order_already_paid', paymentId: 'pay_1', fresh: { account: moved } });
  });

  it('reports a lost lease first: the completion is not ours, nothing was applied', async () => {
    const { client } = clientAnswering([failedWith(accountItem({ ...before, version: 9 })), failedWith(), none, failedWith()]);
    expect(await transactionsOn(client).commit([debit(300), ledger, record], completion)).toEqual({ kind: 'lease_lost' });
  });

  it('reads a refund pinned to an old refunded total as payment_moved, and a vanished payment as payment_not_found', async () => {
    const raise: MovementWrite = { kind: 'raise_refunded', ownerId: alice, payment: paid, refundedAfter: 100 };
    const refunded = { ...paid, refundedAmount: 250 };
    const moved = clientAnswering([none, none, failedWith(paymentItem(alice, refunded)), none]);
    expect(await transactionsOn(moved.client).commit([debit(0), ledger, raise], completion)).toEqual({ kind: 'payment_moved', fresh: { payment: refunded } });
    const gone = clientAnswering([none, none, failedWith(), none]);
    expect(await transactionsOn(gone.client).commit([debit(0), ledger, raise], completion)).toEqual({ kind: 'payment_not_found', fresh: { payment: null } });
  });

  it('treats a taken ledger seq with an unchanged account as corruption, not as a reason to retry', async () => {
    const { client } = clientAnswering([none, failedWith(), none, none]);
    await expect(transactionsOn(client).commit([debit(300), ledger, record], completion)).rejects.toThrow(/ledger and account disagree/);
  });

  it('reads a taken account id as account_id_taken, so the opening is planned again', async () => {
    const { client } = clientAnswering([failedWith(), none]);
    expect(await transactionsOn(client).commit([{ kind: 'open_account', account: before }], completion)).toEqual({ kind: 'account_id_taken', fresh: {} });
  });
});
