import type { PaymentTables } from './payments-dependencies.js';
import { EnvironmentReader, type Environment } from './environment-reader.js';

/** What the payment functions read from their environment. */
export interface PaymentsConfiguration {
  /** From IDEMPOTENCY_TABLE, ACCOUNTS_TABLE, PAYMENTS_TABLE, LEDGER_TABLE, REFERENCES_TABLE. */
  readonly tables: PaymentTables;
  /** DYNAMODB_ENDPOINT: set by the local runner; unset in AWS. */
  readonly dynamodbEndpoint: string | undefined;
  /** IDEMPOTENCY_RETENTION_SECONDS: how long completed keys replay (the middleware's default when unset). */
  readonly idempotencyRetentionSeconds: number | undefined;
  /** CACHE_URL: the shared cache (Valkey/Redis, `rediss://` for TLS); unset: no shared cache. */
  readonly cacheUrl: string | undefined;
  /** CACHE_CLUSTER_MODE: `true` for a cache in cluster mode (ElastiCache Serverless); unset or `false`: one server. */
  readonly cacheClusterMode: boolean;
  /** CACHE_TIMEOUT_MS: the budget of one cache operation (the default, 20 ms, when unset). */
  readonly cacheTimeoutMs: number | undefined;
}

/**
 * Reads the payment functions' configuration, once, at cold start.
 *
 * @throws ConfigurationError naming the first missing or malformed variable.
 */
export function paymentsConfiguration(env: Environment): PaymentsConfiguration {
  const reader = new EnvironmentReader(env);
  return {
    tables: {
      idempotency: reader.tableName('IDEMPOTENCY_TABLE'),
      accounts: reader.tableName('ACCOUNTS_TABLE'),
      payments: reader.tableName('PAYMENTS_TABLE'),
      ledger: reader.tableName('LEDGER_TABLE'),
      references: reader.tableName('REFERENCES_TABLE'),
    },
    dynamodbEndpoint: reader.optionalUrl('DYNAMODB_ENDPOINT'),
    idempotencyRetentionSeconds: reader.optionalPositiveInteger('IDEMPOTENCY_RETENTION_SECONDS', 10 * 365 * 86_400),
    cacheUrl: reader.optionalCacheUrl('CACHE_URL'),
    cacheClusterMode: reader.optionalBoolean('CACHE_CLUSTER_MODE') ?? false,
    // A budget above a second would no longer be a fast path: DynamoDB answers sooner.
    cacheTimeoutMs: reader.optionalPositiveInteger('CACHE_TIMEOUT_MS', 1_000),
  };
}
