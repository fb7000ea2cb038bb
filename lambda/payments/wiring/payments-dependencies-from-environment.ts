import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { PaymentsDependencies } from './payments-dependencies.js';
import type { Environment } from './environment-reader.js';
import { paymentsConfiguration } from './payments-configuration.js';

/**
 * The dependencies of a payment function built from its environment: one DynamoDB client for
 * the handler and the idempotency middleware, the tables, the retention. Called once per cold
 * start by the entries in lambda/handlers.
 *
 * @throws ConfigurationError naming the first missing or malformed variable.
 */
export function paymentsDependenciesFromEnvironment(env: Environment = process.env): PaymentsDependencies {
  const config = paymentsConfiguration(env);
  return {
    client: new DynamoDBClient(clientConfig(config.dynamodbEndpoint, env)),
    tables: config.tables,
    ...(config.idempotencyRetentionSeconds === undefined ? {} : { idempotency: { retentionSeconds: config.idempotencyRetentionSeconds } }),
  };
}

function clientConfig(endpoint: string | undefined, env: Environment): DynamoDBClientConfig {
  // A hung connection must not eat the whole invocation: the handler's retry budget needs
  // each call to end, one way or the other, well inside the function's timeout.
  const requestHandler = { connectionTimeout: 1_000, requestTimeout: 3_000 };
  if (endpoint === undefined) return { requestHandler };
  // Locally (the runner sets DYNAMODB_ENDPOINT) any region and credentials do.
  const local = env.AWS_ACCESS_KEY_ID === undefined ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};
  return { endpoint, region: env.AWS_REGION ?? 'us-east-1', requestHandler, ...local };
}
