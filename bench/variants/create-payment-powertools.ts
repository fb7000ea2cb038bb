import { paymentsDependenciesFromEnvironment } from '../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import { createPowertoolsPaymentHandler } from './create-payment-powertools-handler.js';

/** Lambda entry of the Powertools variant of CreatePayment (benchmark only), built like lambda/handlers. */
export const handler = createPowertoolsPaymentHandler(paymentsDependenciesFromEnvironment());
