/** How retries are spaced and bounded. */
export interface RetryPolicy {
  /** First backoff ceiling, in ms; doubles with every retry. @default 10 */
  readonly baseDelayMs: number;
  /** Largest backoff ceiling, in ms. @default 400 */
  readonly maxDelayMs: number;
  /** Most retries per request, whatever time is left. @default 60 */
  readonly maxRetries: number;
  /** Time kept back from the invocation's remaining time, to answer and release the key. @default 1_000 */
  readonly safetyMarginMs: number;
  /** How long the client is told to wait when the budget runs out, in seconds. @default 1 */
  readonly retryAfterSeconds: number;
}

/** The defaults of RetryPolicy. */
export const defaultRetryPolicy: RetryPolicy = {
  baseDelayMs: 10,
  maxDelayMs: 400,
  maxRetries: 60,
  safetyMarginMs: 1_000,
  retryAfterSeconds: 1,
};

/** Waits `ms` milliseconds. */
export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * The request could not finish within its retry budget (contention, throttling, or an unknown
 * outcome that could not be resolved). The handlers answer it 503 with `Retry-After`.
 */
export class RetryBudgetExhaustedError extends Error {
  override readonly name = 'RetryBudgetExhaustedError';

  constructor(
    /** Whole seconds the client should wait before retrying. */
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super('the operation could not complete within its retry budget', options);
  }
}

/**
 * The retries one request may still make: bounded in number and by the invocation's remaining
 * time. Backoff is exponential with full jitter, so many instances retrying against one hot
 * account spread out instead of colliding again.
 */
export class RetryBudget {
  #retries = 0;
  readonly #remainingMs: () => number;
  readonly #policy: RetryPolicy;
  readonly #sleep: Sleep;
  readonly #random: () => number;

  /**
   * @param remainingMs the invocation's remaining time (`context.getRemainingTimeInMillis`).
   */
  constructor(remainingMs: () => number, policy: RetryPolicy = defaultRetryPolicy, sleep: Sleep = realSleep, random: () => number = Math.random) {
    this.#remainingMs = remainingMs;
    this.#policy = policy;
    this.#sleep = sleep;
    this.#random = random;
  }

  /** Retries made so far. */
  get retries(): number {
    return this.#retries;
  }

  /**
   * Waits before the next retry.
   *
   * @throws RetryBudgetExhaustedError (with `cause`) when no retry is left or the wait would eat
   *   into the safety margin.
   */
  async backoff(cause: unknown): Promise<void> {
    const { baseDelayMs, maxDelayMs, maxRetries, safetyMarginMs, retryAfterSeconds } = this.#policy;
    if (this.#retries >= maxRetries) throw new RetryBudgetExhaustedError(retryAfterSeconds, { cause });
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(this.#retries, 30));
    const delay = Math.floor(this.#random() * ceiling);
    if (this.#remainingMs() - safetyMarginMs <= delay) throw new RetryBudgetExhaustedError(retryAfterSeconds, { cause });
    this.#retries += 1;
    await this.#sleep(delay);
  }
}
