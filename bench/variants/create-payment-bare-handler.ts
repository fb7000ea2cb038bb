import { movementHandler } from '../../lambda/payments/handlers/movement-handler.js';
import { payment } from '../../lambda/payments/movements/payment.js';
import type { PaymentsDependencies } from '../../lambda/payments/wiring/payments-dependencies.js';
import { unrecordedCompletion } from './unrecorded-completion.js';

/**
 * POST /payments with no idempotency at all (benchmark only): the floor. The same route chain,
 * validation and charge as the real handler, minus the idempotency middleware; a retried request
 * charges again unless it names an order already paid.
 */
export function createBarePaymentHandler(dependencies: PaymentsDependencies) {
  return movementHandler(payment, dependencies, { middleware: null, completionOf: unrecordedCompletion });
}
