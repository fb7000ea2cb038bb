/** What happened to one request, as far as idempotency is concerned. */
export type IdempotencyOutcome =
  /** The key was free (or its lease or record had expired): this invocation runs the operation. */
  | 'claimed'
  /** A completed response was sent again. */
  | 'replayed'
  /** The key is held by a live lease of another invocation: 409. */
  | 'conflict'
  /** The key was used before with another fingerprint: 422. */
  | 'reused'
  /** The operation's response was stored (generic completion) or committed with it (transactional). */
  | 'completed'
  /** The claim was deleted after a thrown error or a 5xx, so the client may retry. */
  | 'released'
  /** The release found a record that is not ours (taken over, or already completed): nothing deleted. */
  | 'release_skipped'
  /** The release call itself failed; the lease expiry frees the key. */
  | 'release_failed'
  /** Another invocation took the key over before this one could store its response. */
  | 'lease_lost'
  /**
   * The handler's own transaction, carrying the completion, was cancelled by the completion's
   * condition (`IdempotencyLeaseLostError`): another invocation holds the key; nothing was applied.
   */
  | 'completion_cancelled'
  /** The operation ran but its response could not be stored; the lease expiry frees the key. */
  | 'completion_failed'
  /** The response was too large to store; replays get a fixed problem response instead. */
  | 'response_too_large'
  /** The request had no key and the middleware is configured to let such requests through. */
  | 'unprotected'
  /** 400: no key. */
  | 'key_missing'
  /** 400: malformed key. */
  | 'key_invalid'
  /** The route's `beforeClaim` hook answered the request itself: no claim, nothing stored. */
  | 'answered_before_claim';

/** What a read of the shared cache (Valkey/Redis) found. */
export type SharedCacheLookupOutcome =
  /** An entry this middleware (or route) wrote, for this very key: it answered. */
  | 'hit'
  /** No entry (or one past its expiry). */
  | 'miss'
  /** An entry that is not ours: not JSON, a field missing or malformed. Ignored. */
  | 'corrupt'
  /** A well-formed entry written for another key or another caller. Ignored. */
  | 'foreign'
  | SharedCacheFaultOutcome;

/** What a write to the shared cache did. */
export type SharedCacheWriteOutcome =
  /** The entry was written. */
  | 'written'
  /** An entry was there already (`SET … NX` left it). */
  | 'present'
  | SharedCacheFaultOutcome;

/** Why the shared cache gave no answer: too late, unreachable, or an error reply. */
export type SharedCacheFaultOutcome = 'timeout' | 'unavailable' | 'error';

/** A route's own use of the shared cache (e.g. an order marker), reported in the request's entry. */
export interface RouteCacheCheck {
  /** Short, stable name of what the route looked up or wrote, e.g. `order_marker`. */
  readonly name: string;
  readonly outcome: SharedCacheLookupOutcome | SharedCacheWriteOutcome;
}

/**
 * One structured log line. It names the key only by its hash (the record id, which also covers
 * the caller scope): never the raw key, never the request or response body.
 */
export interface IdempotencyLogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: 'idempotency';
  readonly outcome: IdempotencyOutcome;
  /** SHA-256 of scope and key: the record id. Absent when there was no valid key. */
  readonly keyHash?: string;
  readonly statusCode?: number;
  /** Whole seconds until the holder's lease runs out (conflicts). */
  readonly retryAfterSeconds?: number;
  /** Epoch milliseconds at which this invocation's lease runs out (claims). */
  readonly leaseExpiresAt?: number;
  /** What a claim replaced: nothing, an expired lease, or an expired record. */
  readonly replaced?: 'none' | 'expired_lease' | 'expired_record';
  /** True when a replay or rejection was answered from the local cache (no DynamoDB call). */
  readonly fromCache?: boolean;
  /** True when a replay or rejection was answered from the shared cache (no DynamoDB call). */
  readonly fromSharedCache?: boolean;
  /** What the read of the shared cache before the claim found (absent when it is off or was not read). */
  readonly sharedCache?: SharedCacheLookupOutcome;
  /** What the write of the completed record to the shared cache did (absent when it is off or was not written). */
  readonly sharedCacheWrite?: SharedCacheWriteOutcome;
  /** What the route's own hook found or wrote in the shared cache. */
  readonly routeCache?: RouteCacheCheck;
  /** True when the response was committed in the handler's own transaction. */
  readonly transactional?: boolean;
  /** True when the stored response was gzip-compressed. */
  readonly compressed?: boolean;
  /** Name and code of the error behind a failure; never its message, which may quote data. */
  readonly error?: { readonly name: string; readonly code?: string };
}

/** Receives every log entry; the default writes it to stdout as one JSON line. */
export type IdempotencyLogger = (entry: IdempotencyLogEntry) => void;

/** Writes the entry as one JSON line with `console.log` (CloudWatch keeps one event per line). */
export function idempotencyLog(entry: IdempotencyLogEntry): void {
  console.log(JSON.stringify(entry));
}

/** Describes an unknown thrown value for a log line without quoting its message. */
export function loggableError(error: unknown): { readonly name: string; readonly code?: string } {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? { name: error.name, code } : { name: error.name };
}
