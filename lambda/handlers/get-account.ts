import { paymentsDependenciesFromEnvironment } from '../config/payments-dependencies-from-environment.js';
import { createGetAccountHandler } from '../payments/handlers/get-account-handler.js';

/** Lambda entry of the GetAccount route: configuration is read once, at cold start. */
export const handler = createGetAccountHandler(paymentsDependenciesFromEnvironment());
