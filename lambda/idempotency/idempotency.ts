import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import {
  attachIdempotencyClaim,
  detachIdempotencyClaim,
  findIdempotencyClaim,
  IdempotencyClaim,
  IdempotencyLeaseLostError,
  type IdempotencyClaimSettings,
} from './claim.js';
import { findJsonBody } from '../http/json-body.js';
import { requestFingerprint } from './fingerprint.js';
import { parseIdempotencyKey } from './idempotency-key.js';
import {
  loggableError,
  type IdempotencyLogEntry,
  type IdempotencyOutcome,
  type RouteCacheCheck,
  type SharedCacheLookupOutcome,
  type SharedCacheWriteOutcome,
} from './idempotency-log.js';
import { idempotencyResponses, unavailableResponse } from './idempotency-responses.js';
import { LruCache } from '../shared/lru-cache.js';
import { resolveIdempotencyOptions, type IdempotencyOptions, type IdempotentHttpEvent } from './options.js';
import { encodeStoredResponse, IdempotencyResponseTooLargeError, type EncodedResponse } from './record.js';
import { recordIdOf } from './record-id.js';
import { IdempotencyRecordStore } from './record-store.js';
import { storedResponseOf, type StoredResponse } from './stored-response.js';

/** A completed record as the local cache keeps it. */
interface CachedCompletion {
  readonly fingerprint: string;
  readonly response: StoredResponse;
}

type Result = APIGatewayProxyResultV2;

const levels: Readonly<Record<IdempotencyOutcome, IdempotencyLogEntry['level']>> = {
  claimed: 'info',
  replayed: 'info',
  conflict: 'info',
  reused: 'info',
  completed: 'info',
  released: 'info',
  unprotected: 'info',
  key_missing: 'info',
  key_invalid: 'info',
  answered_before_claim: 'info',
  release_skipped: 'warn',
  lease_lost: 'warn',
  completion_cancelled: 'warn',
  response_too_large: 'warn',
  release_failed: 'error',
  completion_failed: 'error',
};

/**
 * Middy middleware that makes an HTTP API (payload 2.0) handler idempotent with records in a
 * DynamoDB table. Put it innermost (after body parsing and validation, which must not use up a
 * key). Per request, in `before`: read the key (400 when missing or malformed), fingerprint the
 * raw request, then claim the key with one conditional PutItem. A duplicate is answered right
 * there, and the handler does not run: the stored response (`Idempotent-Replayed: true`), 409
 * while another invocation holds the key, 422 when the key was used for another request.
 * After the handler, a response below 500 is stored (unless the handler committed it in its own
 * transaction, see `idempotencyClaimOf`); a thrown error or a 5xx releases the key. With a
 * `sharedCache`, a completed record found there is answered before the claim (no DynamoDB call),
 * and a record is written there only once its completion has committed; any miss or fault of the
 * cache leaves the request to DynamoDB, as without it.
 *
 * State machine, record format and limits: docs/idempotency.md.
 *
 * @throws IdempotencyConfigurationError at construction when an option is invalid.
 */
