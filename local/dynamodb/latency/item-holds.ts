/**
 * The items ongoing transactions hold, while the engine injects latency. DynamoDB refuses a
 * single-item write, or another transaction, touching an item that an ongoing transaction
 * includes (TransactionConflict); without latency a transaction is over before anything else
 * can run, so there is nothing to hold.
 */

/** An item as the holds know it: its table and canonical key. */
export function heldItemIdentity(tableName: string, keyId: string): string {
  return `${tableName}\u0000${keyId}`;
}

/** What one request may do with the holds: look, and hold items until its answer is sent. */
export interface RequestHolds {
  /** True when an ongoing transaction holds the item. */
  isHeld(identity: string): boolean;
  /** Holds the items until the request's answer is sent. */
  hold(identities: readonly string[]): void;
}

/** Every held item. A transaction never holds an item another one holds: it is refused instead. */
export class ItemHolds {
  readonly #held = new Set<string>();

  /**
   * The view of one request: what it holds is collected in `held`, for {@link ItemHolds.release}
   * once its answer has been sent.
   */
  forRequest(held: string[]): RequestHolds {
    return {
      isHeld: (identity) => this.#held.has(identity),
      hold: (identities) => {
        for (const identity of identities) {
          this.#held.add(identity);
          held.push(identity);
        }
      },
    };
  }

  /** Lets go of items a request held. */
  release(held: readonly string[]): void {
    for (const identity of held) this.#held.delete(identity);
  }

  /** How many distinct items are held. */
  get size(): number {
    return this.#held.size;
  }

  /** Lets go of everything (an engine reset). */
  clear(): void {
    this.#held.clear();
  }
}
