import { paymentsDependenciesFromEnvironment } from '../config/payments-dependencies-from-environment.js';
import { createCreateAccountHandler } from '../payments/handlers/create-account-handler.js';

/** Lambda entry of the CreateAccount route: configuration is read once, at cold start. */
export const handler = createCreateAccountHandler(paymentsDependenciesFromEnvironment());
