import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PaymentsStack } from '../../../infra/payments-stack.js';

// Synthesizing bundles seven functions with esbuild: do it once for the whole file.
let template: Template;
let stack: PaymentsStack;

beforeAll(() => {
  const app = new App();
  stack = new PaymentsStack(app, 'PaymentsUnderTest');
  template = Template.fromStack(stack);
}, 180_000);

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

function resourcesOf(type: string): Resources {
  return template.findResources(type) as Resources;
}

/** Logical id of the table whose key schema is `partitionKey` (and `sortKey`); expects exactly one. */
function expectOneTableLogicalId(partitionKey: string, sortKey?: string): string {
  const matches = Object.entries(resourcesOf('AWS::DynamoDB::Table')).filter(([, table]) => {
    const schema = table.Properties?.KeySchema as { AttributeName: string; KeyType: string }[];
    const names = schema.map((k) => k.AttributeName);
    return names[0] === partitionKey && names[1] === sortKey;
  });
  expect(matches).toHaveLength(1);
  return matches[0]?.[0] ?? '';
}

/** Logical ids of the four tables; expects each to exist exactly once. */
function expectTableLogicalIds(): Record<'idempotency' | 'accounts' | 'payments' | 'ledger', string> {
  return {
    idempotency: expectOneTableLogicalId('id'),
    accounts: expectOneTableLogicalId('accountId'),
    payments: expectOneTableLogicalId('ownerId', 'orderId'),
    ledger: expectOneTableLogicalId('accountId', 'seq'),
  };
}

describe('tables', () => {
  it('provisions four on-demand tables with point-in-time recovery', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 4);
    for (const table of Object.values(resourcesOf('AWS::DynamoDB::Table'))) {
      expect(table.Properties?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties?.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('expires idempotency records through TTL on expiresAt, and only there', () => {
    const ids = expectTableLogicalIds();
    const tables = resourcesOf('AWS::DynamoDB::Table');
    expect(tables[ids.idempotency]?.Properties?.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    for (const id of [ids.accounts, ids.payments, ids.ledger]) {
      expect(tables[id]?.Properties?.TimeToLiveSpecification).toBeUndefined();
    }
  });

  it('retains and deletion-protects the money tables, not the idempotency table', () => {
    const ids = expectTableLogicalIds();
    const tables = resourcesOf('AWS::DynamoDB::Table');
    for (const id of [ids.accounts, ids.payments, ids.ledger]) {
      expect(tables[id]?.DeletionPolicy).toBe('Retain');
      expect(tables[id]?.UpdateReplacePolicy).toBe('Retain');
      expect(tables[id]?.Properties?.DeletionProtectionEnabled).toBe(true);
    }
    expect(tables[ids.idempotency]?.DeletionPolicy).toBe('Delete');
    expect(tables[ids.idempotency]?.Properties?.DeletionProtectionEnabled).toBe(false);
  });

  it('keys the ledger by account and numeric sequence', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'accountId', KeyType: 'HASH' },
        { AttributeName: 'seq', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'seq', AttributeType: 'N' }]),
    });
  });
});

