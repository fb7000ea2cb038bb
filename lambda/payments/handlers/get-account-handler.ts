import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { callerOf } from '../../http/caller.js';
import { httpErrors } from '../../http/http-errors.js';
import { jsonResponse } from '../../http/json-response.js';
import { AccountState } from '../account-state.js';
import { isAccountId } from '../domain/account-id.js';
import { AccountNotFoundError } from '../domain/payment-error.js';
import { paymentProblem } from '../payment-problem.js';
import { resolvePaymentsDependencies, type PaymentsDependencies } from '../payments-dependencies.js';
import { requestBudget } from '../request-budget.js';

/**
 * `GET /accounts/{accountId}`: the caller's account, read strongly consistent (a GET shows
 * every committed movement). Another caller's account is 404, like a missing one.
 */
export function createGetAccountHandler(dependencies: PaymentsDependencies) {
  const deps = resolvePaymentsDependencies(dependencies);

  const getAccount = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const caller = callerOf(event);
    const accountId = event.pathParameters?.accountId ?? '';
    if (!isAccountId(accountId)) return paymentProblem(new AccountNotFoundError());
    const account = new AccountState(accountId, caller, deps.accountSnapshots, deps.accountsAdapter, requestBudget(deps, context));
    const snapshot = await account.refresh();
    if (snapshot === undefined) return paymentProblem(new AccountNotFoundError());
    const { currency, balance, createdAt, updatedAt } = snapshot;
    return jsonResponse(200, { accountId, currency, balance, createdAt, updatedAt });
  };

  return middy(getAccount).use(httpErrors());
}
