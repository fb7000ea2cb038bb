import { describe, expect, it } from 'vitest';
import { usePaymentsHarness } from './support/payment-tables.js';
import { callerArn } from './support/payments-harness.js';

const suite = usePaymentsHarness();

describe('POST /accounts', () => {
  it('opens an account with balance 0 in 2 DynamoDB calls (claim + transaction)', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const created = await api.createAccount(alice, { currency: 'EUR' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ currency: 'EUR', balance: 0 });
    expect(created.body.accountId).toMatch(/^acct_[0-9a-f]{32}$/);
    expect(typeof created.body.createdAt).toBe('string');
    expect(api.counter.calls).toEqual(['PutItemCommand', 'TransactWriteItemsCommand']);
    const row = await suite().accountRow(created.body.accountId as string);
    expect(row).toEqual({ balance: 0, version: 0, ownerId: alice });
    suite().touch(created.body.accountId as string);
  });

  it('replays the same response for the same key and opens one account', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const first = await api.createAccount(alice, { currency: 'USD' }, 'open-1');
    const again = await suite().instance().createAccount(alice, { currency: 'USD' }, 'open-1');
    expect(again.status).toBe(201);
    expect(again.raw).toBe(first.raw);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it.each([
    ['a lower-case currency', { currency: 'usd' }, 'currency'],
    ['an unknown currency', { currency: 'ABC' }, 'currency'],
    ['a withdrawn currency', { currency: 'HRK' }, 'currency'],
    ['a number as currency', { currency: 840 }, 'currency'],
    ['a missing currency', {}, 'currency'],
    ['an unknown field', { currency: 'USD', owner: 'me' }, 'owner'],
    ['a JSON array', '[1]', ''],
    ['invalid JSON', '{"currency":', ''],
    ['a JSON string', '"USD"', ''],
  ])('answers 400 validation_error for %s and stores nothing', async (_label, body, path) => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const rejected = await api.createAccount(alice, body, 'same-key');
    expect(rejected.status).toBe(400);
    expect(rejected.headers['content-type']).toBe('application/problem+json');
    expect(rejected.body.code).toBe('validation_error');
    expect(rejected.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(api.counter.calls).toEqual([]);
    // The key was not used up: a valid request with it now succeeds.
    expect((await api.createAccount(alice, { currency: 'USD' }, 'same-key')).status).toBe(201);
  });

  it('answers 413 for a body past the cap, before claiming the key', async () => {
    const api = suite().instance({ maxBodyBytes: 64 });
    const rejected = await api.createAccount(callerArn('alice'), JSON.stringify({ currency: 'USD', pad: 'x'.repeat(100) }));
    expect(rejected.status).toBe(413);
    expect(rejected.body.code).toBe('payload_too_large');
    expect(api.counter.calls).toEqual([]);
  });

  it('answers 400 idempotency_key_missing without a key', async () => {
    const api = suite().instance();
    const rejected = await api.createAccount(callerArn('alice'), { currency: 'USD' }, null);
    expect(rejected.status).toBe(400);
    expect(rejected.body.code).toBe('idempotency_key_missing');
    expect(api.counter.calls).toEqual([]);
  });

  it('answers 400 idempotency_key_invalid for a malformed key, storing nothing', async () => {
    const api = suite().instance();
    for (const key of ['has space', 'k'.repeat(256), 'caf\u00e9']) {
      const rejected = await api.createAccount(callerArn('alice'), { currency: 'USD' }, key);
      expect(rejected.status).toBe(400);
      expect(rejected.body.code).toBe('idempotency_key_invalid');
    }
    expect(api.counter.calls).toEqual([]);
  });

  it('answers 401 unauthenticated without an IAM caller', async () => {
    const rejected = await suite().instance().createAccount(null, { currency: 'USD' });
    expect(rejected.status).toBe(401);
    expect(rejected.body.code).toBe('unauthenticated');
  });
});

