import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type * as v from 'valibot';
import { callerOf } from '../../http/caller.js';
import { jsonBodyOf } from '../../http/json-body.js';
import { jsonResponse } from '../../http/json-response.js';
import { pathParametersOf } from '../../http/path-parameters.js';
import { problemResponse } from '../../http/problem.js';
import { idempotencyClaimOf } from '../../idempotency/claim.js';
import { idempotency } from '../../idempotency/idempotency.js';
import { MovementTransactions } from '../adapters/movement-transactions.js';
import { TransactionRunner } from '../adapters/transaction-runner.js';
import { isAccountId, type AccountSnapshot } from '../domain/account.js';
import { runMovement, type MoneyMovement, type MovementCompletion, type MovementRequest, type Reply } from '../movements/money-movement.js';
import { MovementState } from '../movements/movement-state.js';
import { requestBudget, resolvePaymentsDependencies, type PaymentsDependencies, type ResolvedPaymentsDependencies } from '../wiring/payments-dependencies.js';
import { idempotencyObserver } from './idempotency-observer.js';
import { movementRecorder } from './movement-metrics.js';
import { paymentsRoute, type IdempotencyMiddleware, type RouteFunction } from './payments-route.js';
import { refusalProblem } from './refusal-problem.js';

/** How a movement's route is made idempotent. */
export interface MovementIdempotency {
  /** `null` runs the route unprotected (the benchmark's floor). @default this project's idempotency middleware, on the idempotency table */
  readonly middleware?: IdempotencyMiddleware | null;
  /** Where the transaction's completion comes from. @default the middleware's claim (`idempotencyClaimOf`) */
  readonly completionOf?: (context: Context) => MovementCompletion;
}

/**
 * The Lambda handler of a money movement's route: validates its path and body, claims the key,
 * and runs the movement's rules through the one runner.
 */
export function movementHandler<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  dependencies: PaymentsDependencies,
  idempotencyLayer: MovementIdempotency = {},
) {
  const deps = resolvePaymentsDependencies(dependencies);
  const middleware =
    idempotencyLayer.middleware === undefined
      ? idempotency({ logger: idempotencyObserver(deps.observability), ...deps.idempotency, tableName: deps.tables.idempotency, client: deps.client })
      : (idempotencyLayer.middleware ?? undefined);
  return paymentsRoute(deps, movementFunction(movement, deps, idempotencyLayer.completionOf ?? idempotencyClaimOf), {
    path: movement.path,
    body: { schema: movement.body, emptyAsObject: movement.emptyBodyAsObject ?? false },
    beforeClaim: accountReadAhead(movement, deps),
    ...(middleware === undefined ? {} : { idempotency: middleware }),
  });
}

function movementFunction<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  deps: ResolvedPaymentsDependencies,
  completionOf: (context: Context) => MovementCompletion,
): RouteFunction {
  const record = movementRecorder(movement.name, deps.observability);
  return (event, context) => {
    const caller = callerOf(event);
    const request = requestOf(movement, event);
    const completion = completionOf(context);
    const budget = requestBudget(deps, context);
    const runner = new TransactionRunner(deps.client, (attempt) => completion.clientRequestToken(attempt), budget, () => {
      record({ kind: 'conflict_retried' });
    });
    const { accountSnapshots, payments, accountsAdapter, paymentsAdapter, referencesAdapter } = deps;
    const accountRead = readsAhead.get(event);
    return runMovement(movement.start(request, caller), {
      state: new MovementState({
        caller,
        accountSnapshots,
        payments,
        accountsAdapter,
        paymentsAdapter,
        referencesAdapter,
        budget,
        ...(accountRead === undefined ? {} : { accountRead }),
      }),
      transactions: new MovementTransactions(deps.tables, runner),
      completion,
      budget,
      now: deps.now,
      respond: (outcome) => (outcome.kind === 'created' ? replyResponse(movement.reply(outcome.created)) : problemResponse(refusalProblem(outcome))),
      record,
    });
  };
}

// Account reads started before the claim, by event: the event itself stays what API Gateway sent.
const readsAhead = new WeakMap<APIGatewayProxyEventV2, { readonly accountId: string; readonly read: Promise<AccountSnapshot | undefined> }>();

/**
 * Starts the strongly consistent read of the movement's account before the idempotency claim
 * when the instance has no snapshot of it, so the two round trips overlap: a first charge on a
 * cold instance then waits for 2 sequential round trips, not 3. A replay or an in-flight
 * duplicate wastes that read (one call), not time; a failed read is simply read again later.
 */
function accountReadAhead<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  deps: ResolvedPaymentsDependencies,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  const startRead = (request: { readonly event: APIGatewayProxyEventV2 }): void => {
    const { event } = request;
    const accountId = movement.accountOf?.(requestOf(movement, event));
    if (accountId === undefined || !isAccountId(accountId) || deps.accountSnapshots.get(accountId) !== undefined) return;
    const read = deps.accountsAdapter.getAccount(accountId);
    // Observed here so an unused failure is never an unhandled rejection; the state awaits it again.
    read.catch(() => undefined);
    readsAhead.set(event, { accountId, read });
  };
  return { before: startRead };
}

/** The movement's input as the path and body middlewares validated it. */
function requestOf<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  event: APIGatewayProxyEventV2,
): MovementRequest<TBody, TPath> {
  return { body: jsonBodyOf(event, movement.body), path: pathParametersOf(event, movement.path) };
}

function replyResponse(reply: Reply) {
  return jsonResponse(reply.status, reply.body, reply.location === undefined ? {} : { location: reply.location });
}
