import * as v from 'valibot';
import { amountSchema } from './amount-schema.js';
import { currencySchema } from './currency-schema.js';
import { strictObjectMessage } from './strict-object-message.js';

/** Body of `POST /accounts/{accountId}/deposits`. */
export const createDepositBody = v.strictObject({ amount: amountSchema, currency: currencySchema }, strictObjectMessage);
