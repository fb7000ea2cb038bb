import * as v from 'valibot';
import { maxAmount, minAmount } from '../domain/amount.js';

/** An amount in minor units: a JSON integer within `minAmount..maxAmount`. */
export const amountSchema = v.pipe(
  v.number('amount must be a number of minor units'),
  v.safeInteger('amount must be an integer number of minor units'),
  v.minValue(minAmount, `amount must be at least ${minAmount}`),
  v.maxValue(maxAmount, `amount must be at most ${maxAmount}`),
);
