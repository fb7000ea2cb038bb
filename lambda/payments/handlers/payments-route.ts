import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as v from 'valibot';
import { moneyMetrics } from '../../../infra/definitions/metrics.js';
import { httpErrors } from '../../http/http-errors.js';
import { jsonBody } from '../../http/json-body.js';
import { pathParameters } from '../../http/path-parameters.js';
import { serviceUnavailableProblem } from '../../http/problem.js';
import { RetryBudgetExhaustedError } from '../adapters/retry-budget.js';
import { withInvocationDeadline } from '../wiring/invocation-deadline.js';
import { countMetric, type PaymentsObservability } from '../wiring/observability.js';
import type { ResolvedPaymentsDependencies } from '../wiring/payments-dependencies.js';
import { endRequestObservability, requestObservability } from './request-observability.js';

/** A route's function before its middlewares. */
export type RouteFunction = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** A middleware that makes a route idempotent (this project's, or another for comparison). */
export type IdempotencyMiddleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2>;

/** What a route validates and how it is protected, in middleware order. */
export interface RouteShape {
  readonly path?: v.GenericSchema;
  readonly body?: { readonly schema: v.GenericSchema; readonly emptyAsObject: boolean };
  /** Runs on a validated request just before the idempotency claim (e.g. to start a read the claim need not wait for). */
  readonly beforeClaim?: MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2>;
  readonly idempotency?: IdempotencyMiddleware;
}

/**
 * The one middleware chain of every payments route: the request's logs and metrics outermost
 * (see `requestObservability`), then errors mapped to problems, then path and body validation
 * (so a rejected request claims nothing), then idempotency. A retry budget that ran out is
 * answered 503 with `Retry-After` (a thrown Problem, so the key is released) and counted.
 */
export function paymentsRoute(deps: ResolvedPaymentsDependencies, route: RouteFunction, shape: RouteShape) {
  const { observability } = deps;
  let handler = middy(answerExhaustedBudget(route, observability));
  for (const middleware of requestObservability(observability)) handler = handler.use(middleware);
  handler = handler.use(httpErrors({ logger: observability.logger }));
  if (shape.path !== undefined) handler = handler.use(pathParameters(shape.path));
  if (shape.body !== undefined) {
    handler = handler.use(jsonBody(shape.body.schema, { maxBytes: deps.maxBodyBytes, emptyAsObject: shape.body.emptyAsObject, integersOnly: true }));
  }
  if (shape.beforeClaim !== undefined) handler = handler.use(shape.beforeClaim);
  if (shape.idempotency !== undefined) handler = handler.use(shape.idempotency);
  const routed = handler;
  // Every DynamoDB call of the invocation, the middleware's included, is bounded by its deadline.
  const bounded = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      return await withInvocationDeadline(deadlineOf(context), () => routed(event, context));
    } finally {
      endRequestObservability(observability);
    }
  };
  // Outermost, so the invocation's span covers every middleware and every DynamoDB call.
  const { tracing } = deps;
  if (tracing === undefined) return bounded;
  return (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> =>
    tracing.traceInvocation(event, context, () => bounded(event, context));
}

function deadlineOf(context: Context): number | undefined {
  // Outside Lambda (some tests) the context may lack the method.
  const remaining = (context as Partial<Context>).getRemainingTimeInMillis?.call(context);
  return typeof remaining === 'number' && Number.isFinite(remaining) ? Date.now() + remaining : undefined;
}

function answerExhaustedBudget(route: RouteFunction, observability: PaymentsObservability): RouteFunction {
  return async (event, context) => {
    try {
      return await route(event, context);
    } catch (error) {
      if (error instanceof RetryBudgetExhaustedError) {
        countMetric(observability, moneyMetrics.retryBudgetExhausted);
        throw serviceUnavailableProblem(error.retryAfterSeconds, { cause: error });
      }
      throw error;
    }
  };
}
