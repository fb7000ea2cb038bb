import * as v from 'valibot';
import { isCurrencyCode } from '../domain/currency-code.js';

/** An upper-case ISO 4217 code of an active currency. */
export const currencySchema = v.pipe(
  v.string('currency must be a string'),
  v.check((value: string) => isCurrencyCode(value), 'currency must be an active ISO 4217 code in upper case, e.g. "USD"'),
);
