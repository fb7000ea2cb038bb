import middy from '@middy/core';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { callerOf } from '../../http/caller.js';
import { httpErrors } from '../../http/http-errors.js';
import { jsonBody, jsonBodyOf } from '../../http/json-body.js';
import { jsonResponse } from '../../http/json-response.js';
import { idempotencyClaimOf } from '../../idempotency/claim.js';
import { idempotency } from '../../idempotency/idempotency.js';
import { AccountState } from '../account-state.js';
import { readString } from '../adapters/item-attributes.js';
import { readWithRetry } from '../adapters/read-with-retry.js';
import { TransactionRunner } from '../adapters/transaction-runner.js';
import type { AccountSnapshot } from '../domain/account-snapshot.js';
import { isAccountId } from '../domain/account-id.js';
import { balanceAfter } from '../domain/balance-after.js';
import { newId } from '../domain/new-id.js';
import { AccountNotFoundError, CurrencyMismatchError, InsufficientFundsError, OrderAlreadyPaidError } from '../domain/payment-error.js';
import type { PaymentRecord } from '../domain/payment-record.js';
import { paymentProblem } from '../payment-problem.js';
import { resolvePaymentsDependencies, type PaymentsDependencies, type ResolvedPaymentsDependencies } from '../payments-dependencies.js';
import { requestBudget } from '../request-budget.js';
import { conditionFailed, runMovement, type CancellationVerdict, type MovementCompletion, type MovementStep } from '../run-movement.js';
import { createPaymentBody } from '../schemas/create-payment-body.js';

// Positions of the movement's actions in its transaction (the completion comes last).
const accountAction = 0;
const ledgerAction = 1;
const paymentAction = 2;

/**
 * `POST /payments`: charges the caller's account for an order. One transaction: the account
 * debit (pinned to the snapshot's version, covering the amount), the ledger entry, the payment
 * record keyed by (caller, orderId) — the constraint that pays an order once — and the
 * idempotency completion. With a warm snapshot that is 2 round trips with the claim.
 */
export function createCreatePaymentHandler(dependencies: PaymentsDependencies) {
  const deps = resolvePaymentsDependencies(dependencies);
  return middy(createPaymentCharge(deps, idempotencyClaimOf))
    .use(httpErrors())
    .use(jsonBody(createPaymentBody, { maxBytes: deps.maxBodyBytes }))
    .use(idempotency({ ...deps.idempotency, tableName: deps.tables.idempotency, client: deps.client }));
}

/**
 * The charge behind `POST /payments`, without its middlewares: expects the body validated by
 * `jsonBody(createPaymentBody)` and takes the transaction's idempotency part from
 * `completionOf(context)` (the idempotency middleware's claim in the real handler).
 */
export function createPaymentCharge(deps: ResolvedPaymentsDependencies, completionOf: (context: Context) => MovementCompletion) {
  return async function createPayment(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
    const caller = callerOf(event);
    const claim = completionOf(context);
    const { orderId, accountId, amount, currency } = jsonBodyOf(event, createPaymentBody);
    if (!isAccountId(accountId)) return paymentProblem(new AccountNotFoundError());

    const budget = requestBudget(deps, context);
    const runner = new TransactionRunner(deps.client, (attempt) => claim.clientRequestToken(attempt), budget);
    const account = new AccountState(accountId, caller, deps.accountSnapshots, deps.accountsAdapter, budget);
    const paymentId = newId('pay');
    const entryId = newId('led');

    // A paid order is 409 whatever the balance: check it before refusing for lack of funds.
    const insufficientFunds = async (): Promise<MovementStep> => {
      const paid = await readWithRetry(budget, () => deps.paymentsAdapter.getPayment(caller, orderId));
      if (paid !== undefined) return { kind: 'answer', response: paymentProblem(new OrderAlreadyPaidError(paid.paymentId)) };
      return { kind: 'answer', response: paymentProblem(new InsufficientFundsError()) };
    };

    const plan = async (): Promise<MovementStep> => {
      const before = await account.current();
      if (before === undefined) return { kind: 'answer', response: paymentProblem(new AccountNotFoundError()) };
      if (before.currency !== currency) {
        return { kind: 'answer', response: paymentProblem(new CurrencyMismatchError(currency, before.currency)) };
      }
      const balance = balanceAfter(before.balance, -amount);
      if (typeof balance !== 'number') {
        // Only a fresh balance may refuse a payment: a stale one may be lower than the real one.
        if (!account.fresh) return (await account.refresh(), plan());
        return balance instanceof InsufficientFundsError ? insufficientFunds() : { kind: 'answer', response: paymentProblem(balance) };
      }
      const at = deps.now().toISOString();
      const after: AccountSnapshot = { ...before, balance, version: before.version + 1, updatedAt: at };
      const payment: PaymentRecord = {
        paymentId,
        orderId,
        accountId,
        amount,
        currency,
        status: 'succeeded',
        refundedAmount: 0,
        createdAt: at,
      };
      const body = { paymentId, orderId, accountId, amount, currency, status: 'succeeded', balanceAfter: balance, createdAt: at };
      return {
        kind: 'transact',
        actions: [
          deps.accountsAdapter.movementAction({ before, caller, currency, balanceAfter: balance, debit: amount, at }),
          deps.accountsAdapter.ledgerEntryAction({
            accountId,
            seq: after.version,
            entryId,
            type: 'payment',
            amount: -amount,
            balanceAfter: balance,
            orderId,
            referenceId: paymentId,
            createdAt: at,
          }),
          deps.paymentsAdapter.paymentAction(caller, payment),
        ],
        response: jsonResponse(201, body, { location: `/payments/${orderId}` }),
        onCommitted: () => {
          account.committed(after);
        },
      };
    };

    const interpret = (reasons: readonly CancellationReason[]): CancellationVerdict => {
      // The order is paid: that answer holds whatever the account's state.
      if (conditionFailed(reasons, paymentAction)) {
        const existing = reasons[paymentAction]?.Item;
        if (existing === undefined) throw new Error('the payment condition failed without returning the existing payment');
        if (conditionFailed(reasons, accountAction)) account.adopt(reasons[accountAction]?.Item);
        return { kind: 'answer', response: paymentProblem(new OrderAlreadyPaidError(readString(existing, 'paymentId'))) };
      }
      // The account's ALL_OLD item is the fresh state (or its absence): plan again from it.
      if (conditionFailed(reasons, accountAction)) {
        account.adopt(reasons[accountAction]?.Item);
        return { kind: 'replan' };
      }
      if (conditionFailed(reasons, ledgerAction)) {
        throw new Error('the ledger has an entry at the next seq although the account version held: ledger and account disagree');
      }
      throw new Error('payment transaction cancelled without a known reason');
    };

    return runMovement({ claim, runner, budget, plan, interpret });
  };
}
