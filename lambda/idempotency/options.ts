import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { callerOf } from '../http/caller.js';
import { idempotencyLog, type IdempotencyLogger, type RouteCacheCheck } from './idempotency-log.js';
import type { SharedRecordCache } from './shared-record-cache.js';
import type { StoredResponse } from './stored-response.js';

/** The HTTP API (payload 2.0) events the middleware protects. */
export type IdempotentHttpEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithIAMAuthorizer;

/** Names of the attributes of an idempotency record. */
export interface IdempotencyAttributeNames {
  /** Partition key (S): hash of scope and key. @default 'id' */
  readonly id: string;
  /** `IN_PROGRESS` or `COMPLETED` (S). @default 'status' */
  readonly status: string;
  /** Request fingerprint (S, hex SHA-256). @default 'fingerprint' */
  readonly fingerprint: string;
  /** Random token of the invocation holding the key (S); removed on completion. @default 'leaseToken' */
  readonly leaseToken: string;
  /** Epoch milliseconds at which the lease runs out (N); removed on completion. @default 'leaseExpiresAt' */
  readonly leaseExpiresAt: string;
  /** Epoch seconds after which the record counts as absent (N): the table's TTL attribute. @default 'expiresAt' */
  readonly expiresAt: string;
  /** The stored response (S: JSON, or B: gzip-compressed JSON). @default 'response' */
  readonly response: string;
}

/** Options shared by both ways of giving the middleware its DynamoDB client. */
export interface IdempotencyCommonOptions<TEvent extends IdempotentHttpEvent = IdempotentHttpEvent> {
  /** Physical name of the idempotency table (partition key `id`, S). Required. */
  readonly tableName: string;
  /** Attribute names, merged over the defaults. @default idempotencyDefaults.attributes */
  readonly attributes?: Partial<IdempotencyAttributeNames>;
  /** How long a completed response is kept and replayed, in seconds. @default 86_400 (24 h) */
  readonly retentionSeconds?: number;
  /**
   * Upper bound of a lease, in milliseconds. A lease lasts the invocation's remaining time
   * (`context.getRemainingTimeInMillis()`), capped by this; without a Lambda context it lasts
   * exactly this. @default 900_000 (Lambda's longest timeout, so the cap never cuts a lease short)
   */
  readonly leaseCapMillis?: number;
  /** Request header carrying the key (matched case-insensitively). @default 'Idempotency-Key' */
  readonly headerName?: string;
  /**
   * When true a request without a key is refused with 400 `idempotency_key_missing`; when false
   * it runs unprotected (no claim: `idempotencyClaimOf` throws, `findIdempotencyClaim` is undefined).
   * @default true
   */
  readonly required?: boolean;
  /**
   * The scope that keys are unique within. Two scopes never share records.
   * @default callerOf(event): the IAM caller's account and unique id (throws the 401 `unauthenticated` Problem without one)
   */
  readonly scope?: (event: TEvent, context: Context) => string;
  /** Entries of the in-process cache of completed records; 0 disables it. @default 0 */
  readonly cacheSize?: number;
  /**
   * Completed records shared by every instance (Valkey or Redis): read before the claim (a hit
   * replays, or answers 422, with no DynamoDB call), written once the completion has committed in
   * DynamoDB, never before. A miss, a fault or an entry it cannot trust falls through to the
   * claim, exactly as without it. See docs/idempotency.md, "The shared cache".
   * @default undefined (off)
   */
  readonly sharedCache?: SharedRecordCache;
  /**
   * Runs when the request is about to be claimed in DynamoDB (no cache knew its key). It may
   * start work the claim need not wait for, or answer the request itself: such an answer is
   * neither claimed nor stored, so it must be one that holds whatever the key's history.
   * @default undefined
   */
  readonly beforeClaim?: BeforeClaim<TEvent>;
  /**
   * Runs once the request's completion has committed in DynamoDB (in the handler's transaction
   * or the middleware's own write), before the response goes out; e.g. to write what the
   * route keeps in the shared cache. Not run for replays.
   * @default undefined
   */
  readonly afterCompletion?: AfterCompletion<TEvent>;
  /** Serialised responses larger than this many bytes are stored gzip-compressed. @default 4_096 */
  readonly compressThresholdBytes?: number;
  /**
   * Largest stored response (after compression) in bytes; DynamoDB items stop at 400 KB.
   * A larger response is never stored: see docs/idempotency.md, "Large responses".
   * @default 350_000
   */
  readonly maxStoredResponseBytes?: number;
  /** Current time in epoch milliseconds. @default Date.now */
  readonly clock?: () => number;
  /** Receives one entry per outcome. @default idempotencyLog (one JSON line on stdout) */
  readonly logger?: IdempotencyLogger;
}