export function idempotency<TEvent extends IdempotentHttpEvent = IdempotentHttpEvent>(
  options: IdempotencyOptions<TEvent>,
): MiddlewareObj<TEvent, Result> {
  const config = resolveIdempotencyOptions(options);
  const client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
  const store = new IdempotencyRecordStore(client, config.tableName, config.attributes);
  const cache = config.cacheSize > 0 ? new LruCache<string, CachedCompletion>(config.cacheSize) : undefined;
  const headerName = config.headerName.toLowerCase();
  const limits = { compressThresholdBytes: config.compressThresholdBytes, maxStoredResponseBytes: config.maxStoredResponseBytes };
  const settings: IdempotencyClaimSettings = { store, clock: config.clock, retentionSeconds: config.retentionSeconds, limits };

  const log = (outcome: IdempotencyOutcome, fields: Omit<IdempotencyLogEntry, 'level' | 'message' | 'outcome'> = {}): void => {
    try {
      config.logger({ level: levels[outcome], message: 'idempotency', outcome, ...fields });
    } catch {
      // A failing logger must not change what the client gets.
    }
  };

  const remember = (keyHash: string, completion: CachedCompletion, expiresAtSeconds: number): void => {
    cache?.set(keyHash, completion, expiresAtSeconds * 1000);
  };

  type AnswerSource = { readonly fromCache: boolean; readonly fromSharedCache?: true; readonly sharedCache?: SharedCacheLookupOutcome; readonly sharedCacheWrite?: SharedCacheWriteOutcome };

  const answerCompleted = (keyHash: string, fingerprint: string, completion: CachedCompletion, source: AnswerSource): Result => {
    if (completion.fingerprint !== fingerprint) {
      log('reused', { keyHash, statusCode: 422, ...source });
      return idempotencyResponses.keyReused();
    }
    log('replayed', { keyHash, statusCode: completion.response.statusCode, ...source });
    return idempotencyResponses.replay(completion.response);
  };

  const sharedCache = config.sharedCache;

  /** Writes a record that has committed in DynamoDB (and only such a record) to the shared cache. */
  const writeShared = async (keyHash: string, completion: CachedCompletion, expiresAtSeconds: number): Promise<SharedCacheWriteOutcome | undefined> =>
    sharedCache?.keep(config.tableName, keyHash, completion, expiresAtSeconds, config.clock());

  /** What happens once a completion has committed: the shared record, then the route's hook, in parallel. */
  const afterCommit = async (
    request: Request<TEvent, Result>,
    keyHash: string,
    completion: CachedCompletion,
    expiresAtSeconds: number,
  ): Promise<{ readonly sharedCacheWrite?: SharedCacheWriteOutcome; readonly routeCache?: RouteCacheCheck }> => {
    const hook = config.afterCompletion;
    const [sharedCacheWrite, routeCache] = await Promise.all([
      writeShared(keyHash, completion, expiresAtSeconds),
      hook === undefined
        ? undefined
        : // The completion has committed: a failing hook must not turn it into an error response.
          hook({ event: request.event, context: request.context, keyHash, response: completion.response }).catch(
            (): RouteCacheCheck => ({ name: 'after_completion', outcome: 'error' }),
          ),
    ]);
    return { ...(sharedCacheWrite === undefined ? {} : { sharedCacheWrite }), ...(routeCache === undefined ? {} : { routeCache }) };
  };

  const release = async (claim: IdempotencyClaim, statusCode: number | undefined, cause: unknown): Promise<void> => {
    const status = statusCode === undefined ? {} : { statusCode };
    try {
      const outcome = await store.release(claim.keyHash, claim.leaseToken);
      log(outcome === 'released' ? 'released' : 'release_skipped', { keyHash: claim.keyHash, ...status, ...errorField(cause) });
    } catch (error) {
      // Never mask the original outcome: the lease expiry frees the key instead.
      log('release_failed', { keyHash: claim.keyHash, ...status, error: loggableError(error) });
    }
  };

  const idempotencyBefore = async (request: Request<TEvent, Result>): Promise<Result | undefined> => {
    const { event, context } = request;
    const header = headerValue(event.headers, headerName);
    if (header === undefined) {
      if (!config.required) {
        log('unprotected');
        return undefined;
      }
      log('key_missing', { statusCode: 400 });
      return idempotencyResponses.keyMissing(config.headerName);
    }
    const parsed = parseIdempotencyKey(header);
    if (!parsed.ok) {
      log('key_invalid', { statusCode: 400 });
      return idempotencyResponses.keyInvalid(config.headerName, parsed.reason);
    }
    const keyHash = recordIdOf(config.scope(event, context), parsed.key);
    // Computed before the handler runs: a handler that mutates the event cannot change it.
    const fingerprint = requestFingerprint({
      method: event.requestContext.http.method,
      path: event.rawPath,
      body: event.body,
      isBase64Encoded: event.isBase64Encoded,
      validatedBody: findJsonBody(event),
    });

    const now = config.clock();
    const cached = cache?.get(keyHash, now);
    if (cached !== undefined) return answerCompleted(keyHash, fingerprint, cached, { fromCache: true });

    let sharedLookup: SharedCacheLookupOutcome | undefined;
    if (sharedCache !== undefined) {
      const shared = await sharedCache.find(config.tableName, keyHash, now);
      if (shared.outcome === 'hit') {
        remember(keyHash, shared.completion, shared.expiresAt);
        return answerCompleted(keyHash, fingerprint, shared.completion, { fromCache: false, fromSharedCache: true, sharedCache: 'hit' });
      }
      sharedLookup = shared.outcome;
    }
    const lookupField = sharedLookup === undefined ? {} : { sharedCache: sharedLookup };
    let routeCheck: RouteCacheCheck | undefined;
    if (config.beforeClaim !== undefined) {
      const decided = await config.beforeClaim({ event, context, keyHash, sharedCacheMiss: sharedLookup === 'miss' });
      if (decided?.response !== undefined) {
        const statusCode = storedResponseOf(decided.response).statusCode;
        log('answered_before_claim', { keyHash, statusCode, ...lookupField, ...(decided.check === undefined ? {} : { routeCache: decided.check }) });
        return decided.response;
      }
      routeCheck = decided?.check;
    }

    const leaseExpiresAt = now + Math.min(remainingMillis(context), config.leaseCapMillis);
    const leaseToken = randomUUID();
    const result = await store.claim({
      id: keyHash,
      fingerprint,
      leaseToken,
      leaseExpiresAt,
      // The record must outlive its lease, or the claim condition would free a live lease.
      expiresAt: Math.max(Math.floor(now / 1000) + config.retentionSeconds, Math.ceil(leaseExpiresAt / 1000)),
      now,
    });
    const checkField = routeCheck === undefined ? {} : { routeCache: routeCheck };
    if (result.claimed) {
      attachIdempotencyClaim(context, new IdempotencyClaim(keyHash, fingerprint, leaseToken, leaseExpiresAt, settings));
      log('claimed', { keyHash, leaseExpiresAt, replaced: result.replaced, ...lookupField, ...checkField });
      return undefined;
    }
    const existing = result.existing;
    if (existing.status === 'COMPLETED') {
      const completion = { fingerprint: existing.fingerprint, response: existing.response };
      remember(keyHash, completion, existing.expiresAt);
      // Committed in DynamoDB, so it may go to the shared cache: the next replay on any instance is free.
      const sharedCacheWrite = await writeShared(keyHash, completion, existing.expiresAt);
      return answerCompleted(keyHash, fingerprint, completion, {
        fromCache: false,
        ...lookupField,
        ...(sharedCacheWrite === undefined ? {} : { sharedCacheWrite }),
      });
    }
    if (existing.fingerprint !== fingerprint) {
      log('reused', { keyHash, statusCode: 422, fromCache: false, ...lookupField });
      return idempotencyResponses.keyReused();
    }
    const retryAfterSeconds = retryAfterOf(existing.leaseExpiresAt - now);
    log('conflict', { keyHash, statusCode: 409, retryAfterSeconds, ...lookupField, ...checkField });
    return idempotencyResponses.inProgress(retryAfterSeconds);
  };

  const idempotencyAfter = async (request: Request<TEvent, Result>): Promise<void> => {
    const claim = findIdempotencyClaim(request.context);
    if (claim === undefined) return;
    // Settled from here on: an error thrown by an outer `after` must not release the record.
    detachIdempotencyClaim(request.context);

    const committed = claim.committed;
    if (committed !== undefined) {
      const completion = { fingerprint: claim.fingerprint, response: committed.response };
      remember(claim.keyHash, completion, committed.expiresAt);
      // The handler's transaction has committed by now (markCompleted follows the commit): only now may the caches learn of it.
      const cacheFields = await afterCommit(request, claim.keyHash, completion, committed.expiresAt);
      log('completed', { keyHash: claim.keyHash, statusCode: committed.response.statusCode, transactional: true, compressed: committed.compressed, ...cacheFields });
      // The first client gets exactly what every replay will get.
      request.response = idempotencyResponses.first(committed.response);
      return;
    }

    const response = storedResponseOf(request.response);
    if (response.statusCode >= 500) {
      await release(claim, response.statusCode, undefined);
      return;
    }
    let stored = response;
    let encoded: EncodedResponse;
    try {
      encoded = encodeStoredResponse(response, limits);
    } catch (error) {
      if (!(error instanceof IdempotencyResponseTooLargeError)) throw error;
      // The operation already ran: store a fixed answer so that it never runs again.
      log('response_too_large', { keyHash: claim.keyHash, statusCode: response.statusCode, error: loggableError(error) });
      stored = unavailableResponse();
      encoded = encodeStoredResponse(stored, limits);
    }
    const expiresAt = Math.floor(config.clock() / 1000) + config.retentionSeconds;
    try {
      const result = await store.complete({ id: claim.keyHash, leaseToken: claim.leaseToken, response: encoded.value, expiresAt });
      if (result.completed) {
        const completion = { fingerprint: claim.fingerprint, response: stored };
        remember(claim.keyHash, completion, expiresAt);
        const cacheFields = await afterCommit(request, claim.keyHash, completion, expiresAt);
        log('completed', { keyHash: claim.keyHash, statusCode: stored.statusCode, transactional: false, compressed: encoded.compressed, ...cacheFields });
        return;
      }
      log('lease_lost', { keyHash: claim.keyHash, statusCode: response.statusCode });
      const existing = result.existing;
      if (existing?.status === 'COMPLETED' && existing.fingerprint === claim.fingerprint) {
        // The invocation that took over finished first: answer what every replay will answer.
        request.response = idempotencyResponses.replay(existing.response);
      }
    } catch (error) {
      // The operation ran; its response still goes out. The key stays claimed until the lease runs out.
      log('completion_failed', { keyHash: claim.keyHash, statusCode: response.statusCode, error: loggableError(error) });
    }
  };

  const idempotencyOnError = async (request: Request<TEvent, Result>): Promise<Result | undefined> => {
    const claim = findIdempotencyClaim(request.context);
    if (claim === undefined) return undefined;
    detachIdempotencyClaim(request.context);
    if (request.error instanceof IdempotencyLeaseLostError) {
      log('completion_cancelled', { keyHash: claim.keyHash, statusCode: 409, transactional: true });
      return idempotencyResponses.inProgress(1);
    }
    if (claim.committed !== undefined) {
      // The record is COMPLETED by the handler's transaction; a retry replays it.
      log('completed', { keyHash: claim.keyHash, transactional: true, ...errorField(request.error) });
      return undefined;
    }
    await release(claim, undefined, request.error);
    return undefined;
  };

  return { before: idempotencyBefore, after: idempotencyAfter, onError: idempotencyOnError, name: 'idempotency' };
}

