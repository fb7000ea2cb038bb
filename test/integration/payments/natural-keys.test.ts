import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { maxBalance } from '../../../lambda/payments/domain/money.js';
import { recordIdOf } from '../../../lambda/idempotency/record-id.js';
import { usePaymentsHarness } from './support/payment-tables.js';
import { callerArn, type PaymentsInstance } from './support/payments-harness.js';

const suite = usePaymentsHarness();

/** Removes the idempotency record of `key`, as DynamoDB's TTL does once its retention is over. */
async function expireKey(caller: string, key: string): Promise<void> {
  await suite().reader.send(new DeleteItemCommand({ TableName: suite().tables.idempotency, Key: { id: { S: recordIdOf(caller, key) } } }));
}

async function referenceItem(naturalKey: string) {
  const { Item } = await suite().reader.send(
    new GetItemCommand({ TableName: suite().tables.references, Key: { naturalKey: { S: naturalKey } }, ConsistentRead: true }),
  );
  return Item;
}

async function paidOrder(api: PaymentsInstance, caller: string, amount: number): Promise<{ accountId: string; orderId: string }> {
  const accountId = await api.openAccount(caller, 'USD', 10_000);
  const orderId = `order-${randomUUID()}`;
  expect((await api.pay(caller, { orderId, accountId, amount, currency: 'USD' })).status).toBe(201);
  return { accountId, orderId };
}

describe('natural keys: a deposit reference is unique per account', () => {
  it('refuses a second deposit with the reference and a fresh key with 409 and the original depositId, crediting nothing', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD');
    const first = await api.deposit(alice, accountId, { amount: 700, currency: 'USD', reference: 'wire-1' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reference: 'wire-1', balanceAfter: 700 });
    const again = await suite().instance().deposit(alice, accountId, { amount: 700, currency: 'USD', reference: 'wire-1' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'deposit_already_applied', depositId: first.body.depositId });
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 700, version: 1 });
    expect(await referenceItem(`deposit\n${accountId}\nwire-1`)).toMatchObject({ movementId: { S: first.body.depositId } });
  });

  it('refuses the reference with another amount as 422 reference_reused, changing nothing', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD');
    const first = await api.deposit(alice, accountId, { amount: 700, currency: 'USD', reference: 'wire-2' });
    const other = await api.deposit(alice, accountId, { amount: 800, currency: 'USD', reference: 'wire-2' });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'reference_reused', depositId: first.body.depositId });
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 700, version: 1 });
  });

  it('still refuses the retry of a deposit whose idempotency key has expired: nothing is credited twice', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD');
    const first = await api.deposit(alice, accountId, { amount: 500, currency: 'USD', reference: 'wire-3' }, 'deposit-key');
    await expireKey(alice, 'deposit-key');
    const retried = await suite().instance().deposit(alice, accountId, { amount: 500, currency: 'USD', reference: 'wire-3' }, 'deposit-key');
    expect(retried.status).toBe(409);
    expect(retried.body).toMatchObject({ code: 'deposit_already_applied', depositId: first.body.depositId });
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 500, version: 1 });
    await suite().checkInvariants();
  });

  it('credits once when 10 instances race with one reference and 10 keys', async () => {
    const alice = callerArn('alice');
    const accountId = await suite().instance().openAccount(alice, 'USD');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => suite().instance().deposit(alice, accountId, { amount: 100, currency: 'USD', reference: 'wire-race' })),
    );
    const statuses = results.map((result) => result.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(9);
    const applied = results.find((result) => result.status === 201);
    for (const refused of results.filter((result) => result.status === 409)) expect(refused.body.depositId).toBe(applied?.body.depositId);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 100, version: 1 });
    await suite().checkInvariants();
  });

  it('tells a deposit that already ran so even when the balance could no longer take it', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD');
    const first = await api.deposit(alice, accountId, { amount: 1, currency: 'USD', reference: 'wire-cap' });
    expect(first.status).toBe(201);
    // Put the account at the cap directly (reaching it through the API takes 9,000 deposits),
    // and back afterwards, so the suite's ledger invariant holds again.
    const setBalance = (balance: number) =>
      suite().reader.send(
        new UpdateItemCommand({
          TableName: suite().tables.accounts,
          Key: { accountId: { S: accountId } },
          UpdateExpression: 'SET balance = :balance',
          ExpressionAttributeValues: { ':balance': { N: String(balance) } },
        }),
      );
    await setBalance(maxBalance);
    const retried = await suite().instance().deposit(alice, accountId, { amount: 1, currency: 'USD', reference: 'wire-cap' });
    expect(retried.status).toBe(409);
    expect(retried.body).toMatchObject({ code: 'deposit_already_applied', depositId: first.body.depositId });
    const fresh = await suite().instance().deposit(alice, accountId, { amount: 1, currency: 'USD', reference: 'wire-new' });
    expect(fresh.status).toBe(422);
    expect(fresh.body.code).toBe('balance_limit_exceeded');
    expect(fresh.body.detail).toMatch(/^This deposit would take the balance past/);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: maxBalance, version: 1 });
    await setBalance(1);
  });

  it('keeps references per account: the same transfer id on another account is another deposit', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const one = await api.openAccount(alice, 'USD');
    const two = await api.openAccount(alice, 'USD');
    expect((await api.deposit(alice, one, { amount: 5, currency: 'USD', reference: 'shared' })).status).toBe(201);
    expect((await api.deposit(alice, two, { amount: 5, currency: 'USD', reference: 'shared' })).status).toBe(201);
  });

  it.each([
    ['a missing reference', { amount: 5, currency: 'USD' }],
    ['a reference of dots', { amount: 5, currency: 'USD', reference: '..' }],
    ['a reference outside the alphabet', { amount: 5, currency: 'USD', reference: 'a b' }],
    ['a 129-character reference', { amount: 5, currency: 'USD', reference: 'r'.repeat(129) }],
  ])('answers 400 validation_error for %s, before any DynamoDB call', async (_label, body) => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD');
    api.counter.reset();
    const rejected = await api.deposit(alice, accountId, JSON.stringify(body));
    expect(rejected.status).toBe(400);
    expect(rejected.body.errors).toEqual([expect.objectContaining({ path: 'reference' })]);
    expect(api.counter.calls).toEqual([]);
  });
});