describe('GET /accounts/{accountId}', () => {
  it("shows the caller's account and hides it from everyone else", async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'GBP', 1_500);
    const own = await suite().instance().getAccount(alice, accountId);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ accountId, currency: 'GBP', balance: 1_500 });
    expect(Object.keys(own.body).sort()).toEqual(['accountId', 'balance', 'createdAt', 'currency', 'updatedAt']);
    const foreign = await api.getAccount(callerArn('mallory'), accountId);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('account_not_found');
    const missing = await api.getAccount(alice, 'acct_00000000000000000000000000000000');
    expect(missing.status).toBe(404);
    const malformed = await api.getAccount(alice, 'not-an-id');
    expect(malformed.status).toBe(404);
    expect(malformed.body.code).toBe('account_not_found');
  });
});

describe('POST /accounts/{accountId}/deposits', () => {
  it('credits the account, writes one ledger entry, and replays without crediting twice', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD');
    const deposit = await api.deposit(alice, accountId, { amount: 2_500, currency: 'USD' }, 'dep-1');
    expect(deposit.status).toBe(201);
    expect(deposit.body).toMatchObject({ accountId, amount: 2_500, currency: 'USD', balanceAfter: 2_500 });
    expect(deposit.body.depositId).toMatch(/^dep_/);
    const replay = await suite().instance().deposit(alice, accountId, { amount: 2_500, currency: 'USD' }, 'dep-1');
    expect(replay.raw).toBe(deposit.raw);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 2_500, version: 1 });
  });

  it('answers 422 idempotency_key_reused for the same key with another amount, crediting nothing', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD');
    expect((await api.deposit(alice, accountId, { amount: 100, currency: 'USD' }, 'dep-x')).status).toBe(201);
    const reused = await api.deposit(alice, accountId, { amount: 999, currency: 'USD' }, 'dep-x');
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 100, version: 1 });
  });

  it('answers 422 currency_mismatch and stores it', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD');
    const mismatch = await api.deposit(alice, accountId, { amount: 100, currency: 'EUR' }, 'dep-eur');
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('currency_mismatch');
    const replay = await api.deposit(alice, accountId, { amount: 100, currency: 'EUR' }, 'dep-eur');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 0, version: 0 });
  });

  it("answers 404 account_not_found for another caller's account, a missing one and a malformed id", async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD');
    const mallory = callerArn('mallory');
    for (const target of [accountId, 'acct_0123456789abcdef0123456789abcdef', 'x'.repeat(3000)]) {
      const refused = await suite().instance().deposit(mallory, target, { amount: 100, currency: 'USD' });
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('account_not_found');
    }
    expect(await suite().accountRow(accountId)).toMatchObject({ balance: 0, version: 0 });
  });

  it.each([
    ['a fractional amount', { amount: 1.5, currency: 'USD' }, 'amount'],
    ['a zero amount', { amount: 0, currency: 'USD' }, 'amount'],
    ['a negative amount', { amount: -5, currency: 'USD' }, 'amount'],
    ['an amount past 10^12', { amount: 1_000_000_000_001, currency: 'USD' }, 'amount'],
    ['a string amount', { amount: '100', currency: 'USD' }, 'amount'],
    ['a huge exponent', '{"amount":1e400,"currency":"USD","reference":"t-1"}', 'amount'],
  ])('answers 400 validation_error for %s', async (_label, body, path) => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'USD');
    api.counter.reset();
    const rejected = await api.deposit(alice, accountId, body);
    expect(rejected.status).toBe(400);
    expect(rejected.body.errors).toEqual([expect.objectContaining({ path })]);
    expect(api.counter.calls).toEqual([]);
  });

  it('accepts the largest amount', async () => {
    const api = suite().instance();
    const alice = callerArn('alice');
    const accountId = await api.openAccount(alice, 'JPY');
    const deposit = await api.deposit(alice, accountId, { amount: 1_000_000_000_000, currency: 'JPY' });
    expect(deposit.status).toBe(201);
    expect(deposit.body.balanceAfter).toBe(1_000_000_000_000);
  });
});