function headerValue(headers: Readonly<Record<string, string | undefined>> | undefined, lowerCaseName: string): string | undefined {
  if (headers === undefined) return undefined;
  // HTTP API lower-cases header names; other event sources may not.
  const exact = headers[lowerCaseName];
  if (exact !== undefined) return exact;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === lowerCaseName && value !== undefined) return value;
  }
  return undefined;
}

/**
 * Longest `Retry-After` of a 409 in progress, in seconds. The holder's lease runs for the rest of
 * its invocation, but most holders finish in milliseconds: a hint longer than this would make
 * clients wait for nothing, and a retry that comes too early only costs another cheap 409.
 */
export const maxInProgressRetryAfterSeconds = 2;

/** The holder's remaining lease in whole seconds, rounded up, at least 1 and at most the cap. */
function retryAfterOf(remainingLeaseMillis: number): number {
  return Math.min(maxInProgressRetryAfterSeconds, Math.max(1, Math.ceil(remainingLeaseMillis / 1000)));
}

function remainingMillis(context: Context): number {
  // Outside Lambda (tests, local runners) the context may lack the method.
  const remaining = (context as Partial<Context>).getRemainingTimeInMillis?.call(context);
  return typeof remaining === 'number' && Number.isFinite(remaining) ? Math.max(remaining, 1) : Number.POSITIVE_INFINITY;
}

function errorField(error: unknown): { readonly error?: { readonly name: string; readonly code?: string } } {
  return error === undefined || error === null ? {} : { error: loggableError(error) };
}
