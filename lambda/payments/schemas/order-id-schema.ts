import * as v from 'valibot';
import { isOrderId } from '../domain/order-id.js';

/** An order id: 1–128 characters of `[A-Za-z0-9._:-]`. */
export const orderIdSchema = v.pipe(
  v.string('orderId must be a string'),
  v.check((value: string) => isOrderId(value), 'orderId must be 1-128 characters of A-Z a-z 0-9 . _ : -'),
);
