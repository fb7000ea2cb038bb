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
import { idempotencyDefaults, type AfterCompletion, type BeforeClaim } from '../../idempotency/options.js';
import { orderMarkerCheck, OrderMarkers } from '../cache/order-markers.js';
import { MovementTransactions } from '../adapters/movement-transactions.js';
import { TransactionRunner } from '../adapters/transaction-runner.js';
import { isAccountId, type AccountSnapshot } from '../domain/account.js';
import { refusalProblem } from './refusal-problem.js';
import { runMovement, type MoneyMovement, type MovementCompletion, type MovementRequest, type Reply } from '../movements/money-movement.js';
import { MovementState } from '../movements/movement-state.js';
import { requestBudget, resolvePaymentsDependencies, type PaymentsDependencies, type ResolvedPaymentsDependencies } from '../wiring/payments-dependencies.js';
import { idempotencyObserver } from './idempotency-observer.js';
import { movementRecorder } from './movement-metrics.js';
import { paymentsRoute, type IdempotencyMiddleware, type RouteFunction } from './payments-route.js';

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
  // What each request's committed movement created, by event, for the hook that runs after the handler.
  const committed = new WeakMap<APIGatewayProxyEventV2, Created>();
  const route = movementFunction(movement, deps, idempotencyLayer.completionOf ?? idempotencyClaimOf, committed);
  const shape = { path: movement.path, body: { schema: movement.body, emptyAsObject: movement.emptyBodyAsObject ?? false } };
  if (idempotencyLayer.middleware !== undefined) {
    // Another idempotency layer (or none): the read-ahead runs as a middleware just before it.
    const other = idempotencyLayer.middleware ?? undefined;
    return paymentsRoute(deps, route, { ...shape, beforeClaim: middlewareOf(accountReadAhead(movement, deps)), ...(other === undefined ? {} : { idempotency: other }) });
  }
  const markers = orderMarkersOf(movement, deps);
  const middleware = idempotency<APIGatewayProxyEventV2>({
    logger: idempotencyObserver(deps.observability),
    ...deps.idempotency,
    tableName: deps.tables.idempotency,
    client: deps.client,
    ...(deps.sharedCache === undefined ? {} : { sharedCache: deps.sharedCache }),
    // Inside the middleware, after the caches missed: a replay answered from a cache starts no read.
    beforeClaim: beforeClaim(movement, deps, markers),
    ...(markers === undefined ? {} : { afterCompletion: markPaidOrder(movement, markers, committed) }),
  });
  return paymentsRoute(deps, route, { ...shape, idempotency: middleware });
}

function movementFunction<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  deps: ResolvedPaymentsDependencies,
  completionOf: (context: Context) => MovementCompletion,
  committed: WeakMap<APIGatewayProxyEventV2, Created>,
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
      onCommitted: (created) => {
        committed.set(event, created);
      },
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
 * duplicate that DynamoDB answers wastes that read (one call), not time; one a cache answers
 * starts none. A failed read is simply read again later.
 */
function accountReadAhead<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  deps: ResolvedPaymentsDependencies,
): (event: APIGatewayProxyEventV2) => void {
  return (event) => {
    const accountId = movement.accountOf?.(requestOf(movement, event));
    if (accountId === undefined || !isAccountId(accountId) || deps.accountSnapshots.get(accountId) !== undefined) return;
    const read = deps.accountsAdapter.getAccount(accountId);
    // Observed here so an unused failure is never an unhandled rejection; the state awaits it again.
    read.catch(() => undefined);
    readsAhead.set(event, { accountId, read });
  };
}

function middlewareOf(startRead: (event: APIGatewayProxyEventV2) => void): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    before: (request) => {
      startRead(request.event);
    },
  };
}

/** The paid-order markers of a movement that pays orders, when there is a shared cache. */
function orderMarkersOf<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  deps: ResolvedPaymentsDependencies,
): OrderMarkers | undefined {
  if (movement.paysOrder === undefined || deps.sharedCache === undefined) return undefined;
  // A marker lives as long as a completed key replays: past that, DynamoDB answers the rare late retry.
  return new OrderMarkers(deps.sharedCache, deps.tables.payments, deps.idempotency.retentionSeconds ?? idempotencyDefaults.retentionSeconds);
}

/**
 * What runs once the request is about to be claimed: with a paid-order marker for the order,
 * a fresh key on the same terms (same account and currency) is answered
 * `409 order_already_paid` with the original paymentId, as DynamoDB would answer it, without
 * a DynamoDB call; otherwise the account read starts.
 *
 * The marker answers only when the shared cache said it holds no record for this key (so the
 * key has no completed answer of its own to replay) and the key is not the one that paid.
 */
function beforeClaim<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  deps: ResolvedPaymentsDependencies,
  markers: OrderMarkers | undefined,
): BeforeClaim<APIGatewayProxyEventV2> {
  const startRead = accountReadAhead(movement, deps);
  const record = movementRecorder(movement.name, deps.observability);
  const paysOrder = movement.paysOrder;
  if (markers === undefined || paysOrder === undefined) {
    return ({ event }) => {
      startRead(event);
      return undefined;
    };
  }
  return async ({ event, keyHash, sharedCacheMiss }) => {
    if (!sharedCacheMiss) {
      startRead(event);
      return undefined;
    }
    const terms = paysOrder.orderOf(requestOf(movement, event));
    const found = await markers.lookup(callerOf(event), terms.orderId);
    const check = { name: orderMarkerCheck, outcome: found.outcome };
    const paid = found.paid;
    if (paid !== undefined && paid.keyHash !== keyHash && paid.accountId === terms.accountId && paid.currency === terms.currency) {
      const refusal = { kind: 'order_already_paid', paymentId: paid.paymentId } as const;
      // The same money outcome as DynamoDB's refusal, so OrderAlreadyPaid counts it either way.
      record({ kind: 'refused', refusal });
      return { response: problemResponse(refusalProblem(refusal)), check };
    }
    startRead(event);
    return { check };
  };
}

/** Sets the paid-order marker once the payment's transaction (and with it the key's completion) has committed. */
function markPaidOrder<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  markers: OrderMarkers,
  committed: WeakMap<APIGatewayProxyEventV2, Created>,
): AfterCompletion<APIGatewayProxyEventV2> {
  return async ({ event, keyHash }) => {
    const paysOrder = movement.paysOrder;
    const created = committed.get(event);
    if (paysOrder === undefined || created === undefined) return undefined;
    committed.delete(event);
    const paid = paysOrder.paidOrderOf(created);
    const outcome = await markers.mark(callerOf(event), paid.orderId, { paymentId: paid.paymentId, accountId: paid.accountId, currency: paid.currency, keyHash });
    return { name: orderMarkerCheck, outcome };
  };
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
