import middy from '@middy/core';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { callerOf } from '../../http/caller.js';
import { httpErrors } from '../../http/http-errors.js';
import { jsonBody, jsonBodyOf } from '../../http/json-body.js';
import { jsonResponse } from '../../http/json-response.js';
import { pathParameters, pathParametersOf } from '../../http/path-parameters.js';
import { idempotencyClaimOf } from '../../idempotency/claim.js';
import { idempotency } from '../../idempotency/idempotency.js';
import { AccountState } from '../account-state.js';
import { paymentFromItem } from '../adapters/payment-item.js';
import { readWithRetry } from '../adapters/read-with-retry.js';
import { TransactionRunner } from '../adapters/transaction-runner.js';
import type { AccountSnapshot } from '../domain/account-snapshot.js';
import { balanceAfter } from '../domain/balance-after.js';
import { newId } from '../domain/new-id.js';
import { PaymentNotFoundError, RefundExceedsPaymentError } from '../domain/payment-error.js';
import type { PaymentRecord } from '../domain/payment-record.js';
import { planRefund } from '../domain/refund-plan.js';
import { PaymentCache } from '../payment-cache.js';
import { paymentProblem } from '../payment-problem.js';
import { resolvePaymentsDependencies, type PaymentsDependencies } from '../payments-dependencies.js';
import { requestBudget } from '../request-budget.js';
import { conditionFailed, runMovement, type CancellationVerdict, type MovementStep } from '../run-movement.js';
import { createRefundBody } from '../schemas/create-refund-body.js';
import { orderPath } from '../schemas/order-path.js';


// Positions of the movement's actions in its transaction (the completion comes last).
const accountAction = 0;
const ledgerAction = 1;
const paymentAction = 2;

/**
 * `POST /payments/{orderId}/refunds`: returns part or (without `amount`) all of what is left of
 * the caller's payment to its account. One transaction: the account credit (pinned to the
 * snapshot's version), the ledger entry, the payment's refunded total (pinned to the total the
 * refund was planned against, so concurrent refunds never exceed the payment), the completion.
 */
export function createCreateRefundHandler(dependencies: PaymentsDependencies) {
  const deps = resolvePaymentsDependencies(dependencies);

  const createRefund = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const caller = callerOf(event);
    const claim = idempotencyClaimOf(context);
    const { orderId } = pathParametersOf(event, orderPath);
    const requested = jsonBodyOf(event, createRefundBody).amount;

    const budget = requestBudget(deps, context);
    const runner = new TransactionRunner(deps.client, (attempt) => claim.clientRequestToken(attempt), budget);
    const refundId = newId('ref');
    const entryId = newId('led');
    const paymentKey = PaymentCache.keyOf(caller, orderId);
    let payment: PaymentRecord | undefined = deps.payments.get(paymentKey);
    let paymentFresh = false;
    let account: AccountState | undefined;

    const adoptPayment = (fresh: PaymentRecord | undefined): void => {
      payment = fresh;
      paymentFresh = true;
      if (fresh !== undefined) deps.payments.remember(paymentKey, fresh);
    };
    const readPayment = async (): Promise<void> => {
      adoptPayment(await readWithRetry(budget, () => deps.paymentsAdapter.getPayment(caller, orderId)));
    };

    const plan = async (): Promise<MovementStep> => {
      if (payment === undefined && !paymentFresh) await readPayment();
      const paid = payment;
      if (paid === undefined) return { kind: 'answer', response: paymentProblem(new PaymentNotFoundError()) };
      const refund = planRefund(paid.amount, paid.refundedAmount, requested);
      if (refund instanceof RefundExceedsPaymentError) {
        // The refunded total only grows, but a cached one may be behind: refuse on a fresh one.
        if (!paymentFresh) return (await readPayment(), plan());
        return { kind: 'answer', response: paymentProblem(refund) };
      }
      account ??= new AccountState(paid.accountId, caller, deps.accountSnapshots, deps.accountsAdapter, budget);
      const before = await account.current();
      if (before === undefined) throw new Error("a payment's account is missing or owned by another caller");
      const balance = balanceAfter(before.balance, refund.amount);
      if (typeof balance !== 'number') {
        if (!account.fresh) return (await account.refresh(), plan());
        return { kind: 'answer', response: paymentProblem(balance) };
      }
      const at = deps.now().toISOString();
      const after: AccountSnapshot = { ...before, balance, version: before.version + 1, updatedAt: at };
      const state = account;
      const body = {
        refundId,
        orderId,
        amount: refund.amount,
        currency: paid.currency,
        refundedAmount: refund.refundedAfter,
        balanceAfter: balance,
        createdAt: at,
      };
      return {
        kind: 'transact',
        actions: [
          deps.accountsAdapter.movementAction({ before, caller, currency: paid.currency, balanceAfter: balance, at }),
          deps.accountsAdapter.ledgerEntryAction({
            accountId: paid.accountId,
            seq: after.version,
            entryId,
            type: 'refund',
            amount: refund.amount,
            balanceAfter: balance,
            orderId,
            referenceId: refundId,
            createdAt: at,
          }),
          deps.paymentsAdapter.refundAction({
            ownerId: caller,
            orderId,
            refundedBefore: paid.refundedAmount,
            refundedAfter: refund.refundedAfter,
          }),
        ],
        response: jsonResponse(201, body),
        onCommitted: () => {
          state.committed(after);
          deps.payments.remember(paymentKey, { ...paid, refundedAmount: refund.refundedAfter });
        },
      };
    };

    // Failed conditions return ALL_OLD items: adopt them as the fresh state and plan again.
    const interpret = (reasons: readonly CancellationReason[]): CancellationVerdict => {
      const paymentFailed = conditionFailed(reasons, paymentAction);
      const accountFailed = conditionFailed(reasons, accountAction);
      if (paymentFailed) {
        const item = reasons[paymentAction]?.Item;
        adoptPayment(item === undefined ? undefined : paymentFromItem(item));
      }
      if (accountFailed) account?.adopt(reasons[accountAction]?.Item);
      if (paymentFailed || accountFailed) return { kind: 'replan' };
      if (conditionFailed(reasons, ledgerAction)) {
        throw new Error('the ledger has an entry at the next seq although the account version held: ledger and account disagree');
      }
      throw new Error('refund transaction cancelled without a known reason');
    };

    return runMovement({ claim, runner, budget, plan, interpret });
  };

  return middy(createRefund)
    .use(httpErrors())
    .use(pathParameters(orderPath))
    .use(jsonBody(createRefundBody, { maxBytes: deps.maxBodyBytes, emptyAsObject: true }))
    .use(idempotency({ ...deps.idempotency, tableName: deps.tables.idempotency, client: deps.client }));
}
