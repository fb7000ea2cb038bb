import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { balanceAfter, isAmount, maxAmount, maxBalance, minAmount } from '../../../../lambda/payments/domain/money.js';
import { amountSchema } from '../../../../lambda/payments/domain/request-schemas.js';

describe('amounts', () => {
  it('accepts exactly the integers from 1 to 10^12', () => {
    fc.assert(
      fc.property(fc.integer({ min: minAmount, max: maxAmount }), (amount) => {
        expect(isAmount(amount)).toBe(true);
        expect(v.is(amountSchema, amount)).toBe(true);
      }),
    );
    for (const edge of [0, -1, maxAmount + 1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2]) {
      expect(isAmount(edge)).toBe(false);
      expect(v.is(amountSchema, edge)).toBe(false);
    }
  });

  it('refuses every non-integer number, NaN, infinities and non-numbers', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noDefaultInfinity: false }).filter((value) => !Number.isInteger(value)),
          fc.string(),
          fc.boolean(),
          fc.constant(null),
          fc.bigInt(),
          fc.constant(Number.NaN),
          fc.constant(Number.POSITIVE_INFINITY),
        ),
        (value) => {
          expect(isAmount(value)).toBe(false);
          expect(v.is(amountSchema, value)).toBe(false);
        },
      ),
    );
  });

  it('keeps balances exact: any sequence of valid movements that is applied sums exactly and never goes negative', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: minAmount, max: maxAmount })), { maxLength: 200 }), (moves) => {
        let balance = 0;
        let expected = 0n;
        for (const [credit, amount] of moves) {
          const next = balanceAfter(balance, credit ? amount : -amount);
          if (typeof next === 'number') {
            balance = next;
            expected += BigInt(credit ? amount : -amount);
          } else if (credit) {
            expect(next).toBe('balance_limit_exceeded');
          } else {
            expect(next).toBe('insufficient_funds');
          }
          expect(BigInt(balance)).toBe(expected);
          expect(balance).toBeGreaterThanOrEqual(0);
          expect(Number.isSafeInteger(balance)).toBe(true);
        }
      }),
    );
  });

  it('refuses a credit that would pass the largest balance, and a debit below zero', () => {
    expect(balanceAfter(maxBalance, 1)).toBe('balance_limit_exceeded');
    expect(balanceAfter(maxBalance - 1, 1)).toBe(maxBalance);
    expect(balanceAfter(5, -6)).toBe('insufficient_funds');
    expect(balanceAfter(5, -5)).toBe(0);
    expect(Number.isSafeInteger(maxBalance + maxAmount)).toBe(true);
  });
});
