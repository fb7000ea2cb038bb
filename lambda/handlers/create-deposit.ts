import { movementHandler } from '../payments/handlers/movement-handler.js';
import { deposit } from '../payments/movements/deposit.js';
import { paymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the CreateDeposit route: configuration is read once, at cold start. */
export const handler = movementHandler(deposit, paymentsDependenciesFromEnvironment());
