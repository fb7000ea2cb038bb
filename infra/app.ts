import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { PaymentsStack } from './payments-stack.js';
import { stackSettingsFromContext } from './stack-settings.js';

// Environment-agnostic on purpose: `cdk synth` needs no AWS access, and `cdk deploy` takes the
// account and region from the caller's profile (CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION).
const app = new App();

// Every deployment option is a context value (`cdk deploy -c tracing=false`); docs/deploy.md.
new PaymentsStack(app, 'IdempotentPayments', {
  description: 'Idempotent payments: HTTP API (IAM auth), Lambda, DynamoDB',
  ...stackSettingsFromContext((name) => app.node.tryGetContext(name)),
});
// cdk-nag's rule packs run at synth as policy validation: a finding nobody acknowledged with a
// reason fails `cdk synth`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
app.synth();
