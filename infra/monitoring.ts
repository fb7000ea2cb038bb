import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import {
  cacheMetrics,
  idempotencyMetrics,
  metricDimensions,
  metricsNamespace,
  moneyMetrics,
  moneySafetyMetrics,
  type PaymentsMetricName,
  routeDimension,
  serviceName,
} from './definitions/metrics.js';
import type { RouteDefinition } from './definitions/routes.js';
import type { TableId } from './definitions/tables.js';

/** One route as monitored: its definition and the function behind it. */
export interface MonitoredRoute {
  readonly definition: RouteDefinition;
  readonly fn: IFunction;
}

export interface PaymentsMonitoringProps {
  readonly api: HttpApi;
  /** Name of the API stage whose metrics are watched. */
  readonly stageName: string;
  readonly routes: readonly MonitoredRoute[];
  readonly tables: ReadonlyMap<TableId, Table>;
  /** Where a notification of every alarm (and of its recovery) also goes by e-mail. */
  readonly alarmEmail?: string;
  /** Encrypts the alarm topic; CloudWatch is allowed to use it. */
  readonly encryptionKey?: IKey;
  /** The stack has the shared cache (`-c cache=valkey`): alarm on its faults too. */
  readonly sharedCache?: boolean;
}

/** Alarms judge five-minute windows: one-minute windows of a low-traffic API are mostly noise. */
const window = Duration.minutes(5);

/** A p99 above this, for fifteen minutes, is a fifth of the functions' 10 s timeout: well past a cold start. */
export const latencyP99ThresholdMs = 2_000;

/**
 * Cache faults in a five-minute window that say the cache is down or too slow rather than one
 * connection being re-opened (a reconnect fails fast for up to 2 s of requests).
 */
const cacheFaultsPerWindow = 20;

/** Below this many requests in a window, a rate says nothing (one fault in three requests is not 33 %). */
const minimumRequestsForARate = 20;

/** Operations whose DynamoDB `SystemErrors` the alarms watch: everything the functions call. */
const watchedOperations: Operation[] = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.TRANSACT_WRITE_ITEMS,
];

/**
 * What an on-call engineer needs to run the payments API: one SNS topic that every alarm
 * notifies (on ALARM and on OK), the alarms of docs/operations.md, and one dashboard with, per
 * route, requests, errors, latency and the idempotency and money outcomes, plus DynamoDB.
 */
export class PaymentsMonitoring extends Construct {
  /** Receives every alarm and every recovery. */
  readonly topic: Topic;
  /** Every alarm, by construct id. */
  readonly alarms: ReadonlyMap<string, Alarm>;
  readonly dashboard: Dashboard;

  readonly #props: PaymentsMonitoringProps;
  readonly #alarms = new Map<string, Alarm>();
  readonly #action: SnsAction;

