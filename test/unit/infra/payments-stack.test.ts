import { Match, type Template } from 'aws-cdk-lib/assertions';
import { ApplicationLogLevel, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { metricNames, metricsNamespace } from '../../../infra/definitions/metrics.js';
import { routes, stageThrottle } from '../../../infra/definitions/routes.js';
import type { PaymentsStack } from '../../../infra/payments-stack.js';
import { bundledCodeOf, type Resources, resourcesOf, synthPaymentsStack } from './support/synth.js';

// Synthesizing bundles seven functions with esbuild: do it once for the whole file.
let template: Template;
let stack: PaymentsStack;

beforeAll(() => {
  ({ stack, template } = synthPaymentsStack());
}, 180_000);

const of = (type: string): Resources => resourcesOf(template, type);

type Properties = Record<string, unknown>;
type TableName = 'idempotency' | 'accounts' | 'payments' | 'ledger' | 'references';

/** Logical id of the table whose key schema is `partitionKey` (and `sortKey`); expects exactly one. */
function expectOneTableLogicalId(partitionKey: string, sortKey?: string): string {
  const matches = Object.entries(of('AWS::DynamoDB::Table')).filter(([, table]) => {
    const schema = table.Properties?.KeySchema as { AttributeName: string; KeyType: string }[];
    const names = schema.map((k) => k.AttributeName);
    return names[0] === partitionKey && names[1] === sortKey;
  });
  expect(matches).toHaveLength(1);
  return matches[0]?.[0] ?? '';
}

/** Logical ids of the five tables; expects each to exist exactly once. */
function expectTableLogicalIds(): Record<TableName, string> {
  return {
    idempotency: expectOneTableLogicalId('id'),
    accounts: expectOneTableLogicalId('accountId'),
    payments: expectOneTableLogicalId('ownerId', 'orderId'),
    ledger: expectOneTableLogicalId('accountId', 'seq'),
    references: expectOneTableLogicalId('naturalKey'),
  };
}

/** The one function resource described as `description` (its route key). */
function expectOneFunction(t: Template, description: string): Properties {
  const functions = Object.values(resourcesOf(t, 'AWS::Lambda::Function')).filter((fn) => fn.Properties?.Description === description);
  expect(functions).toHaveLength(1);
  return functions[0]?.Properties ?? {};
}

function variablesOf(fn: Properties): Record<string, unknown> {
  return (fn.Environment as { Variables: Record<string, unknown> }).Variables;
}

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

/** The statements of the one inline policy on the role of the one function described as `description`. */
function expectOnePolicyOf(t: Template, description: string): Statement[] {
  const role = (expectOneFunction(t, description).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(resourcesOf(t, 'AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties?.Roles as { Ref: string }[]).some((r) => r.Ref === role),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]?.Properties?.PolicyDocument as { Statement: Statement[] }).Statement;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** DynamoDB actions per table logical id, however the statements happen to be grouped. */
function dynamoDBAccess(statements: readonly Statement[]): Record<string, string[]> {
  const access: Record<string, Set<string>> = {};
  for (const statement of statements) {
    const actions = asList(statement.Action).filter((action) => action.startsWith('dynamodb:'));
    for (const resource of asList(statement.Resource)) {
      const table = (resource as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
      if (table === undefined || actions.length === 0) continue;
      access[table] ??= new Set();
      for (const action of actions) access[table].add(action);
    }
  }
  return Object.fromEntries(Object.entries(access).map(([table, actions]) => [table, [...actions].sort()]));
}

const routeKeys = routes.map((route) => `${route.method} ${route.path}`);

describe('tables', () => {
  it('provisions five on-demand tables with point-in-time recovery and the default encryption', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 5);
    for (const table of Object.values(of('AWS::DynamoDB::Table'))) {
      expect(table.Properties?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties?.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties?.SSESpecification).toBeUndefined();
    }
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('expires idempotency records through TTL on expiresAt, and only there', () => {
    const ids = expectTableLogicalIds();
    const tables = of('AWS::DynamoDB::Table');
    expect(tables[ids.idempotency]?.Properties?.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    for (const id of [ids.accounts, ids.payments, ids.ledger]) {
      expect(tables[id]?.Properties?.TimeToLiveSpecification).toBeUndefined();
    }
  });

  it('retains and deletion-protects the money tables, not the idempotency table', () => {
    const ids = expectTableLogicalIds();
    const tables = of('AWS::DynamoDB::Table');
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
  it('runs one Node.js 24 arm64 function per route, without the source-map flag', () => {
    const functions = Object.values(of('AWS::Lambda::Function'));
    expect(functions).toHaveLength(7);
    for (const fn of functions) {
      expect(fn.Properties?.Runtime).toBe('nodejs24.x');
      expect(fn.Properties?.Architectures).toEqual(['arm64']);
      expect(fn.Properties?.Handler).toBe('index.handler');
      expect(fn.Properties?.Timeout).toBe(10);
      expect(fn.Properties?.MemorySize).toBe(512);
      expect(variablesOf(fn.Properties ?? {}).NODE_OPTIONS).toBeUndefined();
      expect(fn.Properties?.ReservedConcurrentExecutions).toBeUndefined();
    }
  });

  it('traces actively and tells the code so', () => {
    for (const fn of Object.values(of('AWS::Lambda::Function'))) {
      expect(fn.Properties?.TracingConfig).toEqual({ Mode: 'Active' });
      expect(variablesOf(fn.Properties ?? {}).TRACING_ENABLED).toBe('true');
    }
  });

  it('logs JSON through the advanced logging controls, INFO for the code and WARN for the platform', () => {
    for (const fn of Object.values(of('AWS::Lambda::Function'))) {
      const { LogGroup: logGroup, ...levels } = fn.Properties?.LoggingConfig as Record<string, unknown>;
      expect(levels).toEqual({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN' });
      expect(Object.keys(of('AWS::Logs::LogGroup'))).toContain((logGroup as { Ref: string }).Ref);
    }
  });

  it.each(routeKeys)('gives %s exactly the environment it needs, and the cursor key secret only to the ledger', (routeKey) => {
    const variables = variablesOf(expectOneFunction(template, routeKey));
    const common = [
      'ACCOUNTS_TABLE',
      'IDEMPOTENCY_TABLE',
      'LEDGER_TABLE',
      'PAYMENTS_TABLE',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
      'REFERENCES_TABLE',
      'TRACING_ENABLED',
    ];
    const ledger = routeKey === 'GET /accounts/{accountId}/ledger';
    expect(Object.keys(variables).sort()).toEqual(ledger ? [...common, 'LEDGER_CURSOR_KEY_SECRET_ARN'].sort() : common);
    expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe(metricsNamespace);
    // An ARN to read at run time, never the secret's value resolved into the environment.
    expect(JSON.stringify(variables)).not.toContain('resolve:secretsmanager');
    if (ledger) expect((variables.LEDGER_CURSOR_KEY_SECRET_ARN as { Ref: string }).Ref).toBe(Object.keys(of('AWS::SecretsManager::Secret'))[0]);
  });

  it('passes physical table names', () => {
    const ids = expectTableLogicalIds();
    const variables = variablesOf(expectOneFunction(template, 'POST /payments'));
    expect(variables.ACCOUNTS_TABLE).toEqual({ Ref: ids.accounts });
    expect(variables.IDEMPOTENCY_TABLE).toEqual({ Ref: ids.idempotency });
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  it('puts no function in a VPC and provisions no cache unless asked (-c cache=valkey)', () => {
    expect(of('AWS::EC2::VPC')).toEqual({});
    expect(of('AWS::ElastiCache::ServerlessCache')).toEqual({});
    for (const fn of Object.values(of('AWS::Lambda::Function'))) {
      expect(fn.Properties?.VpcConfig).toBeUndefined();
      expect(variablesOf(fn.Properties ?? {})).not.toHaveProperty('CACHE_URL');
    }
  });

  it('leaves every part of the cache out of the bundles when there is no cache: client, records, order markers', () => {
    const code = bundledCodeOf(stack, template, 'POST /payments');
    expect(code).not.toContain('iovalkey');
    expect(code).not.toContain('None of startup nodes is available');
    expect(code).not.toContain('paid-order:');
    expect(code).not.toContain('idempotency:${');
    // What is left of the cache: a function given CACHE_URL anyway refuses to start.
    expect(code).toContain('bundled without the shared cache');
  });

  it('lets only the ledger function read the cursor key secret', () => {
    for (const routeKey of routeKeys) {
      const secretActions = expectOnePolicyOf(template, routeKey).flatMap((s) => asList(s.Action)).filter((a) => a.startsWith('secretsmanager:'));
      expect(secretActions).toEqual(routeKey === 'GET /accounts/{accountId}/ledger' ? ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'] : []);
    }
  });

  it('gives every function its own log group with a retention', () => {
    const groups = Object.values(of('AWS::Logs::LogGroup'));
    // one per function, plus the API access log
    expect(groups).toHaveLength(8);
    for (const group of groups) {
      expect(group.Properties?.RetentionInDays).toBe(30);
      expect(group.Properties?.KmsKeyId).toBeUndefined();
    }
  });
});

describe('least privilege', () => {
  const claim: [TableName, string[]] = ['idempotency', ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']];
  // Written out by hand, not derived from the route definitions, so a change there shows here.
  const expected: Record<string, [TableName, string[]][]> = {
    'POST /accounts': [claim, ['accounts', ['dynamodb:PutItem']], ['references', ['dynamodb:GetItem', 'dynamodb:PutItem']]],
    'GET /accounts/{accountId}': [['accounts', ['dynamodb:GetItem']]],
    'POST /accounts/{accountId}/deposits': [
      claim,
      ['accounts', ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
      ['ledger', ['dynamodb:PutItem']],
      ['references', ['dynamodb:GetItem', 'dynamodb:PutItem']],
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
      ['references', ['dynamodb:GetItem', 'dynamodb:PutItem']],
    ],
    'GET /accounts/{accountId}/ledger': [
      ['accounts', ['dynamodb:GetItem']],
      ['ledger', ['dynamodb:Query']],
    ],
  };

  it.each(Object.entries(expected))('lets %s do exactly what it needs on exactly the tables it uses', (route, grants) => {
    const ids = expectTableLogicalIds();
    expect(dynamoDBAccess(expectOnePolicyOf(template, route))).toEqual(Object.fromEntries(grants.map(([table, actions]) => [ids[table], actions])));
  });

  it('grants nothing but its tables, X-Ray and (for the ledger) the secret', () => {
    for (const routeKey of routeKeys) {
      const actions = expectOnePolicyOf(template, routeKey).flatMap((s) => asList(s.Action));
      for (const action of actions) expect(action).toMatch(/^(dynamodb:|xray:Put|secretsmanager:(GetSecretValue|DescribeSecret)$)/);
    }
  });

  it('attaches no other managed policy than basic logging to the function roles', () => {
    for (const role of Object.values(of('AWS::IAM::Role'))) {
      const managed = JSON.stringify(role.Properties?.ManagedPolicyArns ?? []);
      if (managed === '[]') continue;
      expect(managed).toContain('service-role/AWSLambdaBasicExecutionRole');
      expect(role.Properties?.ManagedPolicyArns).toHaveLength(1);
    }
  });

  it('never grants a wildcard DynamoDB action', () => {
    expect(JSON.stringify(of('AWS::IAM::Policy'))).not.toMatch(/dynamodb:\*|dynamodb:[A-Za-z]*\*/);
  });
});

describe('HTTP API', () => {
  it('serves one IAM-authorized route per contract route', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    const apiRoutes = Object.values(of('AWS::ApiGatewayV2::Route'));
    expect(apiRoutes.map((r) => r.Properties?.RouteKey).sort()).toEqual([...routeKeys].sort());
    for (const route of apiRoutes) expect(route.Properties?.AuthorizationType).toBe('AWS_IAM');
  });

  it('integrates each route with its function through payload format 2.0', () => {
    const integrations = Object.values(of('AWS::ApiGatewayV2::Integration'));
    expect(integrations).toHaveLength(7);
    for (const integration of integrations) {
      expect(integration.Properties?.IntegrationType).toBe('AWS_PROXY');
      expect(integration.Properties?.PayloadFormatVersion).toBe('2.0');
    }
  });

  it('throttles the stage by default and each route by the limits of its definition', () => {
    const [stage] = Object.values(of('AWS::ApiGatewayV2::Stage'));
    expect(stage?.Properties?.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: stageThrottle.rateLimit,
      ThrottlingBurstLimit: stageThrottle.burstLimit,
      DetailedMetricsEnabled: true,
    });
    const settings = stage?.Properties?.RouteSettings as Record<string, Properties>;
    expect(Object.keys(settings).sort()).toEqual([...routeKeys].sort());
    for (const route of routes) {
      expect(route.throttle).toBeDefined();
      expect(settings[`${route.method} ${route.path}`]).toEqual({
        ThrottlingRateLimit: route.throttle?.rateLimit,
        ThrottlingBurstLimit: route.throttle?.burstLimit,
        DetailedMetricsEnabled: true,
      });
    }
    // A route setting names a route key: the stage must be created after the routes.
    expect(stage?.DependsOn?.filter((id) => Object.keys(of('AWS::ApiGatewayV2::Route')).includes(id))).toHaveLength(7);
  });

  it('writes access logs as JSON with the context variables that join them to the function logs', () => {
    const [stage] = Object.values(of('AWS::ApiGatewayV2::Stage'));
    expect(stage?.Properties?.StageName).toBe('$default');
    expect(stage?.Properties?.AutoDeploy).toBe(true);
    const format = JSON.parse((stage?.Properties?.AccessLogSettings as { Format: string }).Format) as Record<string, string>;
    expect(format).toMatchObject({
      routeKey: '$context.routeKey',
      requestId: '$context.requestId',
      integrationRequestId: '$context.integration.requestId',
      responseLatency: '$context.responseLatency',
      integrationErrorMessage: '$context.integrationErrorMessage',
      status: '$context.status',
    });
    expect(Object.values(format).join(' ')).not.toMatch(/userArn|\$context\.identity\.caller|authorizer\.iam/);
  });

  it('outputs the API URL, the alarm topic and the dashboard', () => {
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: Match.anyValue() } });
    template.hasOutput('DashboardName', { Value: Match.anyValue() });
  });
});

describe('alarms', () => {
  type AlarmProperties = {
    AlarmActions?: unknown[];
    OKActions?: unknown[];
    Period?: number;
    Metrics?: { Expression?: string; MetricStat?: { Period: number; Stat: string; Metric: { MetricName: string; Namespace: string; Dimensions: unknown } } }[];
    MetricName?: string;
    Threshold: number;
    EvaluationPeriods: number;
    TreatMissingData: string;
    AlarmDescription: string;
  };
  const alarms = (): AlarmProperties[] => Object.values(of('AWS::CloudWatch::Alarm')).map((a) => a.Properties as unknown as AlarmProperties);

  it('sends every alarm and every recovery to the one topic, which takes no subscription by default', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const topic = Object.keys(of('AWS::SNS::Topic'))[0];
    expect(alarms()).toHaveLength(22);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.OKActions).toEqual([{ Ref: topic }]);
    }
  });

  it('judges five-minute windows, treats missing data as fine, and never fires on one noisy minute', () => {
    for (const alarm of alarms()) {
      const periods = alarm.Metrics === undefined ? [alarm.Period] : alarm.Metrics.flatMap((m) => (m.MetricStat === undefined ? [] : [m.MetricStat.Period]));
      for (const period of periods) expect(period).toBe(300);
      expect(alarm.TreatMissingData).toBe('notBreaching');
      expect(alarm.AlarmDescription.length).toBeGreaterThan(20);
    }
  });

  it.each(['IdempotencyLeaseLost', 'IdempotencyCompletionCancelled', 'IdempotencyReleaseFailed'])(
    'fires on a single %s on any idempotent route within 5 minutes',
    (name) => {
      const matching = alarms().filter((a) => a.Metrics?.some((m) => m.MetricStat?.Metric.MetricName === name));
      expect(matching).toHaveLength(1);
      const [alarm] = matching;
      expect(alarm?.Threshold).toBe(1);
      expect(alarm?.EvaluationPeriods).toBe(1);
      const watched = alarm?.Metrics?.filter((m) => m.MetricStat !== undefined) ?? [];
      expect(watched).toHaveLength(4);
      for (const m of watched) expect(m.MetricStat?.Metric.Namespace).toBe(metricsNamespace);
    },
  );

  it('alarms on the 5xx rate without the 503s of the retry budget, and on those 503s apart', () => {
    const expressions = alarms().map((a) => a.Metrics?.find((m) => m.Expression !== undefined)?.Expression ?? '');
    const faults = expressions.filter((e) => e.includes('FILL(errors, 0) - ('));
    expect(faults).toHaveLength(1);
    const budget = alarms().filter(
      (a) =>
        a.Metrics?.some((m) => m.MetricStat?.Metric.MetricName === 'RetryBudgetExhausted') === true &&
        a.Metrics.every((m) => m.MetricStat?.Metric.MetricName !== '5xx'),
    );
    expect(budget).toHaveLength(1);
    expect(budget[0]?.Threshold).toBe(5);
  });

  it('alarms on p99 latency of every route', () => {
    const latency = alarms().flatMap((a) => a.Metrics ?? []).filter((m) => m.MetricStat?.Metric.MetricName === 'Latency');
    expect(latency).toHaveLength(7);
    for (const metric of latency) expect(metric.MetricStat?.Stat).toBe('p99');
    const dimensions = latency.map((m) => JSON.stringify(m.MetricStat?.Metric.Dimensions));
    for (const route of routes) {
      expect(dimensions.filter((d) => d.includes(`"Value":"${route.method}"`) && d.includes(`"Value":"${route.path}"`))).toHaveLength(1);
    }
  });

  it.each([
    ['Lambda errors', 'Errors', 7],
    ['Lambda throttles', 'Throttles', 7],
    ['direct invocations', 'Invocations', 7],
    ['DynamoDB throttles', 'WriteThrottleEvents', 5],
    ['transaction conflicts', 'TransactionConflict', 5],
  ])('alarms on %s across every function or table in one alarm', (_label, metricName, count) => {
    const matching = alarms().filter((a) => a.Metrics?.some((m) => m.MetricStat?.Metric.MetricName === metricName));
    expect(matching).toHaveLength(1);
    expect(matching[0]?.Metrics?.filter((m) => m.MetricStat?.Metric.MetricName === metricName)).toHaveLength(count);
  });

  it('alarms on DynamoDB system errors per table', () => {
    const systemErrors = alarms().filter((a) => a.Metrics?.some((m) => m.MetricStat?.Metric.MetricName === 'SystemErrors'));
    expect(systemErrors).toHaveLength(5);
  });
});

describe('dashboard', () => {
  it('draws every route, every outcome metric and DynamoDB on one dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(Object.values(of('AWS::CloudWatch::Dashboard'))[0]?.Properties?.DashboardBody);
    for (const routeKey of routeKeys) expect(body).toContain(`${routeKey}: requests and errors`);
    for (const name of metricNames) expect(body).toContain(name);
    for (const metricName of ['Latency', 'p99', 'p50', 'ConsumedWriteCapacityUnits', 'TransactionConflict', 'SystemErrors']) {
      expect(body).toContain(metricName);
    }
  });
});

describe('the stack object', () => {
  it('exposes its tables, functions and monitoring', () => {
    expect([...stack.tables.keys()].sort()).toEqual(['accounts', 'idempotency', 'ledger', 'payments', 'references']);
    expect(stack.functions.size).toBe(7);
    expect(stack.monitoring.alarms.size).toBe(22);
    expect(stack.encryptionKey).toBeUndefined();
  });
});

describe('options', () => {
  // One route is enough to see what an option changes, and bundles one function instead of seven.
  const ledgerOnly = routes.filter((route) => route.id === 'ListLedger' || route.id === 'CreatePayment');

  it('switches tracing off with one setting, and passes it to the functions', () => {
    const { template: t } = synthPaymentsStack({ routes: ledgerOnly, tracing: false });
    for (const fn of Object.values(resourcesOf(t, 'AWS::Lambda::Function'))) {
      expect(fn.Properties?.TracingConfig).toBeUndefined();
      expect(variablesOf(fn.Properties ?? {}).TRACING_ENABLED).toBe('false');
    }
    expect(JSON.stringify(resourcesOf(t, 'AWS::IAM::Policy'))).not.toContain('xray:');
  }, 60_000);

  it('takes the log levels from configuration', () => {
    const { template: t } = synthPaymentsStack({
      routes: ledgerOnly,
      applicationLogLevel: ApplicationLogLevel.DEBUG,
      systemLogLevel: SystemLogLevel.INFO,
    });
    for (const fn of Object.values(resourcesOf(t, 'AWS::Lambda::Function'))) {
      expect(fn.Properties?.LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'INFO' });
    }
  }, 60_000);

  it('reserves concurrency for POST /payments only when asked', () => {
    const { template: t } = synthPaymentsStack({ routes: ledgerOnly, reservedConcurrency: { CreatePayment: 50 } });
    expect(expectOneFunction(t, 'POST /payments').ReservedConcurrentExecutions).toBe(50);
    expect(expectOneFunction(t, 'GET /accounts/{accountId}/ledger').ReservedConcurrentExecutions).toBeUndefined();
  }, 60_000);

  it('subscribes the alarm e-mail address to the topic', () => {
    const { template: t } = synthPaymentsStack({ routes: ledgerOnly, alarmEmail: 'oncall@example.com' });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  }, 60_000);

  it('encrypts tables, log groups, the secret and the topic with one customer-managed key when asked', () => {
    const { stack: s, template: t } = synthPaymentsStack({ routes: ledgerOnly, customerManagedKey: true });
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const [keyId] = Object.keys(resourcesOf(t, 'AWS::KMS::Key'));
    const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
    for (const table of Object.values(resourcesOf(t, 'AWS::DynamoDB::Table'))) {
      expect(table.Properties?.SSESpecification).toEqual({ KMSMasterKeyId: keyArn, SSEEnabled: true, SSEType: 'KMS' });
    }
    for (const group of Object.values(resourcesOf(t, 'AWS::Logs::LogGroup'))) expect(group.Properties?.KmsKeyId).toEqual(keyArn);
    t.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: keyArn });
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
    // The functions may use the key for their tables, with named actions only.
    const kmsActions = expectOnePolicyOf(t, 'POST /payments').flatMap((st) => asList(st.Action)).filter((a) => a.startsWith('kms:'));
    expect(kmsActions.sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);
    expect(s.encryptionKey).toBeDefined();
  }, 60_000);
});
