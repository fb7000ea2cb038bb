import { movementHandler } from '../../lambda/payments/handlers/movement-handler.js';
import { payment } from '../../lambda/payments/movements/payment.js';
import type { PaymentsDependencies } from '../../lambda/payments/wiring/payments-dependencies.js';
import { createBarePaymentHandler } from '../variants/create-payment-bare-handler.js';
import { createPowertoolsPaymentHandler } from '../variants/create-payment-powertools-handler.js';
import type { HttpLambdaHandler } from '../../local/http/invoke-in-process.js';

/** The three ways of serving POST /payments the benchmark compares. */
export type PaymentVariantId = 'ours' | 'powertools' | 'bare';

/** One variant: how to build it in process, and the entry the local API and esbuild load. */
export interface PaymentVariant {
  readonly id: PaymentVariantId;
  readonly label: string;
  /** Handler module relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** Whether the variant has an in-process cache of completed responses. */
  readonly hasCache: boolean;
  /** Builds a fresh instance (own caches) on `deps`, with its response cache on or off. */
  readonly build: (deps: PaymentsDependencies, options: { readonly cache: boolean }) => HttpLambdaHandler;
}

/** The variants, in the order the tables list them. */
export const paymentVariants: readonly PaymentVariant[] = [
  {
    id: 'ours',
    label: 'this middleware, transactional completion',
    entry: 'lambda/handlers/create-payment.ts',
    hasCache: true,
    build: (deps, { cache }) =>
      movementHandler(payment, { ...deps, idempotency: { ...deps.idempotency, cacheSize: cache ? 1_000 : 0 } }),
  },
  {
    id: 'powertools',
    label: 'Powertools makeHandlerIdempotent',
    entry: 'bench/variants/create-payment-powertools.ts',
    hasCache: true,
    build: (deps, { cache }) => createPowertoolsPaymentHandler(deps, { useLocalCache: cache }),
  },
  {
    id: 'bare',
    label: 'no idempotency (floor)',
    entry: 'bench/variants/create-payment-bare.ts',
    hasCache: false,
    build: (deps) => createBarePaymentHandler(deps),
  },
];
