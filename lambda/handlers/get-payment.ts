import { getPaymentHandler } from '../payments/handlers/read-handlers.js';
import { tracedPaymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the GetPayment route: configuration (and tracing) is set up once, at cold start. */
export const handler = getPaymentHandler(await tracedPaymentsDependenciesFromEnvironment(process.env, { sharedCache: false }));
