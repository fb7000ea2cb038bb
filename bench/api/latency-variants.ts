import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import { movementHandler } from '../../lambda/payments/handlers/movement-handler.js';
import { payment } from '../../lambda/payments/movements/payment.js';
import { SharedCache } from '../../lambda/shared/shared-cache.js';
import { ValkeyCacheClient } from '../../lambda/shared/valkey-cache-client.js';
import { paymentsDependenciesFromEnvironment } from '../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import type { PaymentsDependencies } from '../../lambda/payments/wiring/payments-dependencies.js';
import type { HttpLambdaHandler } from '../../local/http/invoke-in-process.js';
import { createPowertoolsPaymentHandler } from '../variants/create-payment-powertools-handler.js';
import { powertoolsCacheConnection } from '../variants/powertools-cache-client.js';
import { dynamoDBCallCounter, type DynamoDBCallCounter } from './dynamodb-call-counter.js';
import type { ScenarioId } from './latency-scenarios.js';

/** What an instance is built on: its dependencies, and the cache server's URL when the variant uses one. */
export interface InstanceSetup {
  readonly deps: PaymentsDependencies;
  readonly cacheUrl: string;
}

/** One way of serving POST /payments in the latency benchmark. */
export interface LatencyVariant {
  readonly id: 'ours' | 'ours-cache' | 'powertools' | 'powertools-read-ahead' | 'powertools-cache';
  readonly label: string;
  /** The scenarios it runs in (all when absent). */
  readonly scenarios?: readonly ScenarioId[];
  /** Whether it uses the Valkey/Redis server. */
  readonly cache: boolean;
  /** Builds one instance (own client, own snapshots); returns what must be closed with it. */
  readonly build: (setup: InstanceSetup) => { readonly handler: HttpLambdaHandler; readonly close?: () => void };
}

/** A simulated Lambda instance of a variant, with what must be closed after it. */
export interface VariantInstance {
  readonly handler: HttpLambdaHandler;
  /** Counts the instance's DynamoDB round trips (retries included). */
  readonly calls: DynamoDBCallCounter;
  close(): void;
}

const quiet = (deps: PaymentsDependencies): PaymentsDependencies => ({
  ...deps,
  idempotency: { ...deps.idempotency, cacheSize: 0, logger: () => undefined },
});

/**
 * The variants compared at DynamoDB's latency. No variant keeps completed responses in its own
 * memory (our cacheSize 0, Powertools' useLocalCache off, both defaults): a replay on another
 * instance is what is measured, and the benchmark's instances replay the same keys many times.
 * With the cache, ours keeps DynamoDB as the record and puts completed records and paid-order
 * markers in Valkey/Redis in front of it (what CACHE_URL gives the functions);
 * Powertools' cache persistence layer keeps its records in Valkey/Redis instead of DynamoDB.
 * Powertools runs as its documentation wires it: the handler, and so an account read, after its
 * claim; one more variant lends it our read-ahead, on cold accounts only, where that matters.
 */
export const latencyVariants: readonly LatencyVariant[] = [
  {
    id: 'ours',
    label: 'this middleware',
    cache: false,
    build: ({ deps }) => ({ handler: movementHandler(payment, quiet(deps)) }),
  },
  {
    id: 'ours-cache',
    label: 'this middleware + Valkey/Redis cache',
    cache: true,
    build: ({ deps }) => ({ handler: movementHandler(payment, quiet(deps)) }),
  },
  {
    id: 'powertools',
    label: 'Powertools makeHandlerIdempotent (DynamoDB)',
    cache: false,
    build: ({ deps }) => ({ handler: createPowertoolsPaymentHandler(deps, { useLocalCache: false }) }),
  },
  {
    // Not how Powertools is used (its middleware runs the handler only after the claim): the
    // same with our read-ahead middleware in front, to show what the overlap alone is worth.
    id: 'powertools-read-ahead',
    label: "Powertools makeHandlerIdempotent (DynamoDB) + this project's account read-ahead",
    cache: false,
    scenarios: ['cold'],
    build: ({ deps }) => ({ handler: createPowertoolsPaymentHandler(deps, { useLocalCache: false, readAhead: true }) }),
  },
  {
    id: 'powertools-cache',
    label: 'Powertools makeHandlerIdempotent (cache persistence layer, no payload validation)',
    cache: true,
    build: ({ deps, cacheUrl }) => {
      const connection = powertoolsCacheConnection(cacheUrl);
      const persistenceStore = new CachePersistenceLayer({ client: connection.client });
      // Without payload validation: 2.35.0's cache layer drops the payload hash when it stores
      // the completed record, so with validation every replay fails (IdempotencyValidationError, a 500).
      return {
        handler: createPowertoolsPaymentHandler(deps, { useLocalCache: false, persistenceStore, validatePayload: false }),
        close: connection.close,
      };
    },
  },
];

/**
 * The dependencies of one instance of `variant`, built as the functions build theirs from their
 * environment; our variant with the cache gets the shared cache CACHE_URL would give it, on a
 * client this benchmark keeps so it can close the connection with the instance.
 */
export function instanceDependencies(
  variant: LatencyVariant,
  environment: Readonly<Record<string, string>>,
  cacheUrl: string,
): { readonly deps: PaymentsDependencies; readonly close: () => void } {
  const base = paymentsDependenciesFromEnvironment(environment);
  if (variant.id !== 'ours-cache') {
    return {
      deps: base,
      close: () => {
        base.client.destroy();
      },
    };
  }
  const cacheClient = new ValkeyCacheClient(cacheUrl);
  return {
    deps: { ...base, sharedCache: new SharedCache(cacheClient) },
    close: () => {
      base.client.destroy();
      void cacheClient.close();
    },
  };
}

/** Whether `variant` runs in `scenario`. */
export function runsIn(variant: LatencyVariant, scenario: ScenarioId): boolean {
  return variant.scenarios === undefined || variant.scenarios.includes(scenario);
}

/** A fresh instance of `variant` on the tables and engine `environment` names. */
export function variantInstance(variant: LatencyVariant, environment: Readonly<Record<string, string>>, cacheUrl: string): VariantInstance {
  const { deps, close } = instanceDependencies(variant, environment, cacheUrl);
  const calls = dynamoDBCallCounter(deps.client);
  const built = variant.build({ deps, cacheUrl });
  return {
    handler: built.handler,
    calls,
    close: () => {
      built.close?.();
      close();
    },
  };
}
