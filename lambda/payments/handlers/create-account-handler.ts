import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { callerOf } from '../../http/caller.js';
import { httpErrors } from '../../http/http-errors.js';
import { jsonBody, jsonBodyOf } from '../../http/json-body.js';
import { jsonResponse } from '../../http/json-response.js';
import { idempotencyClaimOf } from '../../idempotency/claim.js';
import { idempotency } from '../../idempotency/idempotency.js';
import { TransactionRunner } from '../adapters/transaction-runner.js';
import type { AccountSnapshot } from '../domain/account-snapshot.js';
import { newId } from '../domain/new-id.js';
import { resolvePaymentsDependencies, type PaymentsDependencies } from '../payments-dependencies.js';
import { requestBudget } from '../request-budget.js';
import { runMovement } from '../run-movement.js';
import { createAccountBody } from '../schemas/create-account-body.js';


/**
 * `POST /accounts`: opens an account in the body's currency for the caller, with balance 0.
 * The account and the idempotency completion are written in one transaction (2 round trips
 * with the claim).
 */
export function createCreateAccountHandler(dependencies: PaymentsDependencies) {
  const deps = resolvePaymentsDependencies(dependencies);

  const createAccount = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const caller = callerOf(event);
    const claim = idempotencyClaimOf(context);
    const budget = requestBudget(deps, context);
    const runner = new TransactionRunner(deps.client, (attempt) => claim.clientRequestToken(attempt), budget);
    return runMovement({
      claim,
      runner,
      budget,
      plan: () => {
        const at = deps.now().toISOString();
        const opened: AccountSnapshot = {
          accountId: newId('acct'),
          ownerId: caller,
          currency: jsonBodyOf(event, createAccountBody).currency,
          balance: 0,
          version: 0,
          createdAt: at,
          updatedAt: at,
        };
        const body = { accountId: opened.accountId, currency: opened.currency, balance: 0, createdAt: at };
        return Promise.resolve({
          kind: 'transact',
          actions: [deps.accountsAdapter.createAccountAction(opened)],
          response: jsonResponse(201, body, { location: `/accounts/${opened.accountId}` }),
          onCommitted: () => {
            deps.accountSnapshots.remember(opened.accountId, opened);
          },
        });
      },
      // Only a random 128-bit id colliding can fail the put: plan again with a new id.
      interpret: () => ({ kind: 'replan' }),
    });
  };

  return middy(createAccount)
    .use(httpErrors())
    .use(jsonBody(createAccountBody, { maxBytes: deps.maxBodyBytes }))
    .use(idempotency({ ...deps.idempotency, tableName: deps.tables.idempotency, client: deps.client }));
}