  constructor(scope: Construct, id: string, props: PaymentsMonitoringProps) {
    super(scope, id);
    this.#props = props;
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Idempotent payments alarms',
      enforceSSL: true,
      ...(props.encryptionKey === undefined ? {} : { masterKey: props.encryptionKey }),
    });
    if (props.alarmEmail !== undefined) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'A dead-letter queue for e-mail deliveries would hold notifications nobody reads; a missed e-mail loses nothing, since the alarm state and its history stay in CloudWatch.',
      });
    }
    this.#action = new SnsAction(this.topic);

    this.#moneySafetyAlarms();
    this.#apiAlarms();
    this.#lambdaAlarms();
    this.#dynamoDBAlarms();
    if (props.sharedCache === true) this.#cacheAlarms();
    this.alarms = this.#alarms;
    this.dashboard = this.#dashboard();
  }

  /** Lease lost, completion cancelled, release failed: none happens in normal operation, so one is enough. */
  #moneySafetyAlarms(): void {
    const idempotent = this.#props.routes.filter(({ definition }) => isIdempotent(definition));
    for (const name of moneySafetyMetrics) {
      this.#alarm(name, {
        metric: sumOf(name, idempotent.map(({ definition }) => outcome(name, definition))),
        threshold: 1,
        evaluationPeriods: 1,
        description: `${name}: at least one in 5 minutes on any idempotent route. See docs/operations.md#${name.toLowerCase()}.`,
      });
    }
  }

  /**
   * The cache never decides anything, so its faults are not money-safety alarms: a cache that
   * stops answering costs latency (every replay goes to DynamoDB), and an entry nobody wrote is a
   * sign that something other than the functions writes into the cache. Counts, not rates: an
   * alarm takes at most 10 metrics, and each outcome is one metric per idempotent route.
   */
  #cacheAlarms(): void {
    const idempotent = this.#props.routes.filter(({ definition }) => isIdempotent(definition));
    const onEveryRoute = (names: readonly PaymentsMetricName[]): Metric[] =>
      names.flatMap((name) => idempotent.map(({ definition }) => outcome(name, definition)));
    this.#alarm('CacheUnreachable', {
      metric: sumOf('cache unavailable or failing', onEveryRoute([cacheMetrics.unavailable, cacheMetrics.error])),
      threshold: cacheFaultsPerWindow,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: `At least ${cacheFaultsPerWindow} shared-cache operations found no server or failed, in 2 of 3 five-minute windows. See docs/operations.md#cacheunreachable.`,
    });
    this.#alarm('CacheTimeouts', {
      metric: sumOf('cache timeouts', onEveryRoute([cacheMetrics.timeout])),
      threshold: cacheFaultsPerWindow,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: `At least ${cacheFaultsPerWindow} shared-cache operations ran past CACHE_TIMEOUT_MS, in 2 of 3 five-minute windows. See docs/operations.md#cachetimeouts.`,
    });
    this.#alarm('CacheUnexpectedEntries', {
      metric: sumOf('corrupt or foreign cache entries', onEveryRoute([cacheMetrics.corruptEntry, cacheMetrics.foreignEntry])),
      threshold: 1,
      evaluationPeriods: 1,
      description: 'At least one cache entry the functions did not write (corrupt, or another record under a key) in 5 minutes. See docs/operations.md#cacheunexpectedentries.',
    });
  }

  #apiAlarms(): void {
    const { routes } = this.#props;
    const requests = this.#stageMetric('Count', Stats.SUM);
    const budget = routes.map(({ definition }) => outcome(moneyMetrics.retryBudgetExhausted, definition));
    const budgetSum = fillSum(budget, 'b');
    const budgetMetrics = Object.fromEntries(budget.map((metric, i) => [`b${i}`, metric]));

    // 503 after the retry budget is an expected answer under contention; counted apart, so a
    // fault rate above the threshold means something is broken, not merely busy.
    this.#alarm('ServerFaultRate', {
      metric: new MathExpression({
        expression: `IF(requests >= ${minimumRequestsForARate}, 100 * (FILL(errors, 0) - (${budgetSum})) / requests, 0)`,
        usingMetrics: { requests, errors: this.#stageMetric('5xx', Stats.SUM), ...budgetMetrics },
        label: '5xx other than retry budget, % of requests',
        period: window,
      }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: 'More than 1% of requests answered 5xx (503 retry budget excluded) in 2 of 3 five-minute windows.',
    });
    this.#alarm('RetryBudgetExhaustedRate', {
      metric: new MathExpression({
        expression: `IF(requests >= ${minimumRequestsForARate}, 100 * (${budgetSum}) / requests, 0)`,
        usingMetrics: { requests, ...budgetMetrics },
        label: '503 retry budget exhausted, % of requests',
        period: window,
      }),
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: 'More than 5% of requests answered 503 (retry budget exhausted) in 2 of 3 five-minute windows.',
    });
    for (const { definition } of routes) {
      this.#alarm(`${definition.id}LatencyP99`, {
        metric: this.#routeMetric(definition, 'Latency', Stats.p(99)),
        threshold: latencyP99ThresholdMs,
        evaluationPeriods: 3,
        description: `p99 latency of ${routeDimension(definition)} above ${latencyP99ThresholdMs} ms for 15 minutes.`,
      });
    }
  }

  #lambdaAlarms(): void {
    const functions = this.#props.routes.map(({ fn }) => fn);
    this.#alarm('LambdaErrors', {
      metric: sumOf('Lambda errors', functions.map((fn) => fn.metricErrors({ period: window }))),
      threshold: 5,
      evaluationPeriods: 1,
      description: 'At least 5 failed invocations (crash or timeout) across the functions in 5 minutes.',
    });
    this.#alarm('LambdaThrottles', {
      metric: sumOf('Lambda throttles', functions.map((fn) => fn.metricThrottles({ period: window }))),
      threshold: 5,
      evaluationPeriods: 2,
      description: 'At least 5 throttled invocations across the functions in each of two five-minute windows.',
    });
    // A function invoked more often than API Gateway called it was invoked by someone else:
    // such a caller skipped the API's IAM authorization and chose the caller identity itself.
    const invocations = functions.map((fn) => fn.metricInvocations({ period: window }));
    this.#alarm('DirectInvocations', {
      metric: new MathExpression({
        expression: `(${fillSum(invocations, 'i')}) - FILL(integrations, 0)`,
        usingMetrics: {
          integrations: this.#stageMetric('IntegrationLatency', Stats.SAMPLE_COUNT),
          ...Object.fromEntries(invocations.map((metric, i) => [`i${i}`, metric])),
        },
        label: 'invocations not made by the API',
        period: window,
      }),
      threshold: 5,
      evaluationPeriods: 1,
      description: 'At least 5 more function invocations than API integration calls in 5 minutes: someone invokes the functions directly.',
    });
  }

  #dynamoDBAlarms(): void {
    const tables = [...this.#props.tables.values()];
    this.#alarm('DynamoDBThrottles', {
      metric: sumOf(
        'DynamoDB throttle events',
        tables.flatMap((table) => [table.metric('ReadThrottleEvents', { period: window, statistic: Stats.SUM }), table.metric('WriteThrottleEvents', { period: window, statistic: Stats.SUM })]),
      ),
      threshold: 50,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: 'At least 50 throttled DynamoDB requests in 2 of 3 five-minute windows (a hot partition or a runaway client).',
    });
    for (const [tableId, table] of this.#props.tables) {
      this.#alarm(`${pascal(tableId)}SystemErrors`, {
        metric: systemErrors(tableId, table),
        threshold: 5,
        evaluationPeriods: 1,
        description: `At least 5 DynamoDB system errors (HTTP 500 from DynamoDB) on ${tableId} in 5 minutes.`,
      });
    }
    this.#alarm('TransactionConflicts', {
      metric: sumOf('DynamoDB transaction conflicts', tables.map((table) => table.metric('TransactionConflict', { period: window, statistic: Stats.SUM }))),
      threshold: 100,
      evaluationPeriods: 3,
      description: 'At least 100 transaction conflicts in each of three five-minute windows: sustained contention on the same accounts.',
    });
  }

  #alarm(
    id: string,
    options: { metric: IMetric; threshold: number; evaluationPeriods: number; datapointsToAlarm?: number; description: string },
  ): void {
    const alarm = new Alarm(this, `${id}Alarm`, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods,
      ...(options.datapointsToAlarm === undefined ? {} : { datapointsToAlarm: options.datapointsToAlarm }),
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // Every metric here is emitted only when something happens (a request, an error, an
      // outcome): no data means nothing happened, which is not a breach.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    alarm.addAlarmAction(this.#action);
    alarm.addOkAction(this.#action);
    this.#alarms.set(id, alarm);
  }

  #stageMetric(metricName: string, statistic: string): Metric {
    return new Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiId: this.#props.api.apiId, Stage: this.#props.stageName },
      statistic,
      period: window,
    });
  }

  /** A route-level API metric (the stage has detailed metrics on). */
  #routeMetric(route: RouteDefinition, metricName: string, statistic: string): Metric {
    return new Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiId: this.#props.api.apiId, Stage: this.#props.stageName, Method: route.method, Resource: route.path },
      statistic,
      period: window,
      label: `${metricName} ${statistic}`,
    });
  }

  #dashboard(): Dashboard {
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${Stack.of(this).stackName}-payments` });
    dashboard.addWidgets(
      new TextWidget({
        markdown: '# Idempotent payments\nPer route: requests, errors, latency, idempotency and money outcomes. Runbook: docs/operations.md.',
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: [...this.#alarms.values()], width: 24, height: 4 }));
    for (const { definition, fn } of this.#props.routes) {
      const route = routeDimension(definition);
      const outcomes: PaymentsMetricName[] = [
        ...(isIdempotent(definition) ? [...Object.values(idempotencyMetrics), ...Object.values(cacheMetrics)] : []),
        ...Object.values(moneyMetrics),
      ];
      dashboard.addWidgets(
        new GraphWidget({
          title: `${route}: requests and errors`,
          left: [
            this.#routeMetric(definition, 'Count', Stats.SUM),
            this.#routeMetric(definition, '4xx', Stats.SUM),
            this.#routeMetric(definition, '5xx', Stats.SUM),
          ],
          right: [fn.metricErrors({ period: window, label: 'Lambda errors' }), fn.metricThrottles({ period: window, label: 'Lambda throttles' })],
          width: 8,
        }),
        new GraphWidget({
          title: `${route}: latency`,
          left: [this.#routeMetric(definition, 'Latency', Stats.p(50)), this.#routeMetric(definition, 'Latency', Stats.p(99))],
          leftAnnotations: [{ value: latencyP99ThresholdMs, label: 'p99 alarm' }],
          width: 8,
        }),
        new GraphWidget({
          title: `${route}: outcomes`,
          left: outcomes.map((name) => outcome(name, definition)),
          stacked: false,
          width: 8,
        }),
      );
    }
    const tables = [...this.#props.tables.entries()];
    const perTable = (label: string, metricName: string, statistic: string) =>
      tables.map(([tableId, table]) => table.metric(metricName, { period: window, statistic, label: `${tableId} ${label}` }));
    dashboard.addWidgets(
      new GraphWidget({
        title: 'DynamoDB: consumed capacity',
        left: [...perTable('read', 'ConsumedReadCapacityUnits', Stats.SUM), ...perTable('write', 'ConsumedWriteCapacityUnits', Stats.SUM)],
        width: 8,
      }),
      new GraphWidget({
        title: 'DynamoDB: throttles and transaction conflicts',
        left: [...perTable('read throttles', 'ReadThrottleEvents', Stats.SUM), ...perTable('write throttles', 'WriteThrottleEvents', Stats.SUM)],
        right: perTable('conflicts', 'TransactionConflict', Stats.SUM),
        width: 8,
      }),
      new GraphWidget({
        title: 'DynamoDB: system errors',
        left: tables.map(([tableId, table]) => systemErrors(tableId, table)),
        width: 8,
      }),
    );
    return dashboard;
  }
}

/** Routes behind the idempotency layer: the ones that claim keys in the idempotency table. */
function isIdempotent(route: RouteDefinition): boolean {
  return route.grants.some((grant) => grant.table === 'idempotency');
}

/** One of the functions' EMF counters for one route. */
function outcome(name: PaymentsMetricName, route: RouteDefinition): Metric {
  return new Metric({
    namespace: metricsNamespace,
    metricName: name,
    dimensionsMap: { [metricDimensions.service]: serviceName, [metricDimensions.route]: routeDimension(route) },
    statistic: Stats.SUM,
    period: window,
    label: name,
  });
}

/** `FILL(p0, 0) + FILL(p1, 0) + …`: a missing series counts as zero instead of blanking the sum. */
function fillSum(metrics: readonly IMetric[], prefix: string): string {
  return metrics.map((_, i) => `FILL(${prefix}${i}, 0)`).join(' + ');
}

/** The sum of several counters as one alarmable series (at most 10 metrics: an alarm's limit). */
function sumOf(label: string, metrics: readonly IMetric[]): MathExpression {
  return new MathExpression({
    expression: fillSum(metrics, 'm'),
    usingMetrics: Object.fromEntries(metrics.map((metric, i) => [`m${i}`, metric])),
    label,
    period: window,
  });
}

/** DynamoDB `SystemErrors` of one table over the watched operations (the metric exists per operation only). */
function systemErrors(tableId: TableId, table: Table): MathExpression {
  const metrics = watchedOperations.map((operation) =>
    table.metric('SystemErrors', { dimensionsMap: { TableName: table.tableName, Operation: operation }, statistic: Stats.SUM, period: window }),
  );
  return new MathExpression({
    expression: fillSum(metrics, `${tableId}_`),
    usingMetrics: Object.fromEntries(metrics.map((metric, i) => [`${tableId}_${i}`, metric])),
    label: `${tableId} system errors`,
    period: window,
  });
}

function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