describe('natural keys: a refund reference is unique per payment', () => {
  it('refuses a second refund with the reference with 409 and the original refundId, even after everything was refunded', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const { accountId, orderId } = await paidOrder(api, alice, 1_000);
    const first = await api.refund(alice, orderId, { reference: 'rma-1' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ amount: 1_000, reference: 'rma-1' });
    const again = await suite().instance().refund(alice, orderId, { reference: 'rma-1' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'refund_already_made', refundId: first.body.refundId });
    const other = await api.refund(alice, orderId, { amount: 5, reference: 'rma-1' });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'reference_reused', refundId: first.body.refundId });
    const fresh = await api.refund(alice, orderId, { amount: 5, reference: 'rma-2' });
    expect(fresh.body.code).toBe('refund_exceeds_payment');
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 10_000, version: 3 });
    expect((await api.getPayment(alice, orderId)).body.refundedAmount).toBe(1_000);
  });

  it('refunds once when instances race with one reference and fresh keys', async () => {
    const alice = callerArn('alice');
    const { accountId, orderId } = await paidOrder(suite().instance(), alice, 1_000);
    const results = await Promise.all(Array.from({ length: 8 }, () => suite().instance().refund(alice, orderId, { amount: 100, reference: 'rma-race' })));
    expect(results.filter((result) => result.status === 201)).toHaveLength(1);
    expect(results.filter((result) => result.status === 409)).toHaveLength(7);
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 9_100, version: 3 });
    await suite().checkInvariants();
  });
});

describe('natural keys: an account reference is unique per caller', () => {
  it('refuses a second opening with the reference with 409 and the original accountId; another caller may use it', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const first = await api.createAccount(alice, { currency: 'USD', reference: 'customer-42' });
    expect(first.status).toBe(201);
    expect(first.body.reference).toBe('customer-42');
    const again = await api.createAccount(alice, { currency: 'USD', reference: 'customer-42' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'account_already_exists', accountId: first.body.accountId });
    const otherCurrency = await api.createAccount(alice, { currency: 'EUR', reference: 'customer-42' });
    expect(otherCurrency.status).toBe(422);
    expect(otherCurrency.body).toMatchObject({ code: 'reference_reused', accountId: first.body.accountId });
    expect((await api.createAccount(callerArn('bob'), { currency: 'USD', reference: 'customer-42' })).status).toBe(201);
    expect((await api.createAccount(alice, { currency: 'USD' })).status).toBe(201);
  });
});
