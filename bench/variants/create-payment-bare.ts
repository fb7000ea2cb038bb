import { tracedPaymentsDependenciesFromEnvironment } from '../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import { createBarePaymentHandler } from './create-payment-bare-handler.js';

/**
 * Lambda entry of the no-idempotency variant of CreatePayment (benchmark only), built like
 * lambda/handlers, tracing included, so the bundles compared differ only in idempotency.
 */
export const handler = createBarePaymentHandler(await tracedPaymentsDependenciesFromEnvironment());
