import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalApi, type LocalApi } from '../../local/http/start-local-api.js';
import { testDynamoDBClient } from '../support/dynamodb.js';
import { callApi, jsonOf, type ApiRequest, type ApiResponse } from '../support/local-api-client.js';
import { expectFundedAccountOverHttp } from '../support/funded-account.js';
import { scanTable, type TableItem } from './support/scan-table.js';

// Malformed JSON, wrong types, huge or fractional amounts, unicode, control
// characters, 256+ character keys, bodies past the cap, forged cursors, odd paths and methods.
// Every answer must be a 4xx problem+json, never a 5xx, and the money tables must not change.
// Failures print fast-check's seed and path; FC_SEED/FC_PATH replay one.
const numRuns = Number(process.env.FC_NUM_RUNS ?? 150);
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const path = process.env.FC_PATH;
const runOptions = { numRuns, ...(seed === undefined ? {} : { seed }), ...(path === undefined ? {} : { path }) };

const orderIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;
const visibleAscii = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code));
const anyText = fc.string({ unit: 'binary', maxLength: 40 });

/** Values of every JSON type but the one a field wants. */
const wrongScalar = fc.oneof(fc.constant(null), fc.boolean(), anyText, fc.double(), fc.array(fc.nat(), { maxLength: 2 }), fc.constant({}));
const badAmount = fc.oneof(
  fc.constantFrom(0, -1, 1.5, 0.01, 1_000_000_000_001, 1e20, Number.MAX_SAFE_INTEGER + 2, -0.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Number.isInteger(value)),
  fc.integer({ min: 1, max: 1_000_000 }).map(String),
  wrongScalar.filter((value) => typeof value !== 'number'),
);
const badOrderId = fc.oneof(
  anyText.filter((value) => !orderIdPattern.test(value)),
  fc.constantFrom('', 'a'.repeat(129), 'order id', 'ordre-é', 'order\u0000', 'order\n1', '../../etc', '💳-1'),
  wrongScalar.filter((value) => typeof value !== 'string'),
);
const badCurrency = fc.oneof(fc.constantFrom('usd', 'XXX', 'EURO', 'US', '', 'XAU'), wrongScalar.filter((value) => typeof value !== 'string'));

/** A state snapshot of the tables a bad request must never touch. */
async function snapshot(api: LocalApi, client: ReturnType<typeof testDynamoDBClient>): Promise<Record<string, TableItem[]>> {
  const order = (items: TableItem[]): TableItem[] => items.map((item) => JSON.stringify(item)).sort().map((text) => JSON.parse(text) as TableItem);
  return {
    accounts: order(await scanTable(client, api.tableNames.accounts)),
    payments: order(await scanTable(client, api.tableNames.payments)),
    ledger: order(await scanTable(client, api.tableNames.ledger)),
    idempotency: order(await scanTable(client, api.tableNames.idempotency)),
  };
}

