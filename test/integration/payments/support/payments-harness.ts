import { randomUUID } from 'node:crypto';
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { expect } from 'vitest';
import { AccountSnapshotCache } from '../../../../lambda/payments/movements/instance-caches.js';
import { movementHandler } from '../../../../lambda/payments/handlers/movement-handler.js';
import { getAccountHandler, getPaymentHandler, listLedgerHandler } from '../../../../lambda/payments/handlers/read-handlers.js';
import { deposit } from '../../../../lambda/payments/movements/deposit.js';
import { openAccount } from '../../../../lambda/payments/movements/open-account.js';
import { payment } from '../../../../lambda/payments/movements/payment.js';
import { refund } from '../../../../lambda/payments/movements/refund.js';
import type { PaymentTables } from '../../../../lambda/payments/wiring/payments-dependencies.js';
import type { PaymentsDependencies } from '../../../../lambda/payments/wiring/payments-dependencies.js';
import { testDynamoDBClient } from '../../../support/dynamodb.js';
import { localIdentity } from '../../../support/iam-caller.js';
import { apiEvent, lambdaContext, type ApiRequest } from './api-event.js';
import { CallCounter } from './call-counter.js';

/** A response as the tests read it. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body, byte for byte. */
  readonly raw: string;
  /** The body parsed as JSON (undefined when empty). */
  readonly body: Record<string, unknown>;
}

type RouteName = 'createAccount' | 'getAccount' | 'deposit' | 'pay' | 'getPayment' | 'refund' | 'ledger';

type AnyHandler = (event: APIGatewayProxyEventV2WithIAMAuthorizer, context: Context) => Promise<APIGatewayProxyResultV2>;

/** A 32+ character HMAC key for the ledger cursors of the tests. */
export const testCursorKey = 'test-ledger-cursor-key-0123456789abcdef';

/**
 * One simulated Lambda instance of every payment route: its own SDK client (with a call
 * counter), its own snapshot cache, sharing only the tables — like a separate machine.
 */
export class PaymentsInstance {
  readonly client: DynamoDBClient;
  readonly counter: CallCounter;
  readonly snapshots = new AccountSnapshotCache();
  readonly #handlers: Record<RouteName, AnyHandler>;
  readonly #harness: PaymentsHarness;

