import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type * as v from 'valibot';
import { callerOf } from '../../http/caller.js';
import { jsonResponse } from '../../http/json-response.js';
import { problemResponse } from '../../http/problem.js';
import { idempotencyClaimOf } from '../../idempotency/claim.js';
import { idempotency } from '../../idempotency/idempotency.js';
import { MovementTransactions } from '../adapters/movement-transactions.js';
import { TransactionRunner } from '../adapters/transaction-runner.js';
import { isAccountId, type AccountSnapshot } from '../domain/account.js';
import { refusalProblem } from './refusal-problem.js';
import { runMovement, type MoneyMovement, type MovementCompletion, type Reply } from '../movements/money-movement.js';
import { MovementState } from '../movements/movement-state.js';
import { requestBudget, resolvePaymentsDependencies, type PaymentsDependencies, type ResolvedPaymentsDependencies } from '../wiring/payments-dependencies.js';
import { idempotencyObserver } from './idempotency-observer.js';
import { movementCacheLayer } from './movement-cache-layer.js';
import { movementRecorder } from './movement-metrics.js';
import { requestOf } from './movement-request.js';
import { paymentsRoute, type IdempotencyMiddleware, type RouteFunction } from './payments-route.js';

/** How a movement's route is made idempotent. */
export interface MovementIdempotency {
  /** `null` runs the route unprotected (the benchmark's floor). @default this project's idempotency middleware, on the idempotency table */
  readonly middleware?: IdempotencyMiddleware | null;
  /** Where the transaction's completion comes from. @default the middleware's claim (`idempotencyClaimOf`) */
  readonly completionOf?: (context: Context) => MovementCompletion;
  /**
   * Whether another layer (`middleware`) gets the account read started in front of its claim.
   * `false` wires it as its own documentation does: the handler, and so its read, runs after
   * the claim. @default true
   */
  readonly readAhead?: boolean;
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
    const readAhead = idempotencyLayer.readAhead === false ? {} : { beforeClaim: middlewareOf(accountReadAhead(movement, deps)) };
    return paymentsRoute(deps, route, { ...shape, ...readAhead, ...(other === undefined ? {} : { idempotency: other }) });
  }
  const startRead = accountReadAhead(movement, deps);
  // The only way to the cache's modules. A stack deployed without the cache bundles the
  // functions with process.env.SHARED_CACHE_BUNDLE defined as 'excluded'
  // (infra/definitions/shared-cache-bundle.ts): esbuild then drops this branch, and with it
  // every cache module, from the bundle.
  const cacheLayer =
    process.env.SHARED_CACHE_BUNDLE === 'excluded' || deps.sharedCache === undefined
      ? undefined
      : movementCacheLayer(movement, deps, deps.sharedCache, { startRead, committed });
  const middleware = idempotency<APIGatewayProxyEventV2>({
    logger: idempotencyObserver(deps.observability),
    ...deps.idempotency,
    tableName: deps.tables.idempotency,
    client: deps.client,
    // Inside the middleware, after the caches missed: a replay answered from a cache starts no read.
    ...(cacheLayer ?? {
      beforeClaim: ({ event }) => {
        startRead(event);
        return undefined;
      },
    }),
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
 * Starts the strongly consistent read of the movement's account alongside the idempotency claim
 * (just behind it, not after its answer) when the instance has no snapshot of it, so the two
 * round trips overlap: a first charge on a cold instance then waits for 2 sequential round trips,
 * not 3. A replay or an in-flight
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
    // Sent once the claim has gone out (setImmediate runs after the claim's send has reached the
    // socket): the claim, a write, is the longer round trip, so it leads and the read's own
    // serialising and signing stay off the request's critical path.
    const read = new Promise<void>((sent) => setImmediate(sent)).then(() => deps.accountsAdapter.getAccount(accountId));
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

function replyResponse(reply: Reply) {
  return jsonResponse(reply.status, reply.body, reply.location === undefined ? {} : { location: reply.location });
}
