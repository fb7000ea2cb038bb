import { paymentsDependenciesFromEnvironment } from '../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import { createBarePaymentHandler } from './create-payment-bare-handler.js';

/** Lambda entry of the no-idempotency variant of CreatePayment (benchmark only), built like lambda/handlers. */
export const handler = createBarePaymentHandler(paymentsDependenciesFromEnvironment());
