import { movementHandler } from '../payments/handlers/movement-handler.js';
import { openAccount } from '../payments/movements/open-account.js';
import { paymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the CreateAccount route: configuration is read once, at cold start. */
export const handler = movementHandler(openAccount, paymentsDependenciesFromEnvironment());
