import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { InvocationTracing } from '../../tracing/invocation-tracing.js';
import { ConfigurationError } from './configuration-error.js';
import type { Environment } from './environment-reader.js';

/**
 * The instance's tracing when TRACING_ENABLED is `true` (the stack sets it with active tracing),
 * with a span for every call of `client`; otherwise none, and OpenTelemetry's code is not even
 * evaluated: it is imported here, on demand, so tracing off costs no module init.
 *
 * @throws ConfigurationError when TRACING_ENABLED is set to anything but `true` or `false`.
 */
export async function tracingFromEnvironment(client: DynamoDBClient, env: Environment = process.env): Promise<InvocationTracing | undefined> {
  const enabled = env.TRACING_ENABLED;
  if (enabled === undefined || enabled === '' || enabled === 'false') return undefined;
  if (enabled !== 'true') throw new ConfigurationError('TRACING_ENABLED', "must be 'true' or 'false'");
  const { xrayTracing } = await import('../../tracing/xray-tracing.js');
  return xrayTracing(client, env);
}
