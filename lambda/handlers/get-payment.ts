import { getPaymentHandler } from '../payments/handlers/read-handlers.js';
import { paymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the GetPayment route: configuration is read once, at cold start. */
export const handler = getPaymentHandler(paymentsDependenciesFromEnvironment());
