import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { metricsNamespace, serviceName, type PaymentsMetricName } from '../../../infra/definitions/metrics.js';

/**
 * The structured logger and the metrics of one payment function instance (Powertools). Built
 * once per instance, at cold start; the route chain (`paymentsRoute`) opens and closes each
 * request's context on them. Everything else reaches them through `countMetric` and the
 * idempotency logger, never through Powertools itself.
 */
export interface PaymentsObservability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * A Powertools Logger and Metrics named after `infra/definitions/metrics.ts` (service and
 * namespace), so the functions emit exactly what the stack's alarms watch. The log level comes
 * from Lambda's advanced logging controls (`AWS_LAMBDA_LOG_LEVEL`) or `POWERTOOLS_LOG_LEVEL`;
 * `POWERTOOLS_METRICS_DISABLED=true` turns metrics off (the test suite does).
 */
export function paymentsObservability(): PaymentsObservability {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: metricsNamespace, serviceName }),
  };
}

/** Counts one occurrence of `name` in the current request (published with the request's route). */
export function countMetric(observability: PaymentsObservability, name: PaymentsMetricName): void {
  observability.metrics.addMetric(name, MetricUnit.Count, 1);
}
