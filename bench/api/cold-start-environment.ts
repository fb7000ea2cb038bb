import { metricsNamespace, serviceName } from '../../infra/definitions/metrics.js';
import { tables } from '../../infra/definitions/tables.js';

/**
 * The environment a bundled handler is imported with when its cold start is measured: what the
 * stack gives every function (table names, here their local names; the Powertools service and
 * namespace) and local credentials, so module init runs as it does in Lambda and nothing
 * reaches AWS.
 */
export const coldStartEnvironment: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_SERVICE_NAME: serviceName,
  POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
  ...Object.fromEntries(tables.map((table) => [table.envVar, table.localName])),
};
