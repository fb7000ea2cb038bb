import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { callerOf } from '../../http/caller.js';
import { httpErrors } from '../../http/http-errors.js';
import { jsonBody, jsonBodyOf } from '../../http/json-body.js';
import { jsonResponse } from '../../http/json-response.js';
import { idempotencyClaimOf } from '../../idempotency/claim.js';
import { idempotency } from '../../idempotency/idempotency.js';
import { AccountState } from '../account-state.js';
import { TransactionRunner } from '../adapters/transaction-runner.js';
import type { AccountSnapshot } from '../domain/account-snapshot.js';
import { isAccountId } from '../domain/account-id.js';
import { balanceAfter } from '../domain/balance-after.js';
import { newId } from '../domain/new-id.js';
import { AccountNotFoundError, CurrencyMismatchError } from '../domain/payment-error.js';
import { paymentProblem } from '../payment-problem.js';
import { resolvePaymentsDependencies, type PaymentsDependencies } from '../payments-dependencies.js';
import { requestBudget } from '../request-budget.js';
import { conditionFailed, runMovement, type CancellationVerdict, type MovementStep } from '../run-movement.js';
import { createDepositBody } from '../schemas/create-deposit-body.js';


// Positions of the movement's actions in its transaction (the completion comes last).
const accountAction = 0;
const ledgerAction = 1;

/**
 * `POST /accounts/{accountId}/deposits`: credits the caller's account. One transaction: the
 * account update (pinned to the snapshot's version), the ledger entry, the completion.
 */
export function createCreateDepositHandler(dependencies: PaymentsDependencies) {
  const deps = resolvePaymentsDependencies(dependencies);

  const createDeposit = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const caller = callerOf(event);
    const claim = idempotencyClaimOf(context);
    const accountId = event.pathParameters?.accountId ?? '';
    const { amount, currency } = jsonBodyOf(event, createDepositBody);
    if (!isAccountId(accountId)) return paymentProblem(new AccountNotFoundError());

    const budget = requestBudget(deps, context);
    const runner = new TransactionRunner(deps.client, (attempt) => claim.clientRequestToken(attempt), budget);
    const account = new AccountState(accountId, caller, deps.accountSnapshots, deps.accountsAdapter, budget);
    const depositId = newId('dep');
    const entryId = newId('led');

    const plan = async (): Promise<MovementStep> => {
      const before = await account.current();
      if (before === undefined) return { kind: 'answer', response: paymentProblem(new AccountNotFoundError()) };
      if (before.currency !== currency) {
        return { kind: 'answer', response: paymentProblem(new CurrencyMismatchError(currency, before.currency)) };
      }
      const balance = balanceAfter(before.balance, amount);
      if (typeof balance !== 'number') {
        // Only a fresh balance may refuse a deposit: a stale one may be higher than the real one.
        if (!account.fresh) return (await account.refresh(), plan());
        return { kind: 'answer', response: paymentProblem(balance) };
      }
      const at = deps.now().toISOString();
      const after: AccountSnapshot = { ...before, balance, version: before.version + 1, updatedAt: at };
      const body = { depositId, accountId, amount, currency, balanceAfter: balance, createdAt: at };
      return {
        kind: 'transact',
        actions: [
          deps.accountsAdapter.movementAction({ before, caller, currency, balanceAfter: balance, at }),
          deps.accountsAdapter.ledgerEntryAction({
            accountId,
            seq: after.version,
            entryId,
            type: 'deposit',
            amount,
            balanceAfter: balance,
            referenceId: depositId,
            createdAt: at,
          }),
        ],
        response: jsonResponse(201, body),
        onCommitted: () => {
          account.committed(after);
        },
      };
    };

    const interpret = (reasons: Parameters<typeof conditionFailed>[0]): CancellationVerdict => {
      // The account's ALL_OLD item is the fresh state (or its absence): plan again from it.
      if (conditionFailed(reasons, accountAction)) {
        account.adopt(reasons[accountAction]?.Item);
        return { kind: 'replan' };
      }
      if (conditionFailed(reasons, ledgerAction)) {
        throw new Error('the ledger has an entry at the next seq although the account version held: ledger and account disagree');
      }
      throw new Error('deposit transaction cancelled without a known reason');
    };

    return runMovement({ claim, runner, budget, plan, interpret });
  };

  return middy(createDeposit)
    .use(httpErrors())
    .use(jsonBody(createDepositBody, { maxBytes: deps.maxBodyBytes }))
    .use(idempotency({ ...deps.idempotency, tableName: deps.tables.idempotency, client: deps.client }));
}
