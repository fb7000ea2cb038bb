import { tracedPaymentsDependenciesFromEnvironment } from '../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import { createPowertoolsPaymentHandler } from './create-payment-powertools-handler.js';

/**
 * Lambda entry of the Powertools variant of CreatePayment (benchmark only), built like
 * lambda/handlers, tracing included, so the bundles compared differ only in idempotency.
 */
export const handler = createPowertoolsPaymentHandler(await tracedPaymentsDependenciesFromEnvironment());
