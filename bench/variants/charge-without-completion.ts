import { randomUUID } from 'node:crypto';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { callerOf } from '../../lambda/http/caller.js';
import { jsonBodyOf } from '../../lambda/http/json-body.js';
import { jsonResponse } from '../../lambda/http/json-response.js';
import { AccountState } from '../../lambda/payments/account-state.js';
import { readString } from '../../lambda/payments/adapters/item-attributes.js';
import { readWithRetry } from '../../lambda/payments/adapters/read-with-retry.js';
import { TransactionRunner } from '../../lambda/payments/adapters/transaction-runner.js';
import { isAccountId } from '../../lambda/payments/domain/account-id.js';
import type { AccountSnapshot } from '../../lambda/payments/domain/account-snapshot.js';
import { balanceAfter } from '../../lambda/payments/domain/balance-after.js';
import { newId } from '../../lambda/payments/domain/new-id.js';
import {
  AccountNotFoundError,
  CurrencyMismatchError,
  InsufficientFundsError,
  OrderAlreadyPaidError,
} from '../../lambda/payments/domain/payment-error.js';
import type { PaymentRecord } from '../../lambda/payments/domain/payment-record.js';
import { paymentProblem } from '../../lambda/payments/payment-problem.js';
import type { ResolvedPaymentsDependencies } from '../../lambda/payments/payments-dependencies.js';
import { requestBudget } from '../../lambda/payments/request-budget.js';
import { conditionFailed } from '../../lambda/payments/run-movement.js';
import { createPaymentBody } from '../../lambda/payments/schemas/create-payment-body.js';

type Response = APIGatewayProxyStructuredResultV2;

// Positions of the charge's actions in its transaction.
const accountAction = 0;
const paymentAction = 2;

/**
 * The charge of POST /payments WITHOUT this project's idempotency: the same plan as
 * lambda/payments/handlers/create-payment-handler.ts (instance snapshot or one consistent read,
 * the account debit pinned to the version, the ledger entry, the payment record keyed by order,
 * the same retries and cancellation reading), built from the same exported modules, but the
 * transaction carries only those three actions: no idempotency completion, and its
 * ClientRequestToken is random per request instead of derived from a claim. Benchmark only:
 * it is what Powertools wraps, and the no-idempotency floor.
 */
export function chargeWithoutCompletion(deps: ResolvedPaymentsDependencies) {
  return async function charge(event: APIGatewayProxyEventV2, context: Context): Promise<Response> {
    const caller = callerOf(event);
    const { orderId, accountId, amount, currency } = jsonBodyOf(event, createPaymentBody);
    if (!isAccountId(accountId)) return paymentProblem(new AccountNotFoundError());

    const budget = requestBudget(deps, context);
    const tokenBase = randomUUID().replaceAll('-', '').slice(0, 28);
    const runner = new TransactionRunner(deps.client, (attempt) => `${tokenBase}-${attempt}`, budget);
    const account = new AccountState(accountId, caller, deps.accountSnapshots, deps.accountsAdapter, budget);
    const paymentId = newId('pay');
    const entryId = newId('led');

    const insufficientFunds = async (): Promise<Response> => {
      const paid = await readWithRetry(budget, () => deps.paymentsAdapter.getPayment(caller, orderId));
      return paymentProblem(paid === undefined ? new InsufficientFundsError() : new OrderAlreadyPaidError(paid.paymentId));
    };

    for (let replans = 0; ; replans += 1) {
      if (replans > 1) await budget.backoff(new Error('the account kept moving under the request'));
      const before = await account.current();
      if (before === undefined) return paymentProblem(new AccountNotFoundError());
      if (before.currency !== currency) return paymentProblem(new CurrencyMismatchError(currency, before.currency));
      const balance = balanceAfter(before.balance, -amount);
      if (typeof balance !== 'number') {
        if (!account.fresh) {
          await account.refresh();
          continue;
        }
        return balance instanceof InsufficientFundsError ? insufficientFunds() : paymentProblem(balance);
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
      const result = await runner.commit([
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
      ]);
      if (result.committed) {
        account.committed(after);
        const body = { paymentId, orderId, accountId, amount, currency, status: 'succeeded', balanceAfter: balance, createdAt: at };
        return jsonResponse(201, body, { location: `/payments/${orderId}` });
      }
      const verdict = interpret(result.reasons, account);
      if (verdict !== undefined) return verdict;
    }
  };
}

/** Reads a cancelled charge: an answer, or undefined to plan again from the refreshed account. */
function interpret(reasons: readonly CancellationReason[], account: AccountState): Response | undefined {
  if (conditionFailed(reasons, paymentAction)) {
    const existing = reasons[paymentAction]?.Item;
    if (existing === undefined) throw new Error('the payment condition failed without returning the existing payment');
    if (conditionFailed(reasons, accountAction)) account.adopt(reasons[accountAction]?.Item);
    return paymentProblem(new OrderAlreadyPaidError(readString(existing, 'paymentId')));
  }
  if (conditionFailed(reasons, accountAction)) {
    account.adopt(reasons[accountAction]?.Item);
    return undefined;
  }
  throw new Error('payment transaction cancelled without a known reason');
}
