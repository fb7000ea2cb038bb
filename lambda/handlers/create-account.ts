import { movementHandler } from '../payments/handlers/movement-handler.js';
import { openAccount } from '../payments/movements/open-account.js';
import { tracedPaymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the CreateAccount route: configuration (and tracing) is set up once, at cold start. */
export const handler = movementHandler(openAccount, await tracedPaymentsDependenciesFromEnvironment());
