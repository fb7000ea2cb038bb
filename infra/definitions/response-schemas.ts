import * as v from 'valibot';

/**
 * The bodies the routes answer with on success, as valibot schemas so the OpenAPI document is
 * generated from them like the request bodies are. The handlers build these bodies themselves;
 * the contract tests (test/support/openapi-contract.ts) hold every real response to them.
 */

const timestamp = v.pipe(v.string(), v.isoTimestamp(), v.description('ISO 8601 UTC timestamp'));
const minorUnits = v.pipe(v.number(), v.integer(), v.description('Minor units (cents)'));
const currency = v.pipe(v.string(), v.regex(/^[A-Z]{3}$/), v.description('ISO 4217 code'));
const id = (prefix: string) => v.pipe(v.string(), v.minLength(1), v.description(`Opaque id made by the server (\`${prefix}_...\`)`));

/** `201` of `POST /accounts`. */
export const accountCreated = v.strictObject({
  accountId: id('acct'),
  currency,
  balance: minorUnits,
  reference: v.optional(v.string()),
  createdAt: timestamp,
});

/** `200` of `GET /accounts/{accountId}`. */
export const accountView = v.strictObject({
  accountId: id('acct'),
  currency,
  balance: minorUnits,
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** `201` of `POST /accounts/{accountId}/deposits`. */
export const depositCreated = v.strictObject({
  depositId: id('dep'),
  accountId: id('acct'),
  amount: minorUnits,
  currency,
  reference: v.string(),
  balanceAfter: minorUnits,
  createdAt: timestamp,
});

/** `201` of `POST /payments`. */
export const paymentCreated = v.strictObject({
  paymentId: id('pay'),
  orderId: v.string(),
  accountId: id('acct'),
  amount: minorUnits,
  currency,
  status: v.literal('succeeded'),
  balanceAfter: minorUnits,
  createdAt: timestamp,
});

/** `200` of `GET /payments/{orderId}`. */
export const paymentView = v.strictObject({
  paymentId: id('pay'),
  orderId: v.string(),
  accountId: id('acct'),
  amount: minorUnits,
  currency,
  status: v.literal('succeeded'),
  refundedAmount: minorUnits,
  createdAt: timestamp,
});

/** `201` of `POST /payments/{orderId}/refunds`. */
export const refundCreated = v.strictObject({
  refundId: id('ref'),
  orderId: v.string(),
  amount: minorUnits,
  currency,
  reference: v.string(),
  refundedAmount: minorUnits,
  balanceAfter: minorUnits,
  createdAt: timestamp,
});

/** One entry of `GET /accounts/{accountId}/ledger`. */
export const ledgerEntry = v.strictObject({
  entryId: id('led'),
  type: v.picklist(['deposit', 'payment', 'refund']),
  amount: v.pipe(minorUnits, v.description('Signed minor units: payments negative, deposits and refunds positive')),
  balanceAfter: minorUnits,
  orderId: v.optional(v.string()),
  createdAt: timestamp,
});

/** `200` of `GET /accounts/{accountId}/ledger`. */
export const ledgerPage = v.strictObject({
  entries: v.array(ledgerEntry),
  nextCursor: v.optional(v.pipe(v.string(), v.description('Pass as `cursor` to read the next (older) page; absent on the last page'))),
});
