import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import type { IdempotencyCommonOptions } from '../../idempotency/options.js';
import type { InvocationTracing } from '../../tracing/invocation-tracing.js';
import type { SharedCache } from '../../shared/shared-cache.js';
import { AccountsAdapter } from '../adapters/accounts-adapter.js';
import { PaymentsAdapter } from '../adapters/payments-adapter.js';
import { ReferencesAdapter } from '../adapters/references-adapter.js';
import { defaultRetryPolicy, RetryBudget, type RetryPolicy, type Sleep } from '../adapters/retry-budget.js';
import { AccountSnapshotCache, PaymentCache } from '../movements/instance-caches.js';
import { paymentsObservability, type PaymentsObservability } from './observability.js';

/** Physical names of the tables the payment handlers use (from the environment in AWS). */
export interface PaymentTables {
  readonly idempotency: string;
  readonly accounts: string;
  readonly payments: string;
  readonly ledger: string;
  readonly references: string;
}

/**
 * Idempotency middleware settings a deployment may tune (the table, the client and the shared
 * cache come from the deps; the hooks are the routes' own).
 */
export type PaymentIdempotencySettings = Omit<IdempotencyCommonOptions, 'tableName' | 'scope' | 'sharedCache' | 'beforeClaim' | 'afterCompletion'>;

/**
 * What the payment handlers need. Each Lambda instance (and each simulated instance of the local
 * runner, and each test) builds its own, so caches and clients are never shared by accident.
 */
export interface PaymentsDependencies {
  /** Client for every table, shared with the idempotency middleware. */
  readonly client: DynamoDBClient;
  readonly tables: PaymentTables;
  /** Clock for `createdAt`/`updatedAt`. @default () => new Date() */
  readonly now?: () => Date;
  /** Account snapshots of this instance. @default a new AccountSnapshotCache() */
  readonly accountSnapshots?: AccountSnapshotCache;
  /** Payments of this instance, for refunds. @default a new PaymentCache() */
  readonly payments?: PaymentCache;
  /** Retry spacing and bounds for contention, throttling and unknown outcomes. @default defaultRetryPolicy */
  readonly retryPolicy?: Partial<RetryPolicy>;
  /** How backoffs wait (tests may make it instant). @default setTimeout */
  readonly sleep?: Sleep;
  /** Largest accepted request body in bytes; larger is 413. @default 8_192 */
  readonly maxBodyBytes?: number;
  /**
   * Settings passed to the idempotency middleware of the POST routes. A `logger` given here
   * replaces the structured log lines and metrics of idempotency outcomes. @default {}
   */
  readonly idempotency?: PaymentIdempotencySettings;
  /** The instance's structured logger and metrics. @default paymentsObservability() */
  readonly observability?: PaymentsObservability;
  /** Spans for every invocation and DynamoDB call (tracingFromEnvironment). @default none: no tracing */
  readonly tracing?: InvocationTracing;
  /**
   * The cache shared by every instance (Valkey/Redis): completed idempotency records and paid-order
   * markers. DynamoDB stays the truth; see docs/idempotency.md, "The shared cache".
   * @default undefined (off)
   */
  readonly sharedCache?: SharedCache;
}

/** PaymentsDependencies with every default applied and the adapters built. */
export interface ResolvedPaymentsDependencies {
  readonly client: DynamoDBClient;
  readonly tables: PaymentTables;
  readonly now: () => Date;
  readonly accountSnapshots: AccountSnapshotCache;
  readonly payments: PaymentCache;
  readonly retryPolicy: RetryPolicy;
  readonly sleep: Sleep | undefined;
  readonly maxBodyBytes: number;
  readonly idempotency: PaymentIdempotencySettings;
  readonly observability: PaymentsObservability;
  readonly tracing: InvocationTracing | undefined;
  readonly sharedCache: SharedCache | undefined;
  readonly accountsAdapter: AccountsAdapter;
  readonly paymentsAdapter: PaymentsAdapter;
  readonly referencesAdapter: ReferencesAdapter;
}

/** Applies the defaults of PaymentsDependencies, once per handler instance. */
export function resolvePaymentsDependencies(deps: PaymentsDependencies): ResolvedPaymentsDependencies {
  return {
    client: deps.client,
    tables: deps.tables,
    now: deps.now ?? (() => new Date()),
    accountSnapshots: deps.accountSnapshots ?? new AccountSnapshotCache(),
    payments: deps.payments ?? new PaymentCache(),
    retryPolicy: { ...defaultRetryPolicy, ...deps.retryPolicy },
    sleep: deps.sleep,
    maxBodyBytes: deps.maxBodyBytes ?? 8_192,
    idempotency: deps.idempotency ?? {},
    observability: deps.observability ?? paymentsObservability(),
    tracing: deps.tracing,
    sharedCache: deps.sharedCache,
    accountsAdapter: new AccountsAdapter(deps.client, deps.tables.accounts, deps.tables.ledger),
    paymentsAdapter: new PaymentsAdapter(deps.client, deps.tables.payments),
    referencesAdapter: new ReferencesAdapter(deps.client, deps.tables.references),
  };
}

// Without a Lambda context clock (some test harnesses), assume the routes' 10 s timeout.
const assumedTimeoutMs = 10_000;

/** The retry budget of one invocation, bounded by `context.getRemainingTimeInMillis()`. */
export function requestBudget(deps: ResolvedPaymentsDependencies, context: Context): RetryBudget {
  const started = Date.now();
  const remaining =
    typeof context.getRemainingTimeInMillis === 'function'
      ? () => context.getRemainingTimeInMillis()
      : () => assumedTimeoutMs - (Date.now() - started);
  return new RetryBudget(remaining, deps.retryPolicy, deps.sleep);
}
