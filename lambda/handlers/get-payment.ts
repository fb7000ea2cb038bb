import { paymentsDependenciesFromEnvironment } from '../config/payments-dependencies-from-environment.js';
import { createGetPaymentHandler } from '../payments/handlers/get-payment-handler.js';

/** Lambda entry of the GetPayment route: configuration is read once, at cold start. */
export const handler = createGetPaymentHandler(paymentsDependenciesFromEnvironment());
