import type { CancellationReason, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AccountSnapshot } from '../domain/account.js';
import type { StoredLedgerEntry } from '../domain/ledger.js';
import { refusalOfTakenKey, type NaturalKey } from '../domain/natural-key.js';
import type { PaymentRecord } from '../domain/payment.js';
import type { Refusal } from '../domain/refusal.js';
import { accountFromItem, accountItem } from './account-item.js';
import { integerValue, readString, stringValue, type Item } from './item-attributes.js';
import { ledgerItem } from './ledger-item.js';
import { paymentFromItem, paymentItem } from './payment-item.js';
import { takenKeyFromItem, takenKeyItem } from './references-adapter.js';
import type { TransactionRunner } from './transaction-runner.js';

/** One change a movement's transaction makes, in business terms. */
export type MovementWrite =
  /** Creates the account; fails if the id is taken. */
  | { readonly kind: 'open_account'; readonly account: AccountSnapshot }
  /**
   * Moves the account from `before` to `balanceAfter` at version + 1. Its condition is the whole
   * safety of the movement: the account exists, is the caller's, is in this currency, is still at
   * the version the movement was computed from (so `balanceAfter` is exact), and for a debit
   * covers the amount.
   */
  | {
      readonly kind: 'move_account';
      readonly caller: string;
      readonly currency: string;
      readonly before: AccountSnapshot;
      readonly balanceAfter: number;
      /** For debits: the amount the balance must cover. */
      readonly debit?: number;
      readonly at: string;
    }
  /** Appends the entry to the ledger; fails if its seq is taken. */
  | { readonly kind: 'append_ledger'; readonly entry: StoredLedgerEntry }
  /** Records the payment under (owner, order): the unique constraint that pays an order once. */
  | { readonly kind: 'record_payment'; readonly ownerId: string; readonly payment: PaymentRecord }
  /**
   * Raises the payment's refunded total, pinned to the total it was planned against (and bounded
   * by the amount), so concurrent refunds never exceed the payment.
   */
  | { readonly kind: 'raise_refunded'; readonly ownerId: string; readonly payment: PaymentRecord; readonly refundedAfter: number }
  /** Takes the movement's natural key for `movementId`; fails, at any later time, for a second movement with it. */
  | { readonly kind: 'take_natural_key'; readonly key: NaturalKey; readonly movementId: string; readonly at: string };

/**
 * What failed conditions returned about the current state (their ALL_OLD items): `null` is known
 * absent, a missing member is not known. The runner adopts it before planning again.
 */
export interface FreshState {
  readonly account?: AccountSnapshot | null;
  readonly payment?: PaymentRecord | null;
}

/** How a movement's transaction ended, in business terms: no action indexes, no wire shapes. */
export type TransactionOutcome =
  /** Everything was written; `account` and `payment` are as the writes left them. */
  | { readonly kind: 'committed'; readonly account?: AccountSnapshot; readonly payment?: PaymentRecord }
  /** Another movement changed the account since the snapshot (`fresh.account` is the new one). */
  | { readonly kind: 'account_moved'; readonly fresh: FreshState }
  /** Another refund changed the payment's refunded total (`fresh.payment` is the new one). */
  | { readonly kind: 'payment_moved'; readonly fresh: FreshState }
  | { readonly kind: 'account_not_found'; readonly fresh: FreshState }
  | { readonly kind: 'payment_not_found'; readonly fresh: FreshState }
  | { readonly kind: 'currency_mismatch'; readonly fresh: FreshState }
  | { readonly kind: 'insufficient_funds'; readonly fresh: FreshState }
  /** The order already has a payment (the unique constraint held), whatever else failed. */
  | { readonly kind: 'order_already_paid'; readonly paymentId: string; readonly fresh: FreshState }
  /**
   * The movement's natural key is taken (the unique constraint held), whatever else failed:
   * `refusal` says whether the same movement already ran or the reference is being reused.
   */
  | { readonly kind: 'natural_key_taken'; readonly refusal: Refusal; readonly fresh: FreshState }
  /** The new account's random id is taken: plan again with another. */
  | { readonly kind: 'account_id_taken'; readonly fresh: FreshState }
  /** The idempotency completion's condition failed: another invocation holds the key; nothing was applied. */
  | { readonly kind: 'lease_lost' };

