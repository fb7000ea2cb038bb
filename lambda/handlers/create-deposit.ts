import { paymentsDependenciesFromEnvironment } from '../config/payments-dependencies-from-environment.js';
import { createCreateDepositHandler } from '../payments/handlers/create-deposit-handler.js';

/** Lambda entry of the CreateDeposit route: configuration is read once, at cold start. */
export const handler = createCreateDepositHandler(paymentsDependenciesFromEnvironment());