/** What a {@link BeforeClaim} hook is given. */
export interface BeforeClaimInput<TEvent> {
  readonly event: TEvent;
  readonly context: Context;
  /** The record id of the request's key (hash of scope and key). */
  readonly keyHash: string;
  /**
   * True only when the shared cache answered that it holds no completed record for this key;
   * false when there is no shared cache or it could not answer (then nothing is known of the key).
   */
  readonly sharedCacheMiss: boolean;
}

/** What a {@link BeforeClaim} hook decided. */
export interface BeforeClaimResult {
  /** The answer to send instead of claiming the key (never stored). */
  readonly response?: APIGatewayProxyResultV2;
  /** What the hook's own cache lookup found, for the request's log entry. */
  readonly check?: RouteCacheCheck;
}

/** See {@link IdempotencyCommonOptions.beforeClaim}. */
export type BeforeClaim<TEvent> = (input: BeforeClaimInput<TEvent>) => Promise<BeforeClaimResult | undefined> | BeforeClaimResult | undefined;

/** What an {@link AfterCompletion} hook is given. */
export interface AfterCompletionInput<TEvent> {
  readonly event: TEvent;
  readonly context: Context;
  readonly keyHash: string;
  /** The response committed with the record: what the client and every replay get. */
  readonly response: StoredResponse;
}

/** See {@link IdempotencyCommonOptions.afterCompletion}; resolves to what its cache write did, for the log entry. */
export type AfterCompletion<TEvent> = (input: AfterCompletionInput<TEvent>) => Promise<RouteCacheCheck | undefined>;

/**
 * Options of {@link import('./idempotency.js').idempotency}. The DynamoDB client is either
 * injected (`client`) or built from `clientConfig`, never both.
 */
export type IdempotencyOptions<TEvent extends IdempotentHttpEvent = IdempotentHttpEvent> = IdempotencyCommonOptions<TEvent> &
  (
    | {
        /** The client to use (shared with the handler, or instrumented in tests). */
        readonly client: DynamoDBClient;
        readonly clientConfig?: never;
      }
    | {
        readonly client?: never;
        /** Configuration of the client the middleware builds once. @default {} */
        readonly clientConfig?: DynamoDBClientConfig;
      }
  );

/** Options after defaults were merged and every value validated. */
export interface ResolvedIdempotencyOptions<TEvent extends IdempotentHttpEvent = IdempotentHttpEvent> {
  readonly tableName: string;
  readonly attributes: IdempotencyAttributeNames;
  readonly retentionSeconds: number;
  readonly leaseCapMillis: number;
  readonly headerName: string;
  readonly required: boolean;
  readonly scope: (event: TEvent, context: Context) => string;
  readonly cacheSize: number;
  readonly sharedCache: SharedRecordCache | undefined;
  readonly beforeClaim: BeforeClaim<TEvent> | undefined;
  readonly afterCompletion: AfterCompletion<TEvent> | undefined;
  readonly compressThresholdBytes: number;
  readonly maxStoredResponseBytes: number;
  readonly clock: () => number;
  readonly logger: IdempotencyLogger;
}

/** The defaults, merged once at construction. */
export const idempotencyDefaults = {
  attributes: {
    id: 'id',
    status: 'status',
    fingerprint: 'fingerprint',
    leaseToken: 'leaseToken',
    leaseExpiresAt: 'leaseExpiresAt',
    expiresAt: 'expiresAt',
    response: 'response',
  },
  retentionSeconds: 86_400,
  leaseCapMillis: 900_000,
  headerName: 'Idempotency-Key',
  required: true,
  scope: (event: IdempotentHttpEvent): string => callerOf(event),
  cacheSize: 0,
  sharedCache: undefined,
  beforeClaim: undefined,
  afterCompletion: undefined,
  compressThresholdBytes: 4_096,
  maxStoredResponseBytes: 350_000,
  clock: Date.now,
  logger: idempotencyLog,
} as const satisfies Omit<ResolvedIdempotencyOptions, 'tableName'>;

/** Raised at construction when an option is missing or out of range; says which and why. */
export class IdempotencyConfigurationError extends Error {
  override readonly name = 'IdempotencyConfigurationError';
  readonly code = 'idempotency_configuration_invalid';

  constructor(
    readonly option: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`idempotency option "${option}" ${reason}`, options);
  }
}

/** Upper bound of `maxStoredResponseBytes`: the 400 KB item limit minus room for the other attributes. */
const largestStoredResponse = 390_000;
const tableNamePattern = /^[A-Za-z0-9_.-]{3,255}$/;
// RFC 9110 token characters: what a header field name may contain.
const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Merges `options` over {@link idempotencyDefaults} and validates the result, once.
 *
 * @throws IdempotencyConfigurationError naming the first bad option.
 */
