import { movementHandler } from '../payments/handlers/movement-handler.js';
import { payment } from '../payments/movements/payment.js';
import { tracedPaymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the CreatePayment route: configuration (and tracing) is set up once, at cold start. */
export const handler = movementHandler(payment, await tracedPaymentsDependenciesFromEnvironment());
