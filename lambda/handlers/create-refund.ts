import { paymentsDependenciesFromEnvironment } from '../config/payments-dependencies-from-environment.js';
import { createCreateRefundHandler } from '../payments/handlers/create-refund-handler.js';

/** Lambda entry of the CreateRefund route: configuration is read once, at cold start. */
export const handler = createCreateRefundHandler(paymentsDependenciesFromEnvironment());
