import type { Stack} from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../infra/definitions/routes.js';
import { PaymentsStack, type PaymentsStackProps } from '../../../infra/payments-stack.js';
import { projectApp } from './support/synth.js';

/** Synthesizes the stack with both rule packs attached as infra/app.ts does; throws on a finding. */
function synthWithChecks(props: PaymentsStackProps, extra?: (stack: Stack) => void): void {
  const app = projectApp();
  const stack = new PaymentsStack(app, 'PaymentsUnderNag', props);
  extra?.(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  app.synth();
}

describe('cdk-nag (AwsSolutions and Serverless packs)', () => {
  it('finds nothing unacknowledged in the default stack', () => {
    expect(() => {
      synthWithChecks({});
    }).not.toThrow();
  }, 120_000);

  it('finds nothing unacknowledged with every option switched', () => {
    const everyOption = {
      tracing: false,
      customerManagedKey: true,
      alarmEmail: 'oncall@example.com',
      reservedConcurrency: { CreatePayment: 50 },
      cache: 'valkey',
      cacheTimeoutMs: 30,
    } as const;
    expect(() => {
      synthWithChecks(everyOption);
    }).not.toThrow();
  }, 120_000);

  it('finds nothing unacknowledged with the cache and its VPC (tracing on)', () => {
    expect(() => {
      synthWithChecks({ cache: 'valkey' });
    }).not.toThrow();
  }, 120_000);

  it('fails synth on a finding nobody acknowledged', () => {
    const oneRoute = routes.filter((route) => route.id === 'GetAccount');
    expect(() => {
      synthWithChecks({ routes: oneRoute }, (stack) => new Secret(stack, 'Unrotated'));
    }).toThrow(/automatic rotation/);
  }, 120_000);
});
