import { getAccountHandler } from '../payments/handlers/read-handlers.js';
import { paymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the GetAccount route: configuration is read once, at cold start. */
export const handler = getAccountHandler(paymentsDependenciesFromEnvironment());