function expectProblem(response: ApiResponse, context: string): void {
  expect(response.status, `${context}: ${response.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${context}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
  expect(response.headers.get('content-type'), context).toMatch(/^application\/problem\+json/);
  const problem = jsonOf(response);
  expect(typeof problem.code, context).toBe('string');
  expect(problem.status, context).toBe(response.status);
}

describe('bad input is always a 4xx problem, never a 5xx, never a state change', () => {
  let api: LocalApi;
  const client = testDynamoDBClient();
  const caller = `fuzz-${randomUUID().slice(0, 8)}`;
  let accountId = '';
  const paidOrder = `paid-${randomUUID().slice(0, 8)}`;
  let before: Record<string, TableItem[]> = {};

  beforeAll(async () => {
    api = await startLocalApi({
      port: 0,
      instances: 3,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tableNamePrefix: `fuzz-${randomUUID().slice(0, 8)}-`,
      onLog: () => undefined,
      deleteTablesOnStop: true,
    });
    accountId = await expectFundedAccountOverHttp(api.url, caller, 'EUR', 50_000);
    const paid = await callApi(api.url, {
      method: 'POST',
      path: '/payments',
      caller,
      key: randomUUID(),
      body: { orderId: paidOrder, accountId, amount: 1_000, currency: 'EUR' },
    });
    expect(paid.status).toBe(201);
    before = await snapshot(api, client);
  }, 60_000);

  afterAll(async () => {
    await api.stop();
    client.destroy();
  });

  const send = async (request: ApiRequest): Promise<void> => {
    const response = await callApi(api.url, request);
    expectProblem(response, `${request.method} ${request.path} ${JSON.stringify(request.body ?? null).slice(0, 200)}`);
  };

  it('refuses malformed, mistyped, out-of-range and oversized bodies on every POST route', async () => {
    const validPayment = (): Record<string, unknown> => ({ orderId: `o-${randomUUID()}`, accountId, amount: 10, currency: 'EUR' });
    const field = fc.constantFrom('orderId', 'accountId', 'amount', 'currency');
    const paymentBody = fc.oneof(
      // Not JSON at all, or JSON that is not an object.
      anyText.filter((text) => !text.trim().startsWith('{')),
      fc.constantFrom('{', '{"orderId":', '{"amount": 1,}', "{'a':1}", '{"a":1}{"b":2}', 'null', '[]', '""', '\u0000'),
      fc.jsonValue().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)).map((value) => JSON.stringify(value)),
      // One field wrong, missing, or one unknown field more.
      badAmount.map((amount) => ({ ...validPayment(), amount })),
      badOrderId.map((orderId) => ({ ...validPayment(), orderId })),
      badCurrency.map((currency) => ({ ...validPayment(), currency })),
      wrongScalar.filter((value) => typeof value !== 'string').map((value) => ({ ...validPayment(), accountId: value })),
      field.map((name) => Object.fromEntries(Object.entries(validPayment()).filter(([key]) => key !== name))),
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue()).filter(([name]) => !['orderId', 'accountId', 'amount', 'currency', '__proto__'].includes(name)).map(([name, value]) => ({ ...validPayment(), [name]: value })),
      // Past the 8 KiB body cap.
      fc.integer({ min: 8_200, max: 20_000 }).map((size) => ({ ...validPayment(), orderId: 'x'.repeat(size) })),
    );
    const route = fc.constantFrom('/payments', 'deposits', 'refunds', '/accounts');
    await fc.assert(
      fc.asyncProperty(route, paymentBody, async (where, body) => {
        const target =
          where === 'deposits' ? `/accounts/${accountId}/deposits` : where === 'refunds' ? `/payments/${paidOrder}/refunds` : where;
        // An empty body is a valid refund (everything left), so it is not bad input there.
        if (where === 'refunds' && typeof body === 'string' && body.trim() === '') return;
        // Deposits, refunds and accounts take other fields, so a payment body is wrong there too
        // (unknown fields), except where its shape happens to fit: then wrong types apply.
        await send({ method: 'POST', path: target, caller, key: randomUUID(), body });
      }),
      runOptions,
    );
    expect(await snapshot(api, client)).toEqual(before);
  }, 120_000);

  it('refuses missing, malformed, oversized and control-character idempotency keys', async () => {
    // Other control characters (NUL, CR, LF, DEL...) cannot be put in a header value by any
    // conforming HTTP client (fetch and node:http refuse them), so tab is the one that travels.
    const badKey = fc.oneof(
      fc.string({ unit: visibleAscii, minLength: 256, maxLength: 600 }),
      fc
        .tuple(fc.string({ unit: visibleAscii, minLength: 1, maxLength: 20 }), fc.constantFrom(' ', '\t', '\u0080', 'é', '\u00ff'), fc.string({ unit: visibleAscii, minLength: 1, maxLength: 20 }))
        .map(([head, bad, tail]) => `${head}${bad}${tail}`),
      fc.constantFrom('"unterminated', '"a"b"', '""', '"\\x"', '"tab\tin"'),
    );
    await fc.assert(
      fc.asyncProperty(badKey, async (key) => {
        await send({ method: 'POST', path: '/payments', caller, key, body: { orderId: `o-${randomUUID()}`, accountId, amount: 10, currency: 'EUR' } });
      }),
      runOptions,
    );
    await send({ method: 'POST', path: '/payments', caller, body: { orderId: `o-${randomUUID()}`, accountId, amount: 10, currency: 'EUR' } });
    expect(await snapshot(api, client)).toEqual(before);
  }, 120_000);

  it('refuses forged, malformed and foreign ledger cursors and bad limits', async () => {
    const first = await callApi(api.url, { method: 'GET', path: `/accounts/${accountId}/ledger?limit=1`, caller });
    expect(first.status).toBe(200);
    const cursor = jsonOf(first).nextCursor;
    expect(typeof cursor).toBe('string');
    const real = String(cursor);
    const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const tampered = fc
      .tuple(fc.nat({ max: real.length - 1 }), fc.nat({ max: base64url.length - 1 }).map((index) => base64url.charAt(index)))
      .map(([at, replacement]) => `${real.slice(0, at)}${replacement}${real.slice(at + 1)}`)
      .filter((forged) => forged !== real);
    const query = fc.oneof(
      tampered.map((forged) => `cursor=${encodeURIComponent(forged)}`),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).map((text) => `cursor=${encodeURIComponent(text)}`),
      fc.base64String({ minLength: 4, maxLength: 200 }).map((text) => `cursor=${encodeURIComponent(text)}`),
      fc.constantFrom('limit=0', 'limit=-1', 'limit=1.5', 'limit=abc', 'limit=101', 'limit=1e3', 'limit=', 'cursor='),
    );
    await fc.assert(
      fc.asyncProperty(query, async (search) => {
        await send({ method: 'GET', path: `/accounts/${accountId}/ledger?${search}`, caller });
      }),
      runOptions,
    );
    // A genuine cursor of this account is no key to another caller's view of it.
    await send({ method: 'GET', path: `/accounts/${accountId}/ledger?cursor=${encodeURIComponent(real)}`, caller: `${caller}-other` });
    expect(await snapshot(api, client)).toEqual(before);
  }, 120_000);

  it('answers odd paths and methods with 404 or 405, and moves no money', async () => {
    const segment = fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map(encodeURIComponent);
    const request = fc.oneof(
      fc.tuple(fc.constantFrom<ApiRequest['method']>('PUT', 'DELETE', 'PATCH'), fc.constantFrom('/payments', '/accounts', `/accounts/${accountId}`, `/payments/${paidOrder}`)).map(
        ([method, target]) => ({ method, path: target }),
      ),
      segment.map((name) => ({ method: 'GET' as const, path: `/${name}` })),
      segment.map((name) => ({ method: 'GET' as const, path: `/payments/${name}` })),
      segment.map((name) => ({ method: 'GET' as const, path: `/accounts/${name}` })),
      segment.map((name) => ({ method: 'GET' as const, path: `/accounts/${name}/ledger` })),
      segment.map((name) => ({ method: 'POST' as const, path: `/payments/${name}/refunds`, key: randomUUID(), body: { reference: 'rma' } })),
      segment.map((name) => ({ method: 'POST' as const, path: `/accounts/${name}/deposits`, key: randomUUID(), body: { amount: 5, currency: 'EUR', reference: 'wire' } })),
      fc.constantFrom('/payments/', '//payments', '/payments/%ZZ', '/accounts/%00', '/PAYMENTS').map((target) => ({ method: 'GET' as const, path: target })),
    );
    await fc.assert(
      fc.asyncProperty(request, async (item) => {
        await send({ ...item, caller });
      }),
      runOptions,
    );
    const after = await snapshot(api, client);
    expect({ ...after, idempotency: [] }).toEqual({ ...before, idempotency: [] });
    // A POST naming a missing account or payment is an operation that ran and answered 404:
    // its answer is stored for replay, as the contract says. Nothing else may appear.
    const fresh = after.idempotency?.filter((item) => !(before.idempotency ?? []).some((old) => JSON.stringify(old) === JSON.stringify(item))) ?? [];
    for (const record of fresh) {
      expect(record.status).toBe('COMPLETED');
      const stored = JSON.parse(String(record.response)) as { statusCode?: unknown };
      expect(stored.statusCode).toBe(404);
    }
  }, 120_000);
});