  constructor(harness: PaymentsHarness, overrides: Partial<PaymentsDependencies> = {}, client?: DynamoDBClient) {
    this.#harness = harness;
    this.client = client ?? testDynamoDBClient();
    this.counter = new CallCounter(this.client);
    const deps: PaymentsDependencies = {
      client: this.client,
      tables: harness.tables,
      accountSnapshots: this.snapshots,
      idempotency: { logger: () => undefined },
      ...overrides,
    };
    this.#handlers = {
      createAccount: movementHandler(openAccount, deps),
      getAccount: getAccountHandler(deps),
      deposit: movementHandler(deposit, deps),
      pay: movementHandler(payment, deps),
      getPayment: getPaymentHandler(deps),
      refund: movementHandler(refund, deps),
      ledger: listLedgerHandler({ ...deps, ledgerCursorKey: testCursorKey }),
    };
  }

  /** Invokes a route's handler with an HTTP API v2 event, as Lambda would. */
  async invoke(name: RouteName, request: ApiRequest, timeoutMs?: number): Promise<TestResponse> {
    const result = await this.#handlers[name](apiEvent(request), lambdaContext(timeoutMs));
    if (typeof result === 'string') throw new Error('handlers must return structured results');
    const raw = result.body ?? '';
    const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return { status: result.statusCode ?? 200, headers, raw, body: raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>) };
  }

  /** `POST /accounts`. */
  createAccount(caller: string | null, body: unknown, key: string | null = randomUUID()): Promise<TestResponse> {
    return this.invoke('createAccount', { method: 'POST', route: '/accounts', body, caller, ...keyOf(key) });
  }

  /** `GET /accounts/{accountId}`. */
  getAccount(caller: string, accountId: string): Promise<TestResponse> {
    return this.invoke('getAccount', { method: 'GET', route: '/accounts/{accountId}', pathParameters: { accountId }, caller });
  }

  /**
   * `POST /accounts/{accountId}/deposits`. An object body without a `reference` gets one derived
   * from the key, as a client names the transfer it retries: same key, same reference.
   */
  async deposit(caller: string, accountId: string, body: unknown, key: string | null = randomUUID()): Promise<TestResponse> {
    this.#harness.touch(accountId);
    return this.invoke('deposit', {
      method: 'POST',
      route: '/accounts/{accountId}/deposits',
      pathParameters: { accountId },
      body: withReference(body, key),
      caller,
      ...keyOf(key),
    });
  }

  /** `POST /payments`. */
  async pay(caller: string, body: Record<string, unknown> | string, key: string | null = randomUUID(), timeoutMs?: number): Promise<TestResponse> {
    if (typeof body === 'object' && typeof body.accountId === 'string') this.#harness.touch(body.accountId);
    return this.invoke('pay', { method: 'POST', route: '/payments', body, caller, ...keyOf(key) }, timeoutMs);
  }

  /** `GET /payments/{orderId}`. */
  getPayment(caller: string, orderId: string): Promise<TestResponse> {
    return this.invoke('getPayment', { method: 'GET', route: '/payments/{orderId}', pathParameters: { orderId }, caller });
  }

  /** `POST /payments/{orderId}/refunds`; an object body without a `reference` gets one derived from the key, like deposits. */
  refund(caller: string, orderId: string, body: unknown, key: string | null = randomUUID()): Promise<TestResponse> {
    return this.invoke('refund', {
      method: 'POST',
      route: '/payments/{orderId}/refunds',
      pathParameters: { orderId },
      body: withReference(body, key),
      caller,
      ...keyOf(key),
    });
  }

  /** `GET /accounts/{accountId}/ledger`. */
  ledger(caller: string, accountId: string, query?: Record<string, string>): Promise<TestResponse> {
    return this.invoke('ledger', {
      method: 'GET',
      route: '/accounts/{accountId}/ledger',
      pathParameters: { accountId },
      caller,
      ...(query === undefined ? {} : { query }),
    });
  }

  /** Opens an account for `caller` and returns its id. */
  async openAccount(caller: string, currency = 'USD', deposit = 0): Promise<string> {
    const created = await this.createAccount(caller, { currency });
    expect(created.status).toBe(201);
    const accountId = created.body.accountId as string;
    this.#harness.touch(accountId);
    if (deposit > 0) expect((await this.deposit(caller, accountId, { amount: deposit, currency })).status).toBe(201);
    return accountId;
  }
}

/** `null` sends no Idempotency-Key header. */
function keyOf(key: string | null): { idempotencyKey?: string } {
  return key === null ? {} : { idempotencyKey: key };
}

/** A stored ledger entry as the invariant check reads it. */
interface RawEntry {
  readonly seq: number;
  readonly type: string;
  readonly amount: number;
  readonly balanceAfter: number;
  readonly orderId: string | undefined;
  readonly referenceId: string;
}

/**
 * The tables of one test file and the accounts its tests touched; `checkInvariants` reads the
 * tables directly after every test.
 */
export class PaymentsHarness {
  readonly touched = new Set<string>();
  readonly reader: DynamoDBClient = testDynamoDBClient();

  constructor(readonly tables: PaymentTables) {}

  /** A new simulated Lambda instance. */
  instance(overrides: Partial<PaymentsDependencies> = {}, client?: DynamoDBClient): PaymentsInstance {
    return new PaymentsInstance(this, overrides, client);
  }

  /** Remembers an account for the invariant check. */
  touch(accountId: string): void {
    if (/^acct_[0-9a-f]{32}$/.test(accountId)) this.touched.add(accountId);
  }

