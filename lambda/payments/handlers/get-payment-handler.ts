import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { callerOf } from '../../http/caller.js';
import { httpErrors } from '../../http/http-errors.js';
import { jsonResponse } from '../../http/json-response.js';
import { pathParameters, pathParametersOf } from '../../http/path-parameters.js';
import { readWithRetry } from '../adapters/read-with-retry.js';
import { PaymentNotFoundError } from '../domain/payment-error.js';
import { PaymentCache } from '../payment-cache.js';
import { paymentProblem } from '../payment-problem.js';
import { resolvePaymentsDependencies, type PaymentsDependencies } from '../payments-dependencies.js';
import { requestBudget } from '../request-budget.js';
import { orderPath } from '../schemas/order-path.js';


/**
 * `GET /payments/{orderId}`: the caller's payment of the order with its refunded total, read
 * strongly consistent. Payments are keyed by caller, so another caller's order is simply absent
 * (404). An orderId outside the contract's alphabet is 400 `validation_error`.
 */
export function createGetPaymentHandler(dependencies: PaymentsDependencies) {
  const deps = resolvePaymentsDependencies(dependencies);

  const getPayment = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const caller = callerOf(event);
    const { orderId } = pathParametersOf(event, orderPath);
    const budget = requestBudget(deps, context);
    const payment = await readWithRetry(budget, () => deps.paymentsAdapter.getPayment(caller, orderId));
    if (payment === undefined) return paymentProblem(new PaymentNotFoundError());
    deps.payments.remember(PaymentCache.keyOf(caller, orderId), payment);
    const { paymentId, accountId, amount, currency, status, refundedAmount, createdAt } = payment;
    return jsonResponse(200, { paymentId, orderId, accountId, amount, currency, status, refundedAmount, createdAt });
  };

  return middy(getPayment).use(httpErrors()).use(pathParameters(orderPath));
}
