import { movementHandler } from '../payments/handlers/movement-handler.js';
import { payment } from '../payments/movements/payment.js';
import { paymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the CreatePayment route: configuration is read once, at cold start. */
export const handler = movementHandler(payment, paymentsDependenciesFromEnvironment());
