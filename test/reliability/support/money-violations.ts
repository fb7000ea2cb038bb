import type { MoneyState } from './money-state.js';
import type { TableItem } from './scan-table.js';

/**
 * Checks the money invariants of the contract on a state read straight from the tables, and
 * returns one line per violation (an empty list when all hold):
 * - every account's balance equals the sum of its ledger entries' signed amounts, and its
 *   version equals its number of ledger entries, numbered 1..version without gaps;
 * - no balance is negative; every ledger entry's balanceAfter is the running sum;
 * - no order is paid twice: one payment ledger entry per (account owner, order), matching the
 *   payment record's amount and account;
 * - refunds never exceed payments: refundedAmount in 0..amount, equal to the sum of that
 *   order's refund entries;
 * - nothing half-applied: every payment record has its ledger entry and every payment or refund
 *   entry has its payment record.
 */
export function moneyViolations(state: MoneyState): string[] {
  const problems: string[] = [];
  const ownerOf = new Map<string, string>();
  const entriesOf = new Map<string, TableItem[]>();
  for (const entry of state.ledger) {
    const accountId = text(entry.accountId);
    const list = entriesOf.get(accountId) ?? [];
    list.push(entry);
    entriesOf.set(accountId, list);
  }
  for (const account of state.accounts) {
    const accountId = text(account.accountId);
    ownerOf.set(accountId, text(account.ownerId));
    const entries = (entriesOf.get(accountId) ?? []).sort((a, b) => num(a.seq) - num(b.seq));
    let running = 0;
    entries.forEach((entry, index) => {
      running += num(entry.amount);
      if (num(entry.seq) !== index + 1) problems.push(`${accountId}: ledger seq ${num(entry.seq)} at position ${index + 1}`);
      if (num(entry.balanceAfter) !== running) {
        problems.push(`${accountId}: entry ${num(entry.seq)} balanceAfter ${num(entry.balanceAfter)} != running sum ${running}`);
      }
    });
    const balance = num(account.balance);
    if (balance !== running) problems.push(`${accountId}: balance ${balance} != ledger sum ${running}`);
    if (balance < 0) problems.push(`${accountId}: negative balance ${balance}`);
    if (num(account.version) !== entries.length) {
      problems.push(`${accountId}: version ${num(account.version)} != ${entries.length} ledger entries`);
    }
  }
  for (const accountId of entriesOf.keys()) {
    if (!ownerOf.has(accountId)) problems.push(`${accountId}: ledger entries for an account that does not exist`);
  }

  const paymentEntries = new Map<string, TableItem[]>();
  const refundTotals = new Map<string, number>();
  for (const entry of state.ledger) {
    const orderId = entry.orderId;
    if (typeof orderId !== 'string') continue;
    const orderKey = `${ownerOf.get(text(entry.accountId)) ?? '?'} ${orderId}`;
    if (entry.type === 'payment') {
      const list = paymentEntries.get(orderKey) ?? [];
      list.push(entry);
      paymentEntries.set(orderKey, list);
    } else if (entry.type === 'refund') {
      refundTotals.set(orderKey, (refundTotals.get(orderKey) ?? 0) + num(entry.amount));
    }
  }
  const paymentKeys = new Set<string>();
  for (const payment of state.payments) {
    const orderKey = `${text(payment.ownerId)} ${text(payment.orderId)}`;
    paymentKeys.add(orderKey);
    const entries = paymentEntries.get(orderKey) ?? [];
    if (entries.length !== 1) problems.push(`order ${orderKey}: ${entries.length} payment ledger entries`);
    const [entry] = entries;
    if (entry !== undefined && (num(entry.amount) !== -num(payment.amount) || entry.accountId !== payment.accountId)) {
      problems.push(`order ${orderKey}: ledger entry does not match the payment record`);
    }
    const refunded = num(payment.refundedAmount);
    if (refunded < 0 || refunded > num(payment.amount)) {
      problems.push(`order ${orderKey}: refundedAmount ${refunded} outside 0..${num(payment.amount)}`);
    }
    const refundedInLedger = refundTotals.get(orderKey) ?? 0;
    if (refundedInLedger !== refunded) {
      problems.push(`order ${orderKey}: refunds in the ledger ${refundedInLedger} != refundedAmount ${refunded}`);
    }
  }
  for (const orderKey of [...paymentEntries.keys(), ...refundTotals.keys()]) {
    if (!paymentKeys.has(orderKey)) problems.push(`order ${orderKey}: ledger entries without a payment record`);
  }
  return problems;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}
