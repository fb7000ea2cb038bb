import type { TableId } from './tables.js';

/**
 * The one source of truth for the HTTP routes. The CDK stack creates one function and one
 * HTTP API route per entry; the local runner serves the same routes with the same handlers
 * and timeouts.
 */

/** DynamoDB actions a function may be granted; each route lists only what it calls. */
export type DynamoDBAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:Query';

/** Table access a route's function needs. */
export interface TableGrant {
  readonly table: TableId;
  readonly actions: readonly DynamoDBAction[];
}

/**
 * API Gateway throttling: a token bucket that refills at `rateLimit` requests per second and
 * holds at most `burstLimit`; requests beyond it get 429 before any function runs.
 */
export interface ThrottleLimits {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * Every route not listed with limits of its own gets these (the stage's default route
 * throttling). Far below the account's regional API Gateway quota, so one runaway client of
 * this API cannot starve other APIs of the account, and below what the tables absorb on demand
 * without throttling.
 */
export const stageThrottle: ThrottleLimits = { rateLimit: 200, burstLimit: 400 };

/** One route of the HTTP API and the Lambda function behind it. */
export interface RouteDefinition {
  /** Stable logical id (PascalCase), used for construct ids and function names. */
  readonly id: string;
  readonly method: 'GET' | 'POST';
  /** API Gateway path template, e.g. `/accounts/{accountId}`. */
  readonly path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** Function timeout; the local runner counts `getRemainingTimeInMillis()` down from it. */
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly grants: readonly TableGrant[];
  /**
   * This route's own API Gateway limits (a route setting of the stage). Money-moving writes
   * get less than reads: a client retrying in a tight loop hits 429 before it hits the
   * accounts' hot items.
   * @default stageThrottle
   */
  readonly throttle?: ThrottleLimits;
  /**
   * The function signs ledger cursors: in AWS it alone gets the name of the cursor key's
   * secret and the permission to read it.
   * @default false
   */
  readonly signsLedgerCursors?: boolean;
}

const idempotencyGrant: TableGrant = {
  table: 'idempotency',
  actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
};

/** Movements with a natural key write it in their transaction and read it before refusing. */
const referencesGrant: TableGrant = { table: 'references', actions: ['dynamodb:PutItem', 'dynamodb:GetItem'] };

/** Every route of the contract in docs/http-api.md. */
export const routes: readonly RouteDefinition[] = [
  {
    id: 'CreateAccount',
    method: 'POST',
    path: '/accounts',
    entry: 'lambda/handlers/create-account.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    throttle: { rateLimit: 10, burstLimit: 20 },
    grants: [referencesGrant, idempotencyGrant, { table: 'accounts', actions: ['dynamodb:PutItem'] }],
  },
  {
    id: 'GetAccount',
    method: 'GET',
    path: '/accounts/{accountId}',
    entry: 'lambda/handlers/get-account.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    throttle: { rateLimit: 100, burstLimit: 200 },
    grants: [{ table: 'accounts', actions: ['dynamodb:GetItem'] }],
  },
  {
    id: 'CreateDeposit',
    method: 'POST',
    path: '/accounts/{accountId}/deposits',
    entry: 'lambda/handlers/create-deposit.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    throttle: { rateLimit: 50, burstLimit: 100 },
    grants: [
      referencesGrant,
      idempotencyGrant,
      { table: 'accounts', actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
      { table: 'ledger', actions: ['dynamodb:PutItem'] },
    ],
  },
  {
    id: 'CreatePayment',
    method: 'POST',
    path: '/payments',
    entry: 'lambda/handlers/create-payment.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    throttle: { rateLimit: 100, burstLimit: 200 },
    grants: [
      idempotencyGrant,
      { table: 'accounts', actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
      { table: 'payments', actions: ['dynamodb:PutItem'] },
      { table: 'ledger', actions: ['dynamodb:PutItem'] },
    ],
  },
  {
    id: 'GetPayment',
    method: 'GET',
    path: '/payments/{orderId}',
    entry: 'lambda/handlers/get-payment.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    throttle: { rateLimit: 100, burstLimit: 200 },
    grants: [{ table: 'payments', actions: ['dynamodb:GetItem'] }],
  },
  {
    id: 'CreateRefund',
    method: 'POST',
    path: '/payments/{orderId}/refunds',
    entry: 'lambda/handlers/create-refund.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    throttle: { rateLimit: 20, burstLimit: 40 },
    grants: [
      referencesGrant,
      idempotencyGrant,
      { table: 'accounts', actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
      { table: 'payments', actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
      { table: 'ledger', actions: ['dynamodb:PutItem'] },
    ],
  },
  {
    id: 'ListLedger',
    method: 'GET',
    path: '/accounts/{accountId}/ledger',
    entry: 'lambda/handlers/list-ledger.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    signsLedgerCursors: true,
    throttle: { rateLimit: 50, burstLimit: 100 },
    grants: [
      { table: 'accounts', actions: ['dynamodb:GetItem'] },
      { table: 'ledger', actions: ['dynamodb:Query'] },
    ],
  },
];
