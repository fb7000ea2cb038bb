import { randomBytes } from 'node:crypto';
import { tables as allTables } from '../../infra/definitions/tables.js';
import { runnerRegion, type RunnerDynamoDB } from './runner-dynamodb.js';

/** What the handlers' environment is made of besides the DynamoDB they use. */
export interface FunctionEnvironmentOptions {
  /** @default 32 random bytes, base64url */
  readonly ledgerCursorKey?: string;
  /** Overrides the defaults above it, though never the table variables. @default {} */
  readonly functionEnvironment?: Readonly<Record<string, string>>;
}

/**
 * The environment every simulated instance runs with, as the CDK stack sets it for the Lambda
 * functions: region, credentials, endpoint, one variable per table, the ledger cursor key.
 */
export function functionEnvironment(dynamodb: RunnerDynamoDB, options: FunctionEnvironmentOptions): Record<string, string> {
  const environment: Record<string, string> = {
    AWS_REGION: runnerRegion(),
    AWS_DEFAULT_REGION: runnerRegion(),
    ...(dynamodb.credentials ?? { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' }),
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    LEDGER_CURSOR_KEY: options.ledgerCursorKey ?? randomBytes(32).toString('base64url'),
    NODE_OPTIONS: '--enable-source-maps',
    // The instances stand in for Lambda's Node.js 22 runtime: the SDK's warning about the
    // Node.js version running this laptop process is printed once, by the runner itself.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // As Lambda sets it for on-demand instances: Powertools' cold_start flag depends on it.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    ...options.functionEnvironment,
  };
  for (const table of allTables) environment[table.envVar] = dynamodb.tableNames[table.id];
  return environment;
}
