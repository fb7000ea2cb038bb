import { createHash } from 'node:crypto';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { encodeStoredResponse, type ResponseEncodingLimits } from './record.js';
import type { IdempotencyRecordStore } from './record-store.js';
import { storedResponseOf, type StoredResponse } from './stored-response.js';

/**
 * Thrown by a handler whose transaction was cancelled on the completion action
 * (`CancellationReasons[i].Code === 'ConditionalCheckFailed'` at the action's index): another
 * invocation took the key over, the transaction applied nothing, and the middleware answers
 * 409 `idempotency_request_in_progress` without touching the record (it is not ours).
 */
export class IdempotencyLeaseLostError extends Error {
  override readonly name = 'IdempotencyLeaseLostError';
  readonly code = 'idempotency_lease_lost';
  readonly status = 409;

  constructor(options?: ErrorOptions) {
    super('another invocation took the idempotency key over; nothing was applied', options);
  }
}

/** Thrown by {@link idempotencyClaimOf} when the idempotency middleware holds no claim for this invocation. */
export class IdempotencyClaimMissingError extends Error {
  override readonly name = 'IdempotencyClaimMissingError';
  readonly code = 'idempotency_claim_missing';

  constructor() {
    super('no idempotency claim for this invocation: is the idempotency middleware in the chain, and was the request keyed?');
  }
}

/** Thrown when a handler uses its claim in a way that would break the replay guarantee. */
export class IdempotencyClaimMisuseError extends Error {
  override readonly name = 'IdempotencyClaimMisuseError';
  readonly code = 'idempotency_claim_misuse';
}

/** What a claim needs from the middleware that made it. */
export interface IdempotencyClaimSettings {
  readonly store: IdempotencyRecordStore;
  readonly clock: () => number;
  readonly retentionSeconds: number;
  readonly limits: ResponseEncodingLimits;
}

/** A completion the handler committed in its own transaction. */
export interface CommittedCompletion {
  readonly response: StoredResponse;
  /** Epoch seconds. */
  readonly expiresAt: number;
  readonly compressed: boolean;
}

/**
 * This invocation's hold on its idempotency key: the record id, the lease token and what the
 * handler needs to complete the record inside its own DynamoDB transaction.
 */
export class IdempotencyClaim {
  readonly #settings: IdempotencyClaimSettings;
  readonly #offered = new Map<string, CommittedCompletion>();
  #committed: CommittedCompletion | undefined;

  constructor(
    /** Record id: SHA-256 of scope and key; safe to log. */
    readonly keyHash: string,
    readonly fingerprint: string,
    readonly leaseToken: string,
    /** Epoch milliseconds at which the lease runs out. */
    readonly leaseExpiresAt: number,
    settings: IdempotencyClaimSettings,
  ) {
    this.#settings = settings;
  }

  /**
   * The ClientRequestToken for attempt `attempt` (1, 2, ...) of the handler's transaction:
   * 36 hex characters derived from the record id, the lease token and the attempt. An SDK retry
   * of the same attempt reuses it, so DynamoDB applies the transaction once; a new attempt
   * (rebuilt after a cancellation) gets another token, so it never collides with the first.
   *
   * @throws RangeError unless `attempt` is a positive integer.
   */
  clientRequestToken(attempt: number): string {
    if (!Number.isSafeInteger(attempt) || attempt < 1) throw new RangeError('attempt must be a positive integer');
    return createHash('sha256').update(`${this.keyHash}\n${this.leaseToken}\n${attempt}`).digest('hex').slice(0, 36);
  }

  /**
   * The completion as a TransactWriteItem (low-level AttributeValue shape): an Update that marks
   * the record COMPLETED with `response`, conditioned on status IN_PROGRESS and our lease token.
   * Put it in the transaction that does the handler's work, then call {@link markCompleted}.
   *
   * @throws IdempotencyClaimMisuseError for a 5xx response (never stored).
   * @throws IdempotencyResponseTooLargeError when the response cannot be stored even compressed;
   *   nothing has committed yet, so letting it propagate releases the key.
   */
  completionAction(response: APIGatewayProxyResultV2): TransactWriteItem {
    const stored = storedResponseOf(response);
    if (stored.statusCode >= 500) throw new IdempotencyClaimMisuseError('a 5xx response is never stored; throw or return it instead');
    const encoded = encodeStoredResponse(stored, this.#settings.limits);
    const expiresAt = Math.floor(this.#settings.clock() / 1000) + this.#settings.retentionSeconds;
    this.#offered.set(JSON.stringify(stored), { response: stored, expiresAt, compressed: encoded.compressed });
    return this.#settings.store.completionAction({ id: this.keyHash, leaseToken: this.leaseToken, response: encoded.value, expiresAt });
  }

  /**
   * Records that the transaction holding the completion for `response` succeeded: the
   * middleware's `after` then writes nothing, and sends exactly this response.
   *
   * @throws IdempotencyClaimMisuseError when no completion action was built for this response.
   */
  markCompleted(response: APIGatewayProxyResultV2): void {
    const committed = this.#offered.get(JSON.stringify(storedResponseOf(response)));
    if (committed === undefined) {
      throw new IdempotencyClaimMisuseError('markCompleted got a response no completionAction was built for');
    }
    this.#committed = committed;
  }

  /** The completion the handler committed, if it called {@link markCompleted}. */
  get committed(): CommittedCompletion | undefined {
    return this.#committed;
  }
}

const claims = new WeakMap<Context, IdempotencyClaim>();

/**
 * The claim the idempotency middleware made for this invocation.
 *
 * @throws IdempotencyClaimMissingError when the middleware is not in the chain, or let an
 *   unkeyed request through (`required: false`).
 */
export function idempotencyClaimOf(context: Context): IdempotencyClaim {
  const claim = claims.get(context);
  if (claim === undefined) throw new IdempotencyClaimMissingError();
  return claim;
}

/** The claim for this invocation, or undefined when the request runs unprotected. */
export function findIdempotencyClaim(context: Context): IdempotencyClaim | undefined {
  return claims.get(context);
}

/**
 * Attaches `claim` to the invocation's context (a WeakMap keyed by the context object, so the
 * context is not mutated). Used by the middleware only.
 */
export function attachIdempotencyClaim(context: Context, claim: IdempotencyClaim): void {
  claims.set(context, claim);
}

/** Detaches the claim once the invocation is settled. Used by the middleware only. */
export function detachIdempotencyClaim(context: Context): void {
  claims.delete(context);
}
