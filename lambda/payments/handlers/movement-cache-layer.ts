import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as v from 'valibot';
import { callerOf } from '../../http/caller.js';
import { problemResponse } from '../../http/problem.js';
import { idempotencyDefaults, type AfterCompletion, type BeforeClaim } from '../../idempotency/options.js';
import { sharedRecordCache, type SharedRecordCache } from '../../idempotency/shared-record-cache.js';
import type { SharedCache } from '../../shared/shared-cache.js';
import { movementRecorder } from './movement-metrics.js';
import { requestOf } from './movement-request.js';
import { refusalProblem } from './refusal-problem.js';
import type { MoneyMovement } from '../movements/money-movement.js';
import type { ResolvedPaymentsDependencies } from '../wiring/payments-dependencies.js';
import { orderMarkerCheck, OrderMarkers } from '../cache/order-markers.js';

/** What a movement's route hands the idempotency middleware when the function has a shared cache. */
export interface MovementCacheLayer {
  readonly sharedCache: SharedRecordCache;
  readonly beforeClaim: BeforeClaim<APIGatewayProxyEventV2>;
  readonly afterCompletion?: AfterCompletion<APIGatewayProxyEventV2>;
}

/** What the route lends the cache layer. */
export interface MovementCacheLayerInput<Created> {
  /** Starts the account read that the claim need not wait for (the route's read-ahead). */
  readonly startRead: (event: APIGatewayProxyEventV2) => void;
  /** What each request's committed movement created, by event, until the completion hook takes it. */
  readonly committed: WeakMap<APIGatewayProxyEventV2, Created>;
}

/**
 * The shared cache of a movement's route: completed records for every instance, and, for a
 * movement that pays orders, the paid-order markers (set once a payment has committed, read
 * before a fresh key is claimed). Only movement-handler.ts reaches this module, and only when
 * the function has a shared cache.
 */
export function movementCacheLayer<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  deps: ResolvedPaymentsDependencies,
  cache: SharedCache,
  input: MovementCacheLayerInput<Created>,
): MovementCacheLayer {
  const sharedCache = sharedRecordCache(cache);
  if (movement.paysOrder === undefined) {
    return {
      sharedCache,
      beforeClaim: ({ event }) => {
        input.startRead(event);
        return undefined;
      },
    };
  }
  // A marker lives as long as a completed key replays: past that, DynamoDB answers the rare late retry.
  const markers = new OrderMarkers(cache, deps.tables.payments, deps.idempotency.retentionSeconds ?? idempotencyDefaults.retentionSeconds);
  return {
    sharedCache,
    beforeClaim: answerPaidOrder(movement, deps, markers, input.startRead),
    afterCompletion: markPaidOrder(movement, markers, input.committed),
  };
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
function answerPaidOrder<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  deps: ResolvedPaymentsDependencies,
  markers: OrderMarkers,
  startRead: (event: APIGatewayProxyEventV2) => void,
): BeforeClaim<APIGatewayProxyEventV2> {
  const record = movementRecorder(movement.name, deps.observability);
  return async ({ event, keyHash, sharedCacheMiss }) => {
    const paysOrder = movement.paysOrder;
    if (!sharedCacheMiss || paysOrder === undefined) {
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
