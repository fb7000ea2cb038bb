import { paymentsDependenciesFromEnvironment } from '../config/payments-dependencies-from-environment.js';
import { createCreatePaymentHandler } from '../payments/handlers/create-payment-handler.js';

/** Lambda entry of the CreatePayment route: configuration is read once, at cold start. */
export const handler = createCreatePaymentHandler(paymentsDependenciesFromEnvironment());
