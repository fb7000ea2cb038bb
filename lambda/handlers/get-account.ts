import { getAccountHandler } from '../payments/handlers/read-handlers.js';
import { tracedPaymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the GetAccount route: configuration (and tracing) is set up once, at cold start; a read route uses no shared cache. */
export const handler = getAccountHandler(await tracedPaymentsDependenciesFromEnvironment(process.env, { sharedCache: false }));
