import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SharedCache } from '../../shared/shared-cache.js';
import { ValkeyCacheClient } from '../../shared/valkey-cache-client.js';
import type { PaymentsDependencies } from './payments-dependencies.js';
import { ConfigurationError } from './configuration-error.js';
import type { Environment } from './environment-reader.js';
import { DeadlineBoundHttpHandler } from './invocation-deadline.js';
import { paymentsConfiguration } from './payments-configuration.js';
import { tracingFromEnvironment } from './tracing-from-environment.js';

/** What a function uses of what its environment may offer. */
export interface FunctionUses {
  /**
   * Whether the function uses the shared cache at CACHE_URL: the routes that claim idempotency
   * keys do; the read routes ignore CACHE_URL (the stack never gives them one, the local runner
   * gives every function the same environment). @default true
   */
  readonly sharedCache: boolean;
}

/**
 * The dependencies of a payment function built from its environment: one DynamoDB client for
 * the handler and the idempotency middleware, the tables, the retention, and the shared cache
 * when CACHE_URL is set and the function uses it (its client connects on first use, or when
 * tracedPaymentsDependenciesFromEnvironment opens it). Called once per cold start by the entries
 * in lambda/handlers.
 *
 * @throws ConfigurationError naming the first missing or malformed variable.
 */
export function paymentsDependenciesFromEnvironment(env: Environment = process.env, uses: FunctionUses = { sharedCache: true }): PaymentsDependencies {
  const config = paymentsConfiguration(env);
  return {
    client: new DynamoDBClient(clientConfig(config.dynamodbEndpoint, env)),
    tables: config.tables,
    ...(config.cacheUrl === undefined || !uses.sharedCache
      ? {}
      : { sharedCache: sharedCacheAt(config.cacheUrl, config.cacheClusterMode, config.cacheTimeoutMs) }),
    ...(config.idempotencyRetentionSeconds === undefined ? {} : { idempotency: { retentionSeconds: config.idempotencyRetentionSeconds } }),
  };
}

/**
 * The shared cache at CACHE_URL. A function bundled without the cache (process.env.SHARED_CACHE_BUNDLE
 * defined as 'excluded', infra/definitions/shared-cache-bundle.ts) refuses a CACHE_URL at cold
 * start rather than ignore it: it would otherwise run, silently, without the cache it was given.
 */
function sharedCacheAt(url: string, cluster: boolean, timeoutMs: number | undefined): SharedCache {
  // Written so that the define folds the first line to nothing (esbuild keeps what follows a throw).
  if (process.env.SHARED_CACHE_BUNDLE !== 'excluded') return new SharedCache(new ValkeyCacheClient(url, { cluster }), timeoutMs);
  throw new ConfigurationError('CACHE_URL', 'is set, but this function was bundled without the shared cache (deploy with -c cache=valkey)');
}

/**
 * paymentsDependenciesFromEnvironment plus the instance's tracing when TRACING_ENABLED is `true`
 * (tracingFromEnvironment), with the shared cache's connection opened: what the Lambda entries
 * await at cold start. The cold start waits for that connection (at most
 * defaultSharedCacheConnectBudgetMs), so the first request does not spend its cache budget on
 * loading the client and connecting, which would make every cold start a CacheTimeout.
 *
 * @throws ConfigurationError naming the first missing or malformed variable.
 */
export async function tracedPaymentsDependenciesFromEnvironment(env: Environment = process.env, uses?: FunctionUses): Promise<PaymentsDependencies> {
  const deps = paymentsDependenciesFromEnvironment(env, uses);
  const [tracing] = await Promise.all([tracingFromEnvironment(deps.client, env), deps.sharedCache?.connect()]);
  return tracing === undefined ? deps : { ...deps, tracing };
}

/**
 * Deadlines of every DynamoDB call, enforced. `requestTimeout` alone only logs a warning when a
 * call runs past it; `throwOnRequestTimeout` makes it a TimeoutError, which the adapters treat
 * as an unknown outcome (re-sent with the same ClientRequestToken, or a 503 with Retry-After once
 * the retry budget runs out) instead of holding the invocation until its timeout and a 500.
 * Each attempt is also bounded by the invocation's remaining time (`DeadlineBoundHttpHandler`,
 * under `withInvocationDeadline` set by every route), so a call started late ends before the
 * function timeout, leaving time to answer 503 and release the key.
 */
export const dynamodbDeadlines = {
  /** TCP (and TLS) connection set-up. */
  connectionTimeoutMs: 500,
  /** One attempt, from sending the request to the end of the response. */
  requestTimeoutMs: 1_200,
  /** A socket idle that long is closed (a stalled peer on a kept-alive connection). */
  socketTimeoutMs: 1_200,
  /** SDK attempts per call; the handlers' retry budget retries on top, within the invocation. */
  maxAttempts: 2,
} as const;

function clientConfig(endpoint: string | undefined, env: Environment): DynamoDBClientConfig {
  const requestHandler = new DeadlineBoundHttpHandler({
    connectionTimeout: dynamodbDeadlines.connectionTimeoutMs,
    requestTimeout: dynamodbDeadlines.requestTimeoutMs,
    socketTimeout: dynamodbDeadlines.socketTimeoutMs,
    throwOnRequestTimeout: true,
  });
  const common = { requestHandler, maxAttempts: dynamodbDeadlines.maxAttempts };
  if (endpoint === undefined) return common;
  // Locally (the runner sets DYNAMODB_ENDPOINT) any region and credentials do.
  const local = env.AWS_ACCESS_KEY_ID === undefined ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};
  return { endpoint, region: env.AWS_REGION ?? 'us-east-1', ...common, ...local };
}