  /** The ledger entries of an account, read item by item (seq 1..version: they must be dense). */
  async ledgerOf(accountId: string, version: number): Promise<RawEntry[]> {
    const entries: RawEntry[] = [];
    for (let seq = 1; seq <= version; seq += 1) {
      const { Item } = await this.reader.send(
        new GetItemCommand({ TableName: this.tables.ledger, Key: { accountId: { S: accountId }, seq: { N: String(seq) } }, ConsistentRead: true }),
      );
      expect(Item, `ledger entry ${seq} of ${accountId}`).toBeDefined();
      if (Item === undefined) continue;
      entries.push({
        seq,
        type: Item.type?.S ?? '',
        amount: Number(Item.amount?.N),
        balanceAfter: Number(Item.balanceAfter?.N),
        orderId: Item.orderId?.S,
        referenceId: Item.referenceId?.S ?? '',
      });
    }
    const { Item: beyond } = await this.reader.send(
      new GetItemCommand({ TableName: this.tables.ledger, Key: { accountId: { S: accountId }, seq: { N: String(version + 1) } }, ConsistentRead: true }),
    );
    expect(beyond, `no ledger entry beyond version ${version} of ${accountId}`).toBeUndefined();
    return entries;
  }

  /** The stored account item's balance, version and owner. @throws when there is no such account. */
  async accountRow(accountId: string): Promise<{ balance: number; version: number; ownerId: string }> {
    const row = await this.findAccountRow(accountId);
    if (row === undefined) throw new Error(`account ${accountId} missing`);
    return row;
  }

  /** The stored account item's balance, version and owner, or undefined. */
  async findAccountRow(accountId: string): Promise<{ balance: number; version: number; ownerId: string } | undefined> {
    const { Item } = await this.reader.send(
      new GetItemCommand({ TableName: this.tables.accounts, Key: { accountId: { S: accountId } }, ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    return { balance: Number(Item.balance?.N), version: Number(Item.version?.N), ownerId: Item.ownerId?.S ?? '' };
  }

  /**
   * For every touched account: balance == sum of the ledger's signed amounts, never negative,
   * each entry's balanceAfter the running sum; each paid order has exactly one payment entry,
   * matching the one payment record of (owner, order).
   */
  async checkInvariants(): Promise<void> {
    const paymentEntries = new Map<string, string[]>();
    for (const accountId of this.touched) {
      const account = await this.findAccountRow(accountId);
      if (account === undefined) {
        // A request named an account that does not exist: it must not have grown a ledger.
        await this.ledgerOf(accountId, 0);
        continue;
      }
      const entries = await this.ledgerOf(accountId, account.version);
      let running = 0;
      for (const entry of entries) {
        running += entry.amount;
        expect(entry.balanceAfter, `balanceAfter of entry ${entry.seq} of ${accountId}`).toBe(running);
        expect(running).toBeGreaterThanOrEqual(0);
        if (entry.type === 'payment' && entry.orderId !== undefined) {
          const key = `${account.ownerId}\n${entry.orderId}`;
          paymentEntries.set(key, [...(paymentEntries.get(key) ?? []), entry.referenceId]);
        }
      }
      expect(account.balance, `balance of ${accountId} equals the sum of its ledger`).toBe(running);
      expect(account.balance).toBeGreaterThanOrEqual(0);
    }
    for (const [key, paymentIds] of paymentEntries) {
      const [ownerId = '', orderId = ''] = key.split('\n');
      expect(paymentIds, `payments of order ${orderId}`).toHaveLength(1);
      const { Item } = await this.reader.send(
        new GetItemCommand({ TableName: this.tables.payments, Key: { ownerId: { S: ownerId }, orderId: { S: orderId } }, ConsistentRead: true }),
      );
      expect(Item?.paymentId?.S).toBe(paymentIds[0]);
    }
    this.touched.clear();
  }
}

/** The identity of a fresh test caller: an IAM user of the local account. */
export function callerArn(name: string): string {
  return localIdentity(`${name}-${randomUUID().slice(0, 8)}`);
}

/** `body` with a `reference` derived from `key` when it is an object without one; anything else as it is. */
export function withReference(body: unknown, key: string | null): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || 'reference' in body) return body;
  return { ...body, reference: `ref-${key ?? randomUUID()}` };
}