/** Table names the movements write to. */
export interface MovementTables {
  readonly accounts: string;
  readonly payments: string;
  readonly ledger: string;
  readonly references: string;
}

/**
 * Turns a movement's writes into one TransactWriteItems (with the idempotency completion last),
 * commits it through the request's TransactionRunner, and reads a cancellation back into a
 * business outcome. Only this class knows the order of the actions.
 */
export class MovementTransactions {
  readonly #tables: MovementTables;
  readonly #runner: TransactionRunner;

  constructor(tables: MovementTables, runner: TransactionRunner) {
    this.#tables = tables;
    this.#runner = runner;
  }

  /** Commits `writes` and `completion` (when given) atomically. @throws on fatal errors and when out of budget. */
  async commit(writes: readonly MovementWrite[], completion: TransactWriteItem | undefined): Promise<TransactionOutcome> {
    const actions = writes.map((write) => this.#action(write));
    if (completion !== undefined) actions.push(completion);
    const result = await this.#runner.commit(actions);
    if (result.committed) return committedOutcome(writes);
    const { reasons } = result;
    if (completion !== undefined && failed(reasons, writes.length)) return { kind: 'lease_lost' };
    return cancelledOutcome(writes, reasons);
  }

  #action(write: MovementWrite): TransactWriteItem {
    switch (write.kind) {
      case 'open_account':
        return {
          Put: { TableName: this.#tables.accounts, Item: accountItem(write.account), ConditionExpression: 'attribute_not_exists(accountId)' },
        };
      case 'move_account':
        return { Update: this.#moveAccount(write) };
      case 'append_ledger':
        return {
          Put: {
            TableName: this.#tables.ledger,
            Item: ledgerItem(write.entry),
            ConditionExpression: 'attribute_not_exists(#seq)',
            ExpressionAttributeNames: { '#seq': 'seq' },
          },
        };
      case 'record_payment':
        return {
          Put: {
            TableName: this.#tables.payments,
            Item: paymentItem(write.ownerId, write.payment),
            ConditionExpression: 'attribute_not_exists(orderId)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        };
      case 'raise_refunded':
        return {
          Update: {
            TableName: this.#tables.payments,
            Key: { ownerId: stringValue(write.ownerId), orderId: stringValue(write.payment.orderId) },
            UpdateExpression: 'SET #refunded = :after',
            ConditionExpression: 'attribute_exists(orderId) AND #refunded = :before AND #amount >= :after',
            ExpressionAttributeNames: { '#refunded': 'refundedAmount', '#amount': 'amount' },
            ExpressionAttributeValues: {
              ':before': integerValue(write.payment.refundedAmount),
              ':after': integerValue(write.refundedAfter),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        };
      case 'take_natural_key':
        return {
          Put: {
            TableName: this.#tables.references,
            Item: takenKeyItem(write.key, write.movementId, write.at),
            ConditionExpression: 'attribute_not_exists(naturalKey)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        };
    }
  }

  #moveAccount(move: Extract<MovementWrite, { kind: 'move_account' }>): NonNullable<TransactWriteItem['Update']> {
    const { before } = move;
    const debit = move.debit === undefined ? '' : ' AND #balance >= :debit';
    return {
      TableName: this.#tables.accounts,
      Key: { accountId: stringValue(before.accountId) },
      UpdateExpression: 'SET #balance = :balanceAfter, #version = :next, #updatedAt = :at',
      ConditionExpression: `attribute_exists(accountId) AND #ownerId = :caller AND #currency = :currency AND #version = :version${debit}`,
      ExpressionAttributeNames: {
        '#balance': 'balance',
        '#version': 'version',
        '#updatedAt': 'updatedAt',
        '#ownerId': 'ownerId',
        '#currency': 'currency',
      },
      ExpressionAttributeValues: {
        ':balanceAfter': integerValue(move.balanceAfter),
        ':next': integerValue(before.version + 1),
        ':at': stringValue(move.at),
        ':caller': stringValue(move.caller),
        ':currency': stringValue(move.currency),
        ':version': integerValue(before.version),
        ...(move.debit === undefined ? {} : { ':debit': integerValue(move.debit) }),
      },
      // ALL_OLD makes a failure say which part of the condition broke, and is the fresh snapshot.
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    };
  }
}

function failed(reasons: readonly CancellationReason[], index: number): boolean {
  return reasons[index]?.Code === 'ConditionalCheckFailed';
}

/** The account and payment as the committed writes left them. */
function committedOutcome(writes: readonly MovementWrite[]): TransactionOutcome {
  let account: AccountSnapshot | undefined;
  let payment: PaymentRecord | undefined;
  for (const write of writes) {
    if (write.kind === 'open_account') account = write.account;
    if (write.kind === 'move_account') {
      account = { ...write.before, balance: write.balanceAfter, version: write.before.version + 1, updatedAt: write.at };
    }
    if (write.kind === 'record_payment') payment = write.payment;
    if (write.kind === 'raise_refunded') payment = { ...write.payment, refundedAmount: write.refundedAfter };
  }
  return { kind: 'committed', ...(account === undefined ? {} : { account }), ...(payment === undefined ? {} : { payment }) };
}

type Verdict = Exclude<TransactionOutcome, { kind: 'committed' } | { kind: 'lease_lost' } | { kind: 'order_already_paid' } | { kind: 'natural_key_taken' }>['kind'];

/**
 * Reads the cancellation reasons of the movement's own writes. An order already paid, then a
 * natural key already taken, is the answer whatever else failed; otherwise the payment's verdict comes before the account's, and
 * every ALL_OLD item is returned as fresh state.
 */
function cancelledOutcome(writes: readonly MovementWrite[], reasons: readonly CancellationReason[]): TransactionOutcome {
  let fresh: FreshState = {};
  let paidBy: string | undefined;
  let keyRefusal: Refusal | undefined;
  let paymentVerdict: Verdict | undefined;
  let accountVerdict: Verdict | undefined;
  let ledgerTaken = false;
  for (const [index, write] of writes.entries()) {
    if (!failed(reasons, index)) continue;
    const old = reasons[index]?.Item;
    switch (write.kind) {
      case 'open_account':
        accountVerdict = 'account_id_taken';
        break;
      case 'move_account': {
        const account = old === undefined ? null : accountFromItem(old);
        fresh = { ...fresh, account };
        accountVerdict = accountVerdictOf(write, account);
        break;
      }
      case 'append_ledger':
        // The seq is taken whenever the account moved on; alone, it means the two disagree.
        ledgerTaken = true;
        break;
      case 'record_payment':
        paidBy = readString(requiredOld(old, 'payment'), 'paymentId');
        break;
      case 'raise_refunded': {
        const payment = old === undefined ? null : paymentFromItem(old);
        fresh = { ...fresh, payment };
        paymentVerdict = payment === null ? 'payment_not_found' : 'payment_moved';
        break;
      }
      case 'take_natural_key':
        keyRefusal = refusalOfTakenKey(write.key, takenKeyFromItem(requiredOld(old, 'natural key')));
        break;
    }
  }
  if (paidBy !== undefined) return { kind: 'order_already_paid', paymentId: paidBy, fresh };
  if (keyRefusal !== undefined) return { kind: 'natural_key_taken', refusal: keyRefusal, fresh };
  const verdict = paymentVerdict ?? accountVerdict;
  if (verdict === undefined && ledgerTaken) {
    throw new Error('the ledger has an entry at the next seq although the account version held: ledger and account disagree');
  }
  if (verdict === undefined) throw new Error('movement transaction cancelled without a known reason');
  return { kind: verdict, fresh };
}

function accountVerdictOf(move: Extract<MovementWrite, { kind: 'move_account' }>, account: AccountSnapshot | null): Verdict {
  if (account === null || account.ownerId !== move.caller) return 'account_not_found';
  if (account.version !== move.before.version) return 'account_moved';
  if (account.currency !== move.currency) return 'currency_mismatch';
  if (move.debit !== undefined && account.balance < move.debit) return 'insufficient_funds';
  throw new Error('the account condition failed although the account matches it');
}

function requiredOld(item: Item | undefined, what: string): Item {
  if (item === undefined) throw new Error(`the ${what} condition failed without returning the existing item`);
  return item;
}
