import { movementHandler } from '../payments/handlers/movement-handler.js';
import { refund } from '../payments/movements/refund.js';
import { tracedPaymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the CreateRefund route: configuration (and tracing) is set up once, at cold start. */
export const handler = movementHandler(refund, await tracedPaymentsDependenciesFromEnvironment());
