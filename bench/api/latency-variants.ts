import { movementHandler } from '../../lambda/payments/handlers/movement-handler.js';
import { payment } from '../../lambda/payments/movements/payment.js';
import { paymentsDependenciesFromEnvironment } from '../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import type { PaymentsDependencies } from '../../lambda/payments/wiring/payments-dependencies.js';
import type { HttpLambdaHandler } from '../../local/http/invoke-in-process.js';
import { createPowertoolsPaymentHandler } from '../variants/create-payment-powertools-handler.js';
import { dynamoDBCallCounter, type DynamoDBCallCounter } from './dynamodb-call-counter.js';

/** One way of serving POST /payments in the latency benchmark. */
export interface LatencyVariant {
  readonly id: 'ours' | 'powertools';
  readonly label: string;
  /** Builds one instance on its own dependencies (own client, own snapshots). */
  readonly build: (deps: PaymentsDependencies) => HttpLambdaHandler;
}

/** A simulated Lambda instance of a variant, with what must be closed after it. */
export interface VariantInstance {
  readonly handler: HttpLambdaHandler;
  /** Counts the instance's DynamoDB round trips (retries included). */
  readonly calls: DynamoDBCallCounter;
  close(): void;
}

/**
 * The variants compared at DynamoDB's latency. No variant keeps completed responses in its own
 * memory (our cacheSize 0, Powertools' useLocalCache off, both defaults): a replay on another
 * instance is what is measured, and the benchmark's instances replay the same keys many times.
 */
export const latencyVariants: readonly LatencyVariant[] = [
  {
    id: 'ours',
    label: 'this middleware',
    build: (deps) => movementHandler(payment, { ...deps, idempotency: { ...deps.idempotency, cacheSize: 0, logger: () => undefined } }),
  },
  {
    id: 'powertools',
    label: 'Powertools makeHandlerIdempotent (DynamoDB)',
    build: (deps) => createPowertoolsPaymentHandler(deps, { useLocalCache: false }),
  },
];

/** A fresh instance of `variant` on the tables and engine `environment` names. */
export function variantInstance(variant: LatencyVariant, environment: Readonly<Record<string, string>>): VariantInstance {
  const deps = paymentsDependenciesFromEnvironment(environment);
  const calls = dynamoDBCallCounter(deps.client);
  return {
    handler: variant.build(deps),
    calls,
    close: () => {
      deps.client.destroy();
    },
  };
}
