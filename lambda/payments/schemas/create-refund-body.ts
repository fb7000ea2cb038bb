import * as v from 'valibot';
import { amountSchema } from './amount-schema.js';
import { strictObjectMessage } from './strict-object-message.js';

/** Body of `POST /payments/{orderId}/refunds`; without `amount`, everything left is refunded. */
export const createRefundBody = v.strictObject({ amount: v.optional(amountSchema) }, strictObjectMessage);
