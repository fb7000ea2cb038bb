import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isAccountId } from '../../../../lambda/payments/domain/account.js';
import { isCurrencyCode } from '../../../../lambda/payments/domain/currency-code.js';
import { newId } from '../../../../lambda/payments/domain/ids.js';
import { isOrderId } from '../../../../lambda/payments/domain/payment.js';
import { orderIdSchema } from '../../../../lambda/payments/domain/request-schemas.js';

const orderAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-';
const orderCharacters = orderAlphabet.match(/./g) ?? [];

describe('order ids', () => {
  it('accepts 1-128 characters of [A-Za-z0-9._:-], other than only dots', () => {
    const orderIds = fc.string({ unit: fc.constantFrom(...orderCharacters), minLength: 1, maxLength: 128 }).filter((id) => !/^\.+$/.test(id));
    fc.assert(
      fc.property(orderIds, (orderId) => {
        expect(isOrderId(orderId)).toBe(true);
        expect(v.is(orderIdSchema, orderId)).toBe(true);
      }),
    );
  });

  it('refuses empty, too long, only dots, and any other character', () => {
    expect(isOrderId('')).toBe(false);
    expect(isOrderId('..')).toBe(false);
    expect(isOrderId('a'.repeat(129))).toBe(false);
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => !/^[A-Za-z0-9._:-]*$/.test(s)),
        (orderId) => {
          expect(isOrderId(orderId)).toBe(false);
        },
      ),
    );
    for (const bad of ['order 1', 'order/1', 'ordér', 'a\nb', 'a#b', 42, null]) expect(isOrderId(bad)).toBe(false);
  });
});

describe('currency codes', () => {
  it('accepts active ISO 4217 codes in upper case only', () => {
    for (const code of ['USD', 'EUR', 'JPY', 'GBP', 'CHF', 'XOF', 'VES', 'ZWG', 'XCG', 'SLE']) expect(isCurrencyCode(code)).toBe(true);
    for (const code of ['usd', 'Usd', 'US', 'USDD', 'ABC', 'HRK', 'ANG', 'XXX', 'XTS', 'XAU', 'CHE', 'USN', '', 840]) {
      expect(isCurrencyCode(code)).toBe(false);
    }
  });
});

describe('ids', () => {
  it('mints account ids that isAccountId recognises, and nothing else looks like one', () => {
    for (let i = 0; i < 100; i += 1) expect(isAccountId(newId('acct'))).toBe(true);
    expect(isAccountId(newId('pay'))).toBe(false);
    expect(isAccountId('acct_XYZ')).toBe(false);
    expect(newId('pay')).toMatch(/^pay_[0-9a-f]{32}$/);
  });
});
