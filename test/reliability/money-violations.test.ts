import { describe, expect, it } from 'vitest';
import type { MoneyState } from './support/money-state.js';
import { moneyViolations } from './support/money-violations.js';
import { localIdentity } from '../support/iam-caller.js';

// The reliability tests trust this checker to see broken state; these cases prove it does.
const owner = localIdentity('alice');
const healthy: MoneyState = {
  accounts: [{ accountId: 'acct_1', ownerId: owner, balance: 700, version: 3 }],
  payments: [{ ownerId: owner, orderId: 'o-1', accountId: 'acct_1', amount: 500, refundedAmount: 200 }],
  ledger: [
    { accountId: 'acct_1', seq: 1, type: 'deposit', amount: 1000, balanceAfter: 1000 },
    { accountId: 'acct_1', seq: 2, type: 'payment', amount: -500, balanceAfter: 500, orderId: 'o-1' },
    { accountId: 'acct_1', seq: 3, type: 'refund', amount: 200, balanceAfter: 700, orderId: 'o-1' },
  ],
};

describe('moneyViolations', () => {
  it('finds nothing wrong in a consistent state', () => {
    expect(moneyViolations(healthy)).toEqual([]);
  });

  it('reports a balance that is not the sum of the ledger', () => {
    const state = { ...healthy, accounts: [{ ...healthy.accounts[0], balance: 800 }] };
    expect(moneyViolations(state).join('\n')).toMatch(/balance 800 != ledger sum 700/);
  });

  it('reports an order charged twice', () => {
    const state = {
      ...healthy,
      accounts: [{ ...healthy.accounts[0], balance: 200, version: 4 }],
      ledger: [...healthy.ledger, { accountId: 'acct_1', seq: 4, type: 'payment', amount: -500, balanceAfter: 200, orderId: 'o-1' }],
    };
    expect(moneyViolations(state).join('\n')).toMatch(/2 payment ledger entries/);
  });

  it('reports a payment record without its ledger entry (half-applied)', () => {
    const state = { ...healthy, payments: [...healthy.payments, { ownerId: owner, orderId: 'o-2', accountId: 'acct_1', amount: 5, refundedAmount: 0 }] };
    expect(moneyViolations(state).join('\n')).toMatch(/o-2: 0 payment ledger entries/);
  });

  it('reports refunds beyond the payment and a negative balance', () => {
    const state: MoneyState = {
      accounts: [{ accountId: 'acct_1', ownerId: owner, balance: -1, version: 1 }],
      payments: [{ ownerId: owner, orderId: 'o-1', accountId: 'acct_1', amount: 5, refundedAmount: 6 }],
      ledger: [{ accountId: 'acct_1', seq: 1, type: 'payment', amount: -5, balanceAfter: -5, orderId: 'o-1' }],
    };
    const report = moneyViolations(state).join('\n');
    expect(report).toMatch(/negative balance/);
    expect(report).toMatch(/refundedAmount 6 outside 0..5/);
  });
});
