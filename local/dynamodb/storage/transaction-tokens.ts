/**
 * TransactWriteItems' ClientRequestToken memory. A token is remembered for ten minutes after
 * the transaction that used it succeeded, with a fingerprint of its request. Only successful
 * transactions are remembered: when the first request with a token was cancelled (or rejected),
 * nothing was written, and DynamoDB executes a retry with that token as a new request.
 */

/** How long a token stays bound to its request. */
export const tokenLifetimeMs = 10 * 60 * 1000;

interface Remembered {
  readonly fingerprint: string;
  readonly expiresAt: number;
}

/** Outcome of looking a token up. */
export type TokenLookup = 'new' | 'replay' | 'mismatch';

/** The tokens of recent successful transactions. */
export class TransactionTokens {
  private readonly tokens = new Map<string, Remembered>();

  constructor(private readonly now: () => number) {}

  /**
   * Whether a request with this token and fingerprint is new, a replay of the remembered
   * request, or a different request reusing the token.
   */
  lookup(token: string, fingerprint: string): TokenLookup {
    const remembered = this.tokens.get(token);
    if (remembered === undefined) return 'new';
    if (remembered.expiresAt <= this.now()) {
      this.tokens.delete(token);
      return 'new';
    }
    return remembered.fingerprint === fingerprint ? 'replay' : 'mismatch';
  }

  /** Remembers the token of a transaction that has just succeeded. */
  remember(token: string, fingerprint: string): void {
    const now = this.now();
    this.evictExpired(now);
    this.tokens.set(token, { fingerprint, expiresAt: now + tokenLifetimeMs });
  }

  /** How many tokens are remembered (expired ones may linger until the next remember). */
  get size(): number {
    return this.tokens.size;
  }

  /** Forgets every token. */
  clear(): void {
    this.tokens.clear();
  }

  /**
   * Every token lives equally long and a Map iterates in insertion order, so the expired ones
   * are at the front: dropping them costs O(1) per remembered token, however many are alive.
   */
  private evictExpired(now: number): void {
    for (const [token, remembered] of this.tokens) {
      if (remembered.expiresAt > now) return;
      this.tokens.delete(token);
    }
  }
}
