import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { metricDimensions, serviceName } from '../../../infra/definitions/metrics.js';
import type { PaymentsObservability } from '../wiring/observability.js';

type RouteMiddleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2>;
type RouteRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyResultV2>;

/**
 * The outermost middlewares of every payment route, in order:
 *
 * 1. Powertools' `injectLambdaContext`: every log line of the request carries the Lambda request
 *    id (`function_request_id`), `cold_start` and the function's name.
 * 2. The request's own keys: `route` (`event.routeKey`) and `api_request_id`
 *    (`event.requestContext.requestId`, which API Gateway's access log shows too) on every line,
 *    and `route` as the metrics' one dimension besides `service`.
 * 3. Powertools' `logMetrics`, publishing the request's metrics as one EMF line after it, but
 *    only when it counted something: Powertools would otherwise warn on every request that
 *    counts nothing (the reads), whatever `throwOnEmptyMetrics` says.
 *
 * Middy skips every `after` when a `before` answers early (the idempotency middleware's replays,
 * 409s and 422s), so {@link endRequestObservability} must also run once the chain returned.
 */
export function requestObservability(observability: PaymentsObservability): RouteMiddleware[] {
  const { logger, metrics } = observability;
  // A function serves one route, so this is set once; Powertools warns on every overwrite.
  let routeDimension: string | undefined;
  const flush = logMetrics(metrics, { throwOnEmptyMetrics: false });
  const metricsBefore = async (request: RouteRequest): Promise<void> => {
    await flush.before?.(request);
  };
  const publishCounted = async (request: RouteRequest): Promise<void> => {
    if (metrics.hasStoredMetrics()) await flush.after?.(request);
  };
  const requestKeysBefore = (request: RouteRequest): void => {
    const { event } = request;
    // Keys of a previous request that ended early are still there: start from none.
    logger.resetKeys();
    logger.appendKeys({ route: event.routeKey, api_request_id: event.requestContext.requestId });
    if (event.routeKey !== routeDimension) {
      routeDimension = event.routeKey;
      metrics.clearDefaultDimensions();
      metrics.setDefaultDimensions({ [metricDimensions.service]: serviceName, [metricDimensions.route]: routeDimension });
    }
  };
  return [
    injectLambdaContext(logger, { resetKeys: true }),
    { before: requestKeysBefore },
    { before: metricsBefore, after: publishCounted, onError: publishCounted },
  ];
}

/**
 * Closes the request's observability whatever way its chain ended: publishes what it counted
 * (an early answer skipped `logMetrics`' `after`) and drops its log keys. Publishing twice is not
 * possible: a publication empties the store.
 */
export function endRequestObservability(observability: PaymentsObservability): void {
  if (observability.metrics.hasStoredMetrics()) observability.metrics.publishStoredMetrics();
  observability.logger.resetKeys();
}
