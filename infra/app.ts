import { App } from 'aws-cdk-lib';
import { PaymentsStack } from './payments-stack.js';

// Environment-agnostic on purpose: `cdk synth` needs no AWS access, and `cdk deploy` takes the
// account and region from the caller's profile (CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION).
const app = new App();
new PaymentsStack(app, 'IdempotentPayments', {
  description: 'Idempotent payments: HTTP API (IAM auth), Lambda, DynamoDB',
});
app.synth();
