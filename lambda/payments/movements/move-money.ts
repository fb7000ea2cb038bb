import type { MovementWrite } from '../adapters/movement-transactions.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { LedgerEntryType } from '../domain/ledger.js';
import type { Refusal } from '../domain/refusal.js';
import type { PlanStep } from './money-movement.js';

/** One change of an account's balance, as a movement's rules describe it. */
export interface MoneyMove {
  readonly caller: string;
  /** The movement's currency; the account's must be the same. */
  readonly currency: string;
  /** The account as the move was computed from it (its version is the condition). */
  readonly before: AccountSnapshot;
  readonly balanceAfter: number;
  readonly type: LedgerEntryType;
  readonly entryId: string;
  /** The id of the deposit, payment or refund the ledger entry records. */
  readonly referenceId: string;
  readonly orderId?: string;
  readonly at: string;
}

/**
 * The two writes of every money movement: the account moved to its new balance at the next
 * version (covering the amount when it is a debit), and the ledger entry at that version.
 */
export function moveMoney(move: MoneyMove): MovementWrite[] {
  const { before, balanceAfter, at } = move;
  const signedAmount = balanceAfter - before.balance;
  return [
    {
      kind: 'move_account',
      caller: move.caller,
      currency: move.currency,
      before,
      balanceAfter,
      ...(signedAmount < 0 ? { debit: -signedAmount } : {}),
      at,
    },
    {
      kind: 'append_ledger',
      entry: {
        accountId: before.accountId,
        seq: before.version + 1,
        entryId: move.entryId,
        type: move.type,
        amount: signedAmount,
        balanceAfter,
        ...(move.orderId === undefined ? {} : { orderId: move.orderId }),
        referenceId: move.referenceId,
        createdAt: at,
      },
    },
  ];
}

/** The plan step that commits `writes`. */
export function commit<Created>(writes: readonly MovementWrite[], created: Created): PlanStep<Created> {
  return { kind: 'commit', writes, created };
}

/** The plan step that refuses for `refusal`. */
export function refuse<Created>(refusal: Refusal): PlanStep<Created> {
  return { kind: 'refuse', refusal };
}

/**
 * The step for a refusal that depends on state that changes (a balance, a refunded total): only
 * fresh state may refuse, since a cached copy may be behind; otherwise refresh and plan again.
 */
export function refuseWhenFresh<Created>(fresh: boolean, refusal: Refusal): PlanStep<Created> {
  return fresh ? refuse(refusal) : { kind: 'refresh' };
}
