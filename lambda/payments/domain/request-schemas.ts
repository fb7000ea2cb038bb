import * as v from 'valibot';
import { isCurrencyCode } from './currency-code.js';
import { maxAmount, minAmount } from './money.js';
import { referenceSchema } from './natural-key.js';
import { isOrderId } from './payment.js';

/**
 * Message for a strict object's own issues: an unknown field, a missing required field, or a
 * value that is not an object at all.
 */
export function strictObjectMessage(issue: v.StrictObjectIssue): string {
  if (issue.expected === 'never') return 'unknown field';
  if (issue.expected === 'Object') return 'must be a JSON object';
  return 'required field is missing';
}

/** An amount in minor units: a JSON integer within `minAmount..maxAmount`. */
export const amountSchema = v.pipe(
  v.number('amount must be a number of minor units'),
  v.safeInteger('amount must be an integer number of minor units'),
  v.minValue(minAmount, `amount must be at least ${minAmount}`),
  v.maxValue(maxAmount, `amount must be at most ${maxAmount}`),
);

/** An upper-case ISO 4217 code of an active currency. */
export const currencySchema = v.pipe(
  v.string('currency must be a string'),
  v.check((value: string) => isCurrencyCode(value), 'currency must be an active ISO 4217 code in upper case, e.g. "USD"'),
);

/** An order id: 1–128 characters of `[A-Za-z0-9._:-]`, not only dots. */
export const orderIdSchema = v.pipe(
  v.string('orderId must be a string'),
  v.check((value: string) => isOrderId(value), 'orderId must be 1-128 characters of A-Z a-z 0-9 . _ : -, and not only dots'),
);

/**
 * Path parameters of `/accounts/{accountId}` routes. Account ids are opaque to clients, so any
 * string is accepted here; one that cannot name an account of the caller is a 404, not a 400.
 */
export const accountPath = v.object({ accountId: v.string() });

/** Path parameters of routes without any (`POST /accounts`, `POST /payments`). */
export const noPath = v.object({});

/** Path parameters of `/payments/{orderId}` routes. */
export const orderPath = v.object({ orderId: orderIdSchema });

/** Body of `POST /accounts`; `reference` (the client's customer id) is unique per caller when given. */
export const createAccountBody = v.strictObject({ currency: currencySchema, reference: v.optional(referenceSchema) }, strictObjectMessage);

/** Body of `POST /accounts/{accountId}/deposits`; `reference` (the external transfer's id) is unique per account. */
export const createDepositBody = v.strictObject({ amount: amountSchema, currency: currencySchema, reference: referenceSchema }, strictObjectMessage);

/**
 * Body of `POST /payments`. `accountId` is opaque to the client, so any reasonable string is
 * accepted here; one that cannot name an account of the caller is a 404 from the movement.
 */
export const createPaymentBody = v.strictObject(
  {
    orderId: orderIdSchema,
    accountId: v.pipe(
      v.string('accountId must be a string'),
      v.minLength(1, 'accountId must not be empty'),
      v.maxLength(128, 'accountId must be at most 128 characters'),
    ),
    amount: amountSchema,
    currency: currencySchema,
  },
  strictObjectMessage,
);

/**
 * Body of `POST /payments/{orderId}/refunds`; without `amount`, everything left is refunded.
 * `reference` is unique per payment.
 */
export const createRefundBody = v.strictObject({ amount: v.optional(amountSchema), reference: referenceSchema }, strictObjectMessage);
