import type { Item } from './adapters/item-attributes.js';
import { accountFromItem } from './adapters/account-item.js';
import type { AccountsAdapter } from './adapters/accounts-adapter.js';
import { readWithRetry } from './adapters/read-with-retry.js';
import type { AccountSnapshotCache } from './account-snapshot-cache.js';
import type { AccountSnapshot } from './domain/account-snapshot.js';
import type { RetryBudget } from './retry-budget.js';

/**
 * What one request knows of one account: the instance's snapshot when it has one, else a
 * strongly consistent read; replaced by the ALL_OLD item of a failed condition. Every snapshot
 * it sees goes back into the instance's cache.
 */
export class AccountState {
  #snapshot: AccountSnapshot | undefined;
  #fresh = false;
  #loaded = false;

  constructor(
    private readonly accountId: string,
    private readonly caller: string,
    private readonly cache: AccountSnapshotCache,
    private readonly accounts: AccountsAdapter,
    private readonly budget: RetryBudget,
  ) {}

  /** True when the snapshot was read (or returned by DynamoDB) during this request. */
  get fresh(): boolean {
    return this.#fresh;
  }

  /**
   * The caller's account, or undefined when it does not exist or is another caller's (the
   * owner never changes, so a cached snapshot can answer that).
   */
  async current(): Promise<AccountSnapshot | undefined> {
    if (!this.#loaded) {
      this.#loaded = true;
      this.#snapshot = this.cache.get(this.accountId);
      if (this.#snapshot === undefined) await this.refresh();
    }
    return this.#ownSnapshot();
  }

  /** Replaces the snapshot with a strongly consistent read. */
  async refresh(): Promise<AccountSnapshot | undefined> {
    this.#loaded = true;
    this.#snapshot = await readWithRetry(this.budget, () => this.accounts.getAccount(this.accountId));
    this.#fresh = true;
    if (this.#snapshot !== undefined) this.cache.remember(this.accountId, this.#snapshot);
    return this.#ownSnapshot();
  }

  /** Adopts the ALL_OLD item of the account's failed condition (undefined: no such account). */
  adopt(item: Item | undefined): AccountSnapshot | undefined {
    this.#loaded = true;
    this.#fresh = true;
    this.#snapshot = item === undefined ? undefined : accountFromItem(item);
    if (this.#snapshot !== undefined) this.cache.remember(this.accountId, this.#snapshot);
    return this.#ownSnapshot();
  }

  /** Records the account as a committed movement left it. */
  committed(snapshot: AccountSnapshot): void {
    this.#snapshot = snapshot;
    this.cache.remember(this.accountId, snapshot);
  }

  #ownSnapshot(): AccountSnapshot | undefined {
    return this.#snapshot?.ownerId === this.caller ? this.#snapshot : undefined;
  }
}
