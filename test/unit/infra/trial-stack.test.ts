import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../infra/definitions/routes.js';
import { PaymentsStack } from '../../../infra/payments-stack.js';
import { stackSettingsFromContext } from '../../../infra/stack-settings.js';
import { projectApp, type Resources } from './support/synth.js';

// Production (the default) keeps the money tables and their key; a trial stack (`cdk deploy -c
// retain=false`) is deleted completely. One route is enough here: tables and key do not depend
// on the routes, and each route costs a bundle.
function synthWithContext(context: Record<string, string>): Template {
  const app = projectApp();
  for (const [name, value] of Object.entries(context)) app.node.setContext(name, value);
  const settings = stackSettingsFromContext((name) => app.node.tryGetContext(name));
  const stack = new PaymentsStack(app, 'PaymentsUnderTest', { ...settings, customerManagedKey: true, routes: routes.slice(0, 1) });
  return Template.fromStack(stack);
}

let production: Template;
let trial: Template;

beforeAll(() => {
  production = synthWithContext({});
  trial = synthWithContext({ retain: 'false' });
}, 180_000);

const of = (template: Template, type: string) => Object.values(template.findResources(type) as Resources);

describe('retain (cdk deploy -c retain=false)', () => {
  it('by default retains and deletion-protects the four money tables (references included) and keeps their key', () => {
    const tables = of(production, 'AWS::DynamoDB::Table');
    const kept = tables.filter((t) => t.DeletionPolicy === 'Retain');
    expect(kept).toHaveLength(4);
    for (const table of kept) expect(table.Properties?.DeletionProtectionEnabled).toBe(true);
    expect(of(production, 'AWS::KMS::Key').map((k) => k.DeletionPolicy)).toEqual(['Retain']);
  });

  it('with retain=false deletes every table, key and log group with the stack, none deletion-protected', () => {
    const tables = of(trial, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(5);
    for (const table of tables) {
      expect(table.DeletionPolicy).toBe('Delete');
      expect(table.Properties?.DeletionProtectionEnabled).toBe(false);
    }
    expect(of(trial, 'AWS::KMS::Key').map((k) => k.DeletionPolicy)).toEqual(['Delete']);
    // Nothing of the trial stack outlives `cdk destroy`.
    const retained = Object.entries(trial.toJSON().Resources as Resources).filter(([, r]) => r.DeletionPolicy === 'Retain' || r.UpdateReplacePolicy === 'Retain');
    expect(retained.map(([id]) => id)).toEqual([]);
  });
});
