import { movementHandler } from '../payments/handlers/movement-handler.js';
import { refund } from '../payments/movements/refund.js';
import { paymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the CreateRefund route: configuration is read once, at cold start. */
export const handler = movementHandler(refund, paymentsDependenciesFromEnvironment());
