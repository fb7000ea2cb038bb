import * as v from 'valibot';
import { currencySchema } from './currency-schema.js';
import { strictObjectMessage } from './strict-object-message.js';

/** Body of `POST /accounts`. */
export const createAccountBody = v.strictObject({ currency: currencySchema }, strictObjectMessage);
