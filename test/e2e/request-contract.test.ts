import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { useLocalApi } from '../support/local-api.js';
import { testDynamoDBClient } from '../support/dynamodb.js';

// What the API accepts as one request, through the local runner: the idempotency key's grammar,
// the request equivalence rule and the media type. Every refusal is checked to change nothing.
const api = useLocalApi('e2e-contract', { instances: 2 });
const dynamodb = testDynamoDBClient();

afterAll(() => {
  dynamodb.destroy();
});

interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly json: Record<string, unknown>;
}

interface Sent {
  readonly caller: string;
  /** Header lines, sent as given: an array value becomes repeated lines. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string;
}

/** One request with node:http, so repeated header lines go out as separate lines. */
function send(method: string, path: string, sent: Sent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${api().url}${path}`, { method, headers: { 'x-caller-id': sent.caller, ...sent.headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // not JSON: the tests that care look at the status
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, json });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(sent.body);
  });
}

const json = { 'content-type': 'application/json' };

/** Every item of every table, so a refusal can be shown to have written nothing. */
async function allItems(): Promise<string> {
  const tables = await Promise.all(
    Object.values(api().tableNames).map(async (TableName) => {
      const scanned = await dynamodb.send(new ScanCommand({ TableName, ConsistentRead: true }));
      return JSON.stringify(scanned.Items ?? []);
    }),
  );
  return tables.join('\n');
}

describe('the Idempotency-Key header carries exactly one key', () => {
  it.each([
    ['two header lines with the same key', ['K1', 'K1'], 'more than one value'],
    ['a comma-joined repeat in one line', 'K1, K1', 'more than one value'],
    ['a structured-field string with parameters', '"K1";a=1', 'parameters are not accepted'],
    ['a key of 256 characters', 'k'.repeat(256), 'longer than 255 characters'],
    ['a header value past the read limit', 'k'.repeat(4_000), 'header value is longer than'],
  ])('refuses %s with 400 idempotency_key_invalid and writes nothing', async (_label, key, detail) => {
    const caller = `contract-${randomUUID()}`;
    const before = await allItems();
    const reply = await send('POST', '/accounts', { caller, headers: { ...json, 'idempotency-key': key }, body: '{"currency":"USD"}' });
    expect(reply.status).toBe(400);
    expect(reply.json.code).toBe('idempotency_key_invalid');
    expect(String(reply.json.detail)).toContain(detail);
    expect(await allItems()).toBe(before);
  });

  it('accepts a key of exactly 255 characters, bare or quoted, as the same key', async () => {
    const caller = `contract-${randomUUID()}`;
    const key = `${randomUUID()}${'k'.repeat(255 - 36)}`;
    const first = await send('POST', '/accounts', { caller, headers: { ...json, 'idempotency-key': key }, body: '{"currency":"USD"}' });
    const again = await send('POST', '/accounts', { caller, headers: { ...json, 'idempotency-key': `"${key}"` }, body: '{"currency":"USD"}' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json.accountId).toBe(first.json.accountId);
  });
});

/** A fresh caller with a USD account holding `balance`. */
async function fundedAccount(balance: number): Promise<{ caller: string; accountId: string }> {
  const caller = `contract-${randomUUID()}`;
  const created = await send('POST', '/accounts', { caller, headers: { ...json, 'idempotency-key': randomUUID() }, body: '{"currency":"USD"}' });
  expect(created.status).toBe(201);
  const accountId = String(created.json.accountId);
  if (balance > 0) {
    const deposit = await send('POST', `/accounts/${accountId}/deposits`, {
      caller,
      headers: { ...json, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ amount: balance, currency: 'USD', reference: `funding-${accountId}` }),
    });
    expect(deposit.status).toBe(201);
  }
  return { caller, accountId };
}

describe('one meaning of "the same request"', () => {
  it.each([
    ['other whitespace', '{ "currency" : "USD" }\n'],
    ['an escaped character', '{"currency":"\\u0055SD"}'],
  ])('replays a retry written with %s as the same request', async (_label, retryBody) => {
    const caller = `contract-${randomUUID()}`;
    const key = randomUUID();
    const first = await send('POST', '/accounts', { caller, headers: { ...json, 'idempotency-key': key }, body: '{"currency":"USD"}' });
    const retry = await send('POST', '/accounts', { caller, headers: { ...json, 'idempotency-key': key }, body: retryBody });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json).toEqual(first.json);
  });

  it('replays a payment retried with its members in another order, and charges once', async () => {
    const { caller, accountId } = await fundedAccount(1_000);
    const key = randomUUID();
    const orderId = `order-${randomUUID()}`;
    const first = await send('POST', '/payments', {
      caller,
      headers: { ...json, 'idempotency-key': key },
      body: JSON.stringify({ orderId, accountId, amount: 300, currency: 'USD' }),
    });
    const retry = await send('POST', '/payments', {
      caller,
      headers: { ...json, 'idempotency-key': key },
      body: `{"currency": "USD", "amount": 300, "accountId": "${accountId}", "orderId": "${orderId}"}`,
    });
    expect(first.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const account = await send('GET', `/accounts/${accountId}`, { caller });
    expect(account.json.balance).toBe(700);
  });

  it.each([
    ['a fraction of zero', '1.0'],
    ['an exponent', '1e2'],
    ['a fraction that a double rounds to an integer', '99.999999999999999999'],
  ])('refuses an amount written with %s with 400, and charges nothing', async (_label, amount) => {
    const { caller, accountId } = await fundedAccount(1_000);
    const before = await allItems();
    const reply = await send('POST', '/payments', {
      caller,
      headers: { ...json, 'idempotency-key': randomUUID() },
      body: `{"orderId":"order-${randomUUID()}","accountId":"${accountId}","amount":${amount},"currency":"USD"}`,
    });
    expect(reply.status).toBe(400);
    expect(reply.json.code).toBe('validation_error');
    expect(reply.json.errors).toEqual([{ path: 'amount', message: 'numbers must be written as plain integers, without a fraction or an exponent' }]);
    expect(await allItems()).toBe(before);
  });

  it('refuses a body that names a member twice with 400, and creates nothing', async () => {
    const caller = `contract-${randomUUID()}`;
    const before = await allItems();
    const reply = await send('POST', '/accounts', { caller, headers: { ...json, 'idempotency-key': randomUUID() }, body: '{"currency":"USD","currency":"EUR"}' });
    expect(reply.status).toBe(400);
    expect(reply.json.errors).toEqual([{ path: 'currency', message: 'member name appears more than once in its object' }]);
    expect(await allItems()).toBe(before);
  });

  it.each([
    ['.'],
    ['..'],
    ['...'],
  ])('refuses the order id %j with 400, in a body and in a path, and charges nothing', async (orderId) => {
    const { caller, accountId } = await fundedAccount(1_000);
    const before = await allItems();
    const paid = await send('POST', '/payments', {
      caller,
      headers: { ...json, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ orderId, accountId, amount: 1, currency: 'USD' }),
    });
    expect(paid.status).toBe(400);
    expect((paid.json.errors as { path: string }[]).map((error) => error.path)).toEqual(['orderId']);
    // Percent-encoded, the dots still reach no payment: refused by the id's rule, or resolved
    // away as a dot segment before routing, as clients and the runner do.
    const read = await send('GET', `/payments/${orderId.replaceAll('.', '%2E')}`, { caller });
    expect([400, 404]).toContain(read.status);
    expect(['validation_error', 'route_not_found']).toContain(read.json.code);
    expect(await allItems()).toBe(before);
  });
});

describe('JSON routes read JSON only', () => {
  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['JSON in another charset', { 'content-type': 'application/json; charset=utf-16' }],
    ['no Content-Type at all', {}],
  ])('answers a body sent as %s with 415 unsupported_media_type, and creates nothing', async (_label, headers) => {
    const caller = `contract-${randomUUID()}`;
    const before = await allItems();
    const reply = await send('POST', '/accounts', { caller, headers: { ...headers, 'idempotency-key': randomUUID() }, body: '{"currency":"USD"}' });
    expect(reply.status).toBe(415);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.json.code).toBe('unsupported_media_type');
    expect(await allItems()).toBe(before);
  });

  it.each([
    ['application/json; charset=utf-8'],
    ['Application/JSON'],
    ['application/vnd.example+json'],
  ])('accepts a body sent as %s', async (contentType) => {
    const caller = `contract-${randomUUID()}`;
    const reply = await send('POST', '/accounts', { caller, headers: { 'content-type': contentType, 'idempotency-key': randomUUID() }, body: '{"currency":"USD"}' });
    expect(reply.status).toBe(201);
  });
});
