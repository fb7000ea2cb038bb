import { App } from 'aws-cdk-lib';
import { PaymentsStack } from './payments-stack.js';

// Environment-agnostic on purpose: `cdk synth` needs no AWS access, and `cdk deploy` takes the
// account and region from the caller's profile (CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION).
const app = new App();

// `cdk deploy -c idempotencyRetentionSeconds=172800` keeps completed keys for 48 hours.
const rawRetention: unknown = app.node.tryGetContext('idempotencyRetentionSeconds');
const retention = typeof rawRetention === 'number' || typeof rawRetention === 'string' ? String(rawRetention) : rawRetention;
if (retention !== undefined && (typeof retention !== 'string' || !/^[1-9]\d{0,9}$/.test(retention))) {
  throw new Error(`context idempotencyRetentionSeconds must be a positive whole number of seconds, got ${JSON.stringify(retention)}`);
}

new PaymentsStack(app, 'IdempotentPayments', {
  description: 'Idempotent payments: HTTP API (IAM auth), Lambda, DynamoDB',
  ...(retention === undefined ? {} : { functionEnvironment: { IDEMPOTENCY_RETENTION_SECONDS: retention } }),
});
app.synth();