describe('functions', () => {
  it('runs one Node.js 22 arm64 function per route, with source maps enabled', () => {
    const functions = Object.values(resourcesOf('AWS::Lambda::Function'));
    expect(functions).toHaveLength(7);
    for (const fn of functions) {
      expect(fn.Properties?.Runtime).toBe('nodejs22.x');
      expect(fn.Properties?.Architectures).toEqual(['arm64']);
      expect(fn.Properties?.Handler).toBe('index.handler');
      expect(fn.Properties?.Timeout).toBe(10);
      expect(fn.Properties?.MemorySize).toBe(512);
      const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(Object.keys(variables).sort()).toEqual(
        ['ACCOUNTS_TABLE', 'IDEMPOTENCY_TABLE', 'LEDGER_CURSOR_KEY', 'LEDGER_TABLE', 'NODE_OPTIONS', 'PAYMENTS_TABLE'],
      );
    }
  });

  it('passes physical table names and the cursor key from Secrets Manager', () => {
    const ids = expectTableLogicalIds();
    const fn = Object.values(resourcesOf('AWS::Lambda::Function'))[0];
    const variables = (fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.ACCOUNTS_TABLE).toEqual({ Ref: ids.accounts });
    expect(variables.IDEMPOTENCY_TABLE).toEqual({ Ref: ids.idempotency });
    expect(JSON.stringify(variables.LEDGER_CURSOR_KEY)).toContain('resolve:secretsmanager');
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  it('gives every function its own log group with a retention', () => {
    const groups = Object.values(resourcesOf('AWS::Logs::LogGroup'));
    // one per function, plus the API access log
    expect(groups).toHaveLength(8);
    for (const group of groups) expect(group.Properties?.RetentionInDays).toBe(30);
  });
});

describe('least privilege', () => {
  type Table = 'idempotency' | 'accounts' | 'payments' | 'ledger';
  const claim: [Table, string[]] = ['idempotency', ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']];
  // Written out by hand, not derived from the route definitions, so a change there shows here.
  const expected: Record<string, [Table, string[]][]> = {
    'POST /accounts': [claim, ['accounts', ['dynamodb:PutItem']]],
    'GET /accounts/{accountId}': [['accounts', ['dynamodb:GetItem']]],
    'POST /accounts/{accountId}/deposits': [
      claim,
      ['accounts', ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
      ['ledger', ['dynamodb:PutItem']],
    ],
    'POST /payments': [
      claim,
      ['accounts', ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
      ['payments', ['dynamodb:PutItem']],
      ['ledger', ['dynamodb:PutItem']],
    ],
    'GET /payments/{orderId}': [['payments', ['dynamodb:GetItem']]],
    'POST /payments/{orderId}/refunds': [
      claim,
      ['accounts', ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
      ['payments', ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
      ['ledger', ['dynamodb:PutItem']],
    ],
    'GET /accounts/{accountId}/ledger': [
      ['accounts', ['dynamodb:GetItem']],
      ['ledger', ['dynamodb:Query']],
    ],
  };

  /** The statements of the one inline policy on the role of the one function described as `description`. */
  function expectOnePolicyOf(description: string): unknown[] {
    const functions = Object.entries(resourcesOf('AWS::Lambda::Function')).filter(
      ([, fn]) => fn.Properties?.Description === description,
    );
    expect(functions).toHaveLength(1);
    const role = (functions[0]?.[1].Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = Object.values(resourcesOf('AWS::IAM::Policy')).filter((policy) =>
      (policy.Properties?.Roles as { Ref: string }[]).some((r) => r.Ref === role),
    );
    expect(policies).toHaveLength(1);
    return (policies[0]?.Properties?.PolicyDocument as { Statement: unknown[] }).Statement;
  }

  it.each(Object.entries(expected))('lets %s do exactly what it needs on exactly the tables it uses', (route, grants) => {
    const ids = expectTableLogicalIds();
    const statements = expectOnePolicyOf(route);
    expect(statements).toEqual(
      grants.map(([table, actions]) => ({
        Effect: 'Allow',
        Action: actions.length === 1 ? actions[0] : actions,
        Resource: { 'Fn::GetAtt': [ids[table], 'Arn'] },
      })),
    );
  });

  it('attaches no other permissions than basic logging to the function roles', () => {
    for (const role of Object.values(resourcesOf('AWS::IAM::Role'))) {
      const managed = JSON.stringify(role.Properties?.ManagedPolicyArns ?? []);
      if (managed === '[]') continue;
      expect(managed).toContain('service-role/AWSLambdaBasicExecutionRole');
      expect(role.Properties?.ManagedPolicyArns).toHaveLength(1);
    }
  });

  it('never grants a wildcard DynamoDB action', () => {
    expect(JSON.stringify(resourcesOf('AWS::IAM::Policy'))).not.toMatch(/dynamodb:\*|dynamodb:[A-Za-z]*\*/);
  });
});

describe('HTTP API', () => {
  it('serves one IAM-authorized route per contract route', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    const routes = Object.values(resourcesOf('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties?.RouteKey).sort()).toEqual(
      [
        'GET /accounts/{accountId}',
        'GET /accounts/{accountId}/ledger',
        'GET /payments/{orderId}',
        'POST /accounts',
        'POST /accounts/{accountId}/deposits',
        'POST /payments',
        'POST /payments/{orderId}/refunds',
      ],
    );
    for (const route of routes) expect(route.Properties?.AuthorizationType).toBe('AWS_IAM');
  });

  it('integrates each route with its function through payload format 2.0', () => {
    const integrations = Object.values(resourcesOf('AWS::ApiGatewayV2::Integration'));
    expect(integrations).toHaveLength(7);
    for (const integration of integrations) {
      expect(integration.Properties?.IntegrationType).toBe('AWS_PROXY');
      expect(integration.Properties?.PayloadFormatVersion).toBe('2.0');
    }
  });

  it('logs access on the auto-deployed default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });
});

describe('alarms', () => {
  it('alarms on API 5xx, on errors and throttles of every function, and on DynamoDB system errors', () => {
    const alarms = Object.values(resourcesOf('AWS::CloudWatch::Alarm'));
    // 1 API + 7 functions x (errors, throttles) + 4 tables
    expect(alarms).toHaveLength(1 + 14 + 4);
    const metricNames = alarms.map((a) => a.Properties?.MetricName ?? 'expression');
    expect(metricNames.filter((n) => n === '5xx')).toHaveLength(1);
    expect(metricNames.filter((n) => n === 'Errors')).toHaveLength(7);
    expect(metricNames.filter((n) => n === 'Throttles')).toHaveLength(7);
    const expressions = alarms.filter((a) => a.Properties?.Metrics !== undefined);
    expect(expressions).toHaveLength(4);
    for (const alarm of expressions) expect(JSON.stringify(alarm.Properties?.Metrics)).toContain('SystemErrors');
  });
});

describe('the stack object', () => {
  it('exposes its tables and functions', () => {
    expect([...stack.tables.keys()].sort()).toEqual(['accounts', 'idempotency', 'ledger', 'payments']);
    expect(stack.functions.size).toBe(7);
  });
});
