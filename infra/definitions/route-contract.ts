import type * as v from 'valibot';
import { accountPath, orderPath } from '../../lambda/payments/domain/request-schemas.js';
import { deposit } from '../../lambda/payments/movements/deposit.js';
import { openAccount } from '../../lambda/payments/movements/open-account.js';
import { payment } from '../../lambda/payments/movements/payment.js';
import { refund } from '../../lambda/payments/movements/refund.js';
import type { ProblemCode } from '../openapi/problem-catalog.js';
import { accountCreated, accountView, depositCreated, ledgerPage, paymentCreated, paymentView, refundCreated } from './response-schemas.js';

/**
 * What the API contract says about each route of routes.ts beyond how it is deployed: the
 * OpenAPI document (`npm run openapi`) is generated from this and the valibot schemas, and
 * test/unit/infra/openapi/openapi-document.test.ts fails when a route has no entry here or a
 * problem code the code can produce is not listed for any route.
 */
export interface RouteContract {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tag: 'Accounts' | 'Payments';
  /** Path parameters, validated by the handler with this schema. */
  readonly path?: v.ObjectSchema<v.ObjectEntries, undefined>;
  readonly query?: readonly QueryParameter[];
  /** The JSON body and one example of it. */
  readonly body?: { readonly schema: v.GenericSchema; readonly example: Readonly<Record<string, unknown>>; readonly optional?: boolean };
  /** Whether the route needs `Idempotency-Key` (and may replay). */
  readonly idempotent: boolean;
  readonly success: {
    readonly status: 200 | 201;
    readonly description: string;
    readonly schema: v.GenericSchema;
    readonly example: Readonly<Record<string, unknown>>;
    /** Example of the `Location` header; absent when the route sends none. */
    readonly location?: string;
  };
  /** Every problem `code` the route can answer with; statuses come from the catalogue. */
  readonly problems: readonly ProblemCode[];
}