export function resolveIdempotencyOptions<TEvent extends IdempotentHttpEvent>(
  options: IdempotencyOptions<TEvent>,
): ResolvedIdempotencyOptions<TEvent> {
  const resolved: ResolvedIdempotencyOptions<TEvent> = {
    tableName: options.tableName,
    attributes: { ...idempotencyDefaults.attributes, ...options.attributes },
    retentionSeconds: options.retentionSeconds ?? idempotencyDefaults.retentionSeconds,
    leaseCapMillis: options.leaseCapMillis ?? idempotencyDefaults.leaseCapMillis,
    headerName: options.headerName ?? idempotencyDefaults.headerName,
    required: options.required ?? idempotencyDefaults.required,
    scope: options.scope ?? idempotencyDefaults.scope,
    cacheSize: options.cacheSize ?? idempotencyDefaults.cacheSize,
    sharedCache: options.sharedCache ?? idempotencyDefaults.sharedCache,
    beforeClaim: options.beforeClaim ?? idempotencyDefaults.beforeClaim,
    afterCompletion: options.afterCompletion ?? idempotencyDefaults.afterCompletion,
    compressThresholdBytes: options.compressThresholdBytes ?? idempotencyDefaults.compressThresholdBytes,
    maxStoredResponseBytes: options.maxStoredResponseBytes ?? idempotencyDefaults.maxStoredResponseBytes,
    clock: options.clock ?? idempotencyDefaults.clock,
    logger: options.logger ?? idempotencyDefaults.logger,
  };
  validate(resolved, options);
  return resolved;
}

function validate(resolved: ResolvedIdempotencyOptions<never>, raw: IdempotencyOptions<never>): void {
  const fail = (option: string, reason: string): never => {
    throw new IdempotencyConfigurationError(option, reason);
  };
  if (typeof resolved.tableName !== 'string' || !tableNamePattern.test(resolved.tableName)) {
    fail('tableName', 'must be a DynamoDB table name (3-255 characters of A-Z a-z 0-9 _ . -)');
  }
  const names: [string, unknown][] = Object.entries(resolved.attributes);
  for (const [role, name] of names) {
    if (!(role in idempotencyDefaults.attributes)) fail(`attributes.${role}`, 'is not a known attribute');
    if (typeof name !== 'string' || name.length === 0 || name.length > 255) {
      fail(`attributes.${role}`, 'must be a non-empty string of at most 255 characters');
    }
  }
  if (new Set(names.map(([, name]) => name)).size !== names.length) fail('attributes', 'must name seven distinct attributes');
  positiveInteger('retentionSeconds', resolved.retentionSeconds, 10 * 365 * 86_400);
  positiveInteger('leaseCapMillis', resolved.leaseCapMillis, 900_000);
  if (typeof resolved.headerName !== 'string' || !headerNamePattern.test(resolved.headerName)) {
    fail('headerName', 'must be an HTTP header field name');
  }
  if (typeof resolved.required !== 'boolean') fail('required', 'must be a boolean');
  nonNegativeInteger('cacheSize', resolved.cacheSize, 1_000_000);
  positiveInteger('maxStoredResponseBytes', resolved.maxStoredResponseBytes, largestStoredResponse);
  nonNegativeInteger('compressThresholdBytes', resolved.compressThresholdBytes, resolved.maxStoredResponseBytes);
  for (const option of ['scope', 'clock', 'logger'] as const) {
    if (typeof resolved[option] !== 'function') fail(option, 'must be a function');
  }
  for (const option of ['beforeClaim', 'afterCompletion'] as const) {
    if (resolved[option] !== undefined && typeof resolved[option] !== 'function') fail(option, 'must be a function');
  }
  const shared = resolved.sharedCache as { readonly find?: unknown; readonly keep?: unknown } | undefined;
  if (shared !== undefined && (typeof shared.find !== 'function' || typeof shared.keep !== 'function')) {
    fail('sharedCache', 'must be a SharedRecordCache (e.g. sharedRecordCache(new SharedCache(client)))');
  }
  // The types already refuse both; JavaScript callers and casts can still pass them.
  const { client, clientConfig } = raw as { readonly client?: unknown; readonly clientConfig?: unknown };
  if (client !== undefined && clientConfig !== undefined) fail('client', 'and clientConfig are mutually exclusive');
  if (client !== undefined && (typeof client !== 'object' || client === null || typeof (client as { send?: unknown }).send !== 'function')) {
    fail('client', 'must be a DynamoDBClient');
  }

  function positiveInteger(option: string, value: unknown, max: number): void {
    if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > max) {
      fail(option, `must be an integer from 1 to ${max}`);
    }
  }
  function nonNegativeInteger(option: string, value: unknown, max: number): void {
    if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > max) {
      fail(option, `must be an integer from 0 to ${max}`);
    }
  }
}
