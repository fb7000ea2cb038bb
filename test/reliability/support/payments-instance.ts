import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { invokeInProcess, type HttpLambdaHandler, type InProcessRequest, type InProcessResponse } from '../../../local/http/invoke-in-process.js';
import { routes } from '../../../infra/definitions/routes.js';
import { ledgerCursorKey } from '../../../lambda/payments/wiring/ledger-cursor-key.js';
import { paymentsDependenciesFromEnvironment } from '../../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import { movementHandler } from '../../../lambda/payments/handlers/movement-handler.js';
import { getAccountHandler, getPaymentHandler, listLedgerHandler } from '../../../lambda/payments/handlers/read-handlers.js';
import { deposit } from '../../../lambda/payments/movements/deposit.js';
import { openAccount } from '../../../lambda/payments/movements/open-account.js';
import { payment } from '../../../lambda/payments/movements/payment.js';
import { refund } from '../../../lambda/payments/movements/refund.js';
import type { PaymentIdempotencySettings } from '../../../lambda/payments/wiring/payments-dependencies.js';
import { matchRoute } from '../../../local/http/match-route.js';

/** One simulated Lambda instance running every route in this process: its own client and caches. */
export interface PaymentsInstance {
  /** Hands the request to the route's handler, as API Gateway would. */
  send(request: InProcessRequest): Promise<InProcessResponse>;
  /** The instance's DynamoDB client (shared by its handlers and their middleware). */
  readonly client: DynamoDBClient;
  destroy(): void;
}

/**
 * Builds an instance from the same factories and the same environment-driven configuration as
 * the entries in lambda/handlers, so what runs here is what runs in Lambda. Logs are dropped;
 * `idempotency` overrides the middleware's settings (e.g. a lease cap) for this instance.
 */
export function paymentsInstance(
  environment: Readonly<Record<string, string>>,
  idempotency: PaymentIdempotencySettings = {},
): PaymentsInstance {
  const deps = paymentsDependenciesFromEnvironment(environment);
  const quiet = { ...deps, idempotency: { ...deps.idempotency, logger: () => undefined, ...idempotency } };
  const handlers: Record<string, HttpLambdaHandler> = {
    CreateAccount: movementHandler(openAccount, quiet),
    GetAccount: getAccountHandler(quiet),
    CreateDeposit: movementHandler(deposit, quiet),
    CreatePayment: movementHandler(payment, quiet),
    GetPayment: getPaymentHandler(quiet),
    CreateRefund: movementHandler(refund, quiet),
    ListLedger: listLedgerHandler({ ...quiet, ledgerCursorKey: ledgerCursorKey(environment) }),
  };
  return {
    client: deps.client,
    send: (request) => {
      const queryAt = request.target.indexOf('?');
      const match = matchRoute(routes, request.method, queryAt === -1 ? request.target : request.target.slice(0, queryAt));
      const handler = match.kind === 'found' ? handlers[match.route.id] : undefined;
      if (handler === undefined) throw new Error(`no handler for ${request.method} ${request.target}`);
      return invokeInProcess(handler, request);
    },
    destroy: () => {
      deps.client.destroy();
    },
  };
}
