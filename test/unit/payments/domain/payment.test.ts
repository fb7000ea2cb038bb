import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxAmount } from '../../../../lambda/payments/domain/money.js';
import { planRefund } from '../../../../lambda/payments/domain/payment.js';

describe('planRefund', () => {
  it('refunds everything left when no amount is given', () => {
    expect(planRefund(1_000, 300, undefined)).toEqual({ amount: 700, refundedAfter: 1_000 });
  });

  it('refuses a refund of a fully refunded payment, saying nothing is left', () => {
    const refused = planRefund(1_000, 1_000, undefined);
    expect(refused).toEqual({ refundable: 0 });
    expect(planRefund(1_000, 1_000, 1)).toEqual({ refundable: 0 });
  });

  it('accepts a refund exactly up to what is left and refuses one unit more', () => {
    expect(planRefund(1_000, 400, 600)).toEqual({ amount: 600, refundedAfter: 1_000 });
    expect(planRefund(1_000, 400, 601)).toEqual({ refundable: 600 });
  });

  it('never lets any sequence of refunds exceed the payment, and ends at most at the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: maxAmount }),
        fc.array(fc.option(fc.integer({ min: 1, max: maxAmount }), { nil: undefined }), { maxLength: 50 }),
        (paymentAmount, requests) => {
          let refunded = 0;
          for (const requested of requests) {
            const plan = planRefund(paymentAmount, refunded, requested);
            if ('refundable' in plan) {
              expect(plan.refundable).toBe(paymentAmount - refunded);
              expect(requested === undefined ? refunded === paymentAmount : requested > paymentAmount - refunded).toBe(true);
              continue;
            }
            expect(plan.amount).toBeGreaterThan(0);
            expect(plan.refundedAfter).toBe(refunded + plan.amount);
            expect(plan.refundedAfter).toBeLessThanOrEqual(paymentAmount);
            if (requested !== undefined) expect(plan.amount).toBe(requested);
            refunded = plan.refundedAfter;
          }
          expect(refunded).toBeLessThanOrEqual(paymentAmount);
        },
      ),
    );
  });
});