/** A query string parameter. */
export interface QueryParameter {
  readonly name: string;
  readonly description: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

const accountId = 'acct_3f2a9c1d8e7b4a6f9c0d1e2f3a4b5c6d';
const paymentId = 'pay_0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const createdAt = '2026-01-15T10:30:00.000Z';

/** Problems every route can answer, whatever it does. */
const everyRoute: readonly ProblemCode[] = ['unauthenticated', 'internal_error', 'service_unavailable'];
/** Problems of every POST: the body checks, then the idempotency middleware's. */
const everyPost: readonly ProblemCode[] = [
  ...everyRoute,
  'validation_error',
  'payload_too_large',
  'unsupported_media_type',
  'idempotency_key_missing',
  'idempotency_key_invalid',
  'idempotency_request_in_progress',
  'idempotency_key_reused',
];

/** The contract of each route, by `RouteDefinition.id`. */
export const routeContracts: Readonly<Record<string, RouteContract>> = {
  CreateAccount: {
    operationId: 'createAccount',
    summary: 'Open an account',
    description: 'Opens an account in the body\'s currency for the caller, with balance 0. An optional `reference` (the client\'s customer id) is unique per caller: a second opening with it is refused, at any time.',
    tag: 'Accounts',
    body: { schema: openAccount.body, example: { currency: 'USD' } },
    idempotent: true,
    success: {
      status: 201,
      description: 'The account was opened.',
      schema: accountCreated,
      example: { accountId, currency: 'USD', balance: 0, createdAt },
      location: `/accounts/${accountId}`,
    },
    problems: [...everyPost, 'account_already_exists', 'reference_reused'],
  },
  GetAccount: {
    operationId: 'getAccount',
    summary: 'Read an account',
    description: 'The caller\'s account, read strongly consistent. Another caller\'s account is 404, like a missing one.',
    tag: 'Accounts',
    path: accountPath,
    idempotent: false,
    success: {
      status: 200,
      description: 'The account.',
      schema: accountView,
      example: { accountId, currency: 'USD', balance: 7500, createdAt, updatedAt: '2026-01-15T10:31:00.000Z' },
    },
    problems: [...everyRoute, 'account_not_found'],
  },
  CreateDeposit: {
    operationId: 'createDeposit',
    summary: 'Deposit into an account',
    description: 'Credits the caller\'s account in its own currency. The `reference` (the external transfer\'s id) is unique per account: a second deposit with it is refused, at any time, whatever idempotency key it carries.',
    tag: 'Accounts',
    path: deposit.path,
    body: { schema: deposit.body, example: { amount: 10_000, currency: 'USD', reference: 'wire-20260115-0042' } },
    idempotent: true,
    success: {
      status: 201,
      description: 'The deposit was made.',
      schema: depositCreated,
      example: { depositId: 'dep_5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b', accountId, amount: 10_000, currency: 'USD', reference: 'wire-20260115-0042', balanceAfter: 10_000, createdAt },
    },
    problems: [...everyPost, 'account_not_found', 'currency_mismatch', 'balance_limit_exceeded', 'deposit_already_applied', 'reference_reused'],
  },
  CreatePayment: {
    operationId: 'createPayment',
    summary: 'Pay an order',
    description: 'Charges the caller\'s account for an order. An order is paid once, whatever idempotency key is sent.',
    tag: 'Payments',
    body: { schema: payment.body, example: { orderId: 'order-1001', accountId, amount: 2500, currency: 'USD' } },
    idempotent: true,
    success: {
      status: 201,
      description: 'The order was paid.',
      schema: paymentCreated,
      example: { paymentId, orderId: 'order-1001', accountId, amount: 2500, currency: 'USD', status: 'succeeded', balanceAfter: 7500, createdAt },
      location: '/payments/order-1001',
    },
    problems: [...everyPost, 'insufficient_funds', 'account_not_found', 'order_already_paid', 'currency_mismatch'],
  },
  GetPayment: {
    operationId: 'getPayment',
    summary: 'Read the payment of an order',
    description: 'The caller\'s payment of the order with its refunded total, read strongly consistent.',
    tag: 'Payments',
    path: orderPath,
    idempotent: false,
    success: {
      status: 200,
      description: 'The payment.',
      schema: paymentView,
      example: { paymentId, orderId: 'order-1001', accountId, amount: 2500, currency: 'USD', status: 'succeeded', refundedAmount: 0, createdAt },
    },
    problems: [...everyRoute, 'validation_error', 'payment_not_found'],
  },
  CreateRefund: {
    operationId: 'createRefund',
    summary: 'Refund a payment',
    description: 'Returns part of the payment, or without `amount` all that is left of it, to its account. The `reference` is unique per payment: a second refund with it is refused, at any time, whatever idempotency key it carries.',
    tag: 'Payments',
    path: refund.path,
    body: { schema: refund.body, example: { amount: 500, reference: 'rma-7781' } },
    idempotent: true,
    success: {
      status: 201,
      description: 'The refund was made.',
      schema: refundCreated,
      example: { refundId: 'ref_9a8b7c6d5e4f30211203f4e5d6c7b8a9', orderId: 'order-1001', amount: 500, currency: 'USD', reference: 'rma-7781', refundedAmount: 500, balanceAfter: 8000, createdAt },
    },
    problems: [...everyPost, 'payment_not_found', 'refund_exceeds_payment', 'balance_limit_exceeded', 'refund_already_made', 'reference_reused'],
  },
  ListLedger: {
    operationId: 'listLedger',
    summary: 'List an account\'s ledger',
    description: 'The account\'s entries, newest first, `limit` at a time, with `nextCursor` while older entries remain.',
    tag: 'Accounts',
    path: accountPath,
    query: [
      { name: 'limit', description: 'Entries per page, 1-100.', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
      { name: 'cursor', description: 'The `nextCursor` of the previous page (same caller and account).', schema: { type: 'string' } },
    ],
    idempotent: false,
    success: {
      status: 200,
      description: 'One page of entries, newest first.',
      schema: ledgerPage,
      example: {
        entries: [
          { entryId: 'led_1b2c3d4e5f60718293a4b5c6d7e8f901', type: 'payment', amount: -2500, balanceAfter: 7500, orderId: 'order-1001', createdAt },
          { entryId: 'led_0a1b2c3d4e5f60718293a4b5c6d7e8f9', type: 'deposit', amount: 10_000, balanceAfter: 10_000, createdAt: '2026-01-15T10:29:00.000Z' },
        ],
      },
    },
    problems: [...everyRoute, 'validation_error', 'account_not_found'],
  },
};

/**
 * Codes no route answers although the code names them, and why: the document leaves them out,
 * and the completeness test accepts them only from this list.
 */
export const codesNoRouteAnswers: Readonly<Partial<Record<ProblemCode, string>>> = {
  idempotency_response_unavailable:
    'answered only by handlers on the middleware\'s generic completion; every route here stores its response in its own transaction',
};

/** Codes the local runner answers before any route is chosen (API Gateway answers these itself, in its own shape). */
export const runnerCodes: readonly ProblemCode[] = ['host_not_allowed', 'route_not_found', 'method_not_allowed', 'payload_too_large'];
