import * as v from 'valibot';
import { orderIdSchema } from './order-id-schema.js';

/** Path parameters of `/payments/{orderId}` routes. */
export const orderPath = v.object({ orderId: orderIdSchema });
