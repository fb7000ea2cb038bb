import * as v from 'valibot';
import { amountSchema } from './amount-schema.js';
import { currencySchema } from './currency-schema.js';
import { orderIdSchema } from './order-id-schema.js';
import { strictObjectMessage } from './strict-object-message.js';

/**
 * Body of `POST /payments`. `accountId` is opaque to the client, so any reasonable string is
 * accepted here; one that cannot name an account of the caller is a 404 from the handler.
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
