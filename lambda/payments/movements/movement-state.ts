import type { AccountsAdapter } from '../adapters/accounts-adapter.js';
import type { FreshState } from '../adapters/movement-transactions.js';
import type { PaymentsAdapter } from '../adapters/payments-adapter.js';
import type { ReferencesAdapter } from '../adapters/references-adapter.js';
import { readWithRetry } from '../adapters/read-with-retry.js';
import type { RetryBudget } from '../adapters/retry-budget.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { NaturalKey, TakenKey } from '../domain/natural-key.js';
import type { PaymentRecord } from '../domain/payment.js';
import { PaymentCache, type AccountSnapshotCache } from './instance-caches.js';

/** Where a request's state comes from. */
export interface StateSources {
  readonly caller: string;
  readonly accountSnapshots: AccountSnapshotCache;
  readonly payments: PaymentCache;
  readonly accountsAdapter: AccountsAdapter;
  readonly paymentsAdapter: PaymentsAdapter;
  readonly referencesAdapter: ReferencesAdapter;
  readonly budget: RetryBudget;
  /** A strongly consistent read of an account already under way (started before the claim). */
  readonly accountRead?: { readonly accountId: string; readonly read: Promise<AccountSnapshot | undefined> };
}

/** What the request knows of one item: the value (undefined: absent) and whether DynamoDB said so during this request. */
interface Known<T> {
  readonly id: string;
  readonly value: T | undefined;
  readonly fresh: boolean;
}

/**
 * What one movement knows of the one account and the one payment it is about: the instance's
 * cached copy when it has one, else a strongly consistent read; replaced by what failed
 * conditions return. Every value it learns goes back into the instance's caches. Only the
 * caller's own items are ever shown.
 */
export class MovementState {
  readonly #sources: StateSources;
  #account: Known<AccountSnapshot> | undefined;
  #payment: Known<PaymentRecord> | undefined;

  constructor(sources: StateSources) {
    this.#sources = sources;
  }

  /** True when everything read so far came from DynamoDB during this request. */
  get fresh(): boolean {
    return this.#account?.fresh !== false && this.#payment?.fresh !== false;
  }

  /**
   * The caller's account, or undefined when it does not exist or is another caller's (the owner
   * never changes, so a cached snapshot can answer that).
   */
  async account(accountId: string): Promise<AccountSnapshot | undefined> {
    if (this.#account?.id !== accountId) {
      const cached = this.#sources.accountSnapshots.get(accountId);
      this.#account = cached === undefined ? await this.#readAccount(accountId) : { id: accountId, value: cached, fresh: false };
    }
    return this.#ownAccount();
  }

  /** The caller's payment of the order, or undefined (payments are keyed by caller). */
  async payment(orderId: string): Promise<PaymentRecord | undefined> {
    if (this.#payment?.id !== orderId) {
      const cached = this.#sources.payments.get(PaymentCache.keyOf(this.#sources.caller, orderId));
      this.#payment = cached === undefined ? await this.#readPayment(orderId) : { id: orderId, value: cached, fresh: false };
    }
    return this.#payment.value;
  }

  /**
   * Who took `key`, read strongly consistent: a refusal that depends on changing state checks it
   * first, so a movement that already ran is told so rather than refused for today's state.
   */
  takenKey(key: NaturalKey): Promise<TakenKey | undefined> {
    const { referencesAdapter, budget } = this.#sources;
    return readWithRetry(budget, () => referencesAdapter.takenKey(key));
  }

  /** Re-reads whatever was known only from the instance's caches. */
  async refresh(): Promise<void> {
    if (this.#account?.fresh === false) this.#account = await this.#readAccount(this.#account.id);
    if (this.#payment?.fresh === false) this.#payment = await this.#readPayment(this.#payment.id);
  }

  /** Adopts what failed conditions returned (null: the item is gone). */
  adopt(fresh: FreshState): void {
    if (fresh.account !== undefined && this.#account !== undefined) {
      this.#account = this.#learnAccount(this.#account.id, fresh.account ?? undefined);
    }
    if (fresh.payment !== undefined && this.#payment !== undefined) {
      this.#payment = this.#learnPayment(this.#payment.id, fresh.payment ?? undefined);
    }
  }

  /** Records the account and payment as a committed transaction left them. */
  committed(account: AccountSnapshot | undefined, payment: PaymentRecord | undefined): void {
    if (account !== undefined) this.#account = this.#learnAccount(account.accountId, account);
    if (payment !== undefined) this.#payment = this.#learnPayment(payment.orderId, payment);
  }

  async #readAccount(accountId: string): Promise<Known<AccountSnapshot>> {
    const { accountsAdapter, budget, accountRead } = this.#sources;
    if (accountRead?.accountId === accountId && this.#account === undefined) {
      try {
        return this.#learnAccount(accountId, await accountRead.read);
      } catch {
        // The early read failed (throttled, timed out...): read again within the retry budget.
      }
    }
    return this.#learnAccount(accountId, await readWithRetry(budget, () => accountsAdapter.getAccount(accountId)));
  }

  async #readPayment(orderId: string): Promise<Known<PaymentRecord>> {
    const { paymentsAdapter, budget, caller } = this.#sources;
    return this.#learnPayment(orderId, await readWithRetry(budget, () => paymentsAdapter.getPayment(caller, orderId)));
  }

  #learnAccount(accountId: string, value: AccountSnapshot | undefined): Known<AccountSnapshot> {
    if (value !== undefined) this.#sources.accountSnapshots.remember(accountId, value);
    return { id: accountId, value, fresh: true };
  }

  #learnPayment(orderId: string, value: PaymentRecord | undefined): Known<PaymentRecord> {
    if (value !== undefined) this.#sources.payments.remember(PaymentCache.keyOf(this.#sources.caller, orderId), value);
    return { id: orderId, value, fresh: true };
  }

  #ownAccount(): AccountSnapshot | undefined {
    const snapshot = this.#account?.value;
    return snapshot?.ownerId === this.#sources.caller ? snapshot : undefined;
  }
}
