import { ServiceUnavailableError } from '../http/service-unavailable-error.js';

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
  /** `Retry-After` sent with the 503 when the budget runs out, in seconds. @default 1 */
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
 * The retries one request may still make: bounded in number and by the invocation's remaining
 * time. Backoff is exponential with full jitter, so many instances retrying against one hot
 * account spread out instead of colliding again.
 */
export class RetryBudget {
  #retries = 0;

  /**
   * @param remainingMs the invocation's remaining time (`context.getRemainingTimeInMillis`).
   */
  constructor(
    private readonly remainingMs: () => number,
    private readonly policy: RetryPolicy = defaultRetryPolicy,
    private readonly sleep: Sleep = realSleep,
    private readonly random: () => number = Math.random,
  ) {}

  /** Retries made so far. */
  get retries(): number {
    return this.#retries;
  }

  /**
   * Waits before the next retry.
   *
   * @throws ServiceUnavailableError (with `cause`) when no retry is left or the wait would eat
   *   into the safety margin.
   */
  async backoff(cause: unknown): Promise<void> {
    const { baseDelayMs, maxDelayMs, maxRetries, safetyMarginMs, retryAfterSeconds } = this.policy;
    if (this.#retries >= maxRetries) throw new ServiceUnavailableError(retryAfterSeconds, { cause });
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(this.#retries, 30));
    const delay = Math.floor(this.random() * ceiling);
    if (this.remainingMs() - safetyMarginMs <= delay) throw new ServiceUnavailableError(retryAfterSeconds, { cause });
    this.#retries += 1;
    await this.sleep(delay);
  }
}
