import middy from '@middy/core';
import { httpErrors } from '../../lambda/http/http-errors.js';
import { jsonBody } from '../../lambda/http/json-body.js';
import { resolvePaymentsDependencies, type PaymentsDependencies } from '../../lambda/payments/payments-dependencies.js';
import { createPaymentBody } from '../../lambda/payments/schemas/create-payment-body.js';
import { createPaymentCharge } from '../../lambda/payments/handlers/create-payment-handler.js';
import { unrecordedCompletion } from './unrecorded-completion.js';

/**
 * POST /payments with no idempotency at all (benchmark only): the floor. The same error
 * mapping, validation and charge as the real handler; a retried request charges again unless
 * it names an order already paid.
 */
export function createBarePaymentHandler(dependencies: PaymentsDependencies) {
  const deps = resolvePaymentsDependencies(dependencies);
  return middy(createPaymentCharge(deps, unrecordedCompletion))
    .use(httpErrors())
    .use(jsonBody(createPaymentBody, { maxBytes: deps.maxBodyBytes }));
}
