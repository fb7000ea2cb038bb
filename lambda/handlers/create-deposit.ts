import { movementHandler } from '../payments/handlers/movement-handler.js';
import { deposit } from '../payments/movements/deposit.js';
import { tracedPaymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the CreateDeposit route: configuration (and tracing) is set up once, at cold start. */
export const handler = movementHandler(deposit, await tracedPaymentsDependenciesFromEnvironment());
