import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { CfnStage} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { SubnetType } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { metricsNamespace, serviceName } from './definitions/metrics.js';
import { cacheClientModules, sharedCacheExcludedDefine } from './definitions/shared-cache-bundle.js';
import { type RouteDefinition, routes as allRoutes, stageThrottle } from './definitions/routes.js';
import { type KeyAttributeType, type TableDefinition, type TableId, tables as allTables } from './definitions/tables.js';
import { IdempotencyCache } from './idempotency-cache.js';
import { PaymentsMonitoring } from './monitoring.js';

/** Options of the payments stack; every one has a production-minded default. */
export interface PaymentsStackProps extends StackProps {
  /**
   * Retention of the functions' and the API's log groups.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * The routes to provision. Tests and forks may narrow them; the definitions are the default.
   * @default every route of infra/definitions/routes.ts
   */
  readonly routes?: readonly RouteDefinition[];
  /**
   * Extra environment for every function (e.g. idempotency retention), on top of the table
   * names and the observability settings.
   * @default {}
   */
  readonly functionEnvironment?: Readonly<Record<string, string>>;
  /**
   * Lambda active tracing; the functions learn the choice from TRACING_ENABLED.
   * @default true
   */
  readonly tracing?: boolean;
  /**
   * Lowest level of the functions' own log lines that reaches CloudWatch.
   * @default ApplicationLogLevel.INFO
   */
  readonly applicationLogLevel?: ApplicationLogLevel;
  /**
   * Lowest level of the Lambda platform's log lines (START, END, REPORT are INFO).
   * @default SystemLogLevel.WARN
   */
  readonly systemLogLevel?: SystemLogLevel;
  /**
   * An e-mail address subscribed to the alarm topic.
   * @default no subscription: subscribe a pager or chat integration to the AlarmTopicArn output
   */
  readonly alarmEmail?: string;
  /**
   * Reserved concurrency by route id (e.g. `{ CreatePayment: 50 }`): a ceiling on the route's
   * instances, and a floor no other function of the account can take away.
   * @default none: the functions share the account's unreserved concurrency
   */
  readonly reservedConcurrency?: Readonly<Record<string, number>>;
  /**
   * Encrypt the tables, the log groups, the cursor key's secret and the alarm topic with one
   * customer-managed KMS key created by the stack (with yearly rotation).
   * @default false: AWS-owned and AWS-managed keys, as DynamoDB, CloudWatch Logs and Secrets Manager choose
   */
  readonly customerManagedKey?: boolean;
  /**
   * Keep the money tables (and the key that encrypts them) when the stack is deleted, with
   * deletion protection on. `false` is for trial stacks: every table is deleted with the stack,
   * with no deletion protection, so `cdk destroy` leaves nothing behind that bills.
   * @default true
   */
  readonly retain?: boolean;
  /**
   * A shared cache of completed idempotency records and paid-order markers in front of
   * DynamoDB: `valkey` provisions ElastiCache Serverless for Valkey in a VPC of its own and
   * attaches the functions of the idempotent routes to it (docs/idempotency.md, "The shared cache").
   * @default 'none': no VPC, no cache; every replay is answered from DynamoDB
   */
  readonly cache?: 'none' | 'valkey';
  /**
   * How long a function waits for the cache before it carries on as if the cache had missed.
   * @default the functions' own default (CACHE_TIMEOUT_MS unset)
   */
  readonly cacheTimeoutMs?: number;
}

/** Repository root: entries in the route definitions are relative to it. */
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const stageName = '$default';

/**
 * The whole payments API in one environment-agnostic stack: an HTTP API with IAM authorization
 * and throttling, one Node.js 24 arm64 function per route of the shared route table, the
 * DynamoDB tables of the shared table definitions, least-privilege grants derived from each
 * route's declared actions, JSON logs with retention, traces, alarms that notify one SNS topic,
 * a dashboard, and the API URL as an output.
 */
export class PaymentsStack extends Stack {
  /** The HTTP API. */
  readonly api: HttpApi;
  /** Tables by logical id. */
  readonly tables: ReadonlyMap<TableId, Table>;
  /** Functions by route id. */
  readonly functions: ReadonlyMap<string, NodejsFunction>;
  /** Alarm topic, alarms and dashboard. */
  readonly monitoring: PaymentsMonitoring;
  /** The customer-managed key, when the stack was asked for one. */
  readonly encryptionKey: Key | undefined;
  /** The shared idempotency cache and its VPC, when the stack was asked for one. */
  readonly cache: IdempotencyCache | undefined;

  readonly #props: PaymentsStackProps;

  constructor(scope: Construct, id: string, props: PaymentsStackProps = {}) {
    super(scope, id, props);
    this.#props = props;
    const routes = props.routes ?? allRoutes;
    this.encryptionKey = props.customerManagedKey === true ? this.#createKey() : undefined;

    const tables = new Map<TableId, Table>();
    for (const definition of allTables) tables.set(definition.id, this.#createTable(definition));
    this.tables = tables;

    // The ledger cursor is signed with this key so clients cannot forge a position in another
    // account's ledger. Only the function that signs cursors may read it, at run time.
    const cursorKey = new Secret(this, 'LedgerCursorKey', {
      description: 'HMAC key signing ledger pagination cursors',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      ...(this.encryptionKey === undefined ? {} : { encryptionKey: this.encryptionKey }),
    });
    Validations.of(cursorKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No automatic rotation: a new key invalidates every ledger cursor in flight (clients get 400 and restart the listing), and the key protects no data at rest. docs/operations.md says how to rotate it by hand.',
    });

    const tracing = props.tracing ?? true;
    const environment: Record<string, string> = {
      TRACING_ENABLED: String(tracing),
      POWERTOOLS_SERVICE_NAME: serviceName,
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
      ...props.functionEnvironment,
    };
    for (const definition of allTables) environment[definition.envVar] = tableOf(tables, definition.id).tableName;

    this.api = new HttpApi(this, 'Api', {
      description: 'Idempotent payments API',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });

    const functions = new Map<string, NodejsFunction>();
    const routeSettings: Record<string, unknown> = {};
    const httpRoutes = [];
    this.cache = props.cache === 'valkey' ? this.#createCache() : undefined;
    for (const route of routes) {
      const cache = this.cache !== undefined && usesIdempotencyCache(route) ? this.cache : undefined;
      const fn = this.#createFunction(
        route,
        {
          ...environment,
          ...(route.signsLedgerCursors === true ? { LEDGER_CURSOR_KEY_SECRET_ARN: cursorKey.secretArn } : {}),
          // ElastiCache Serverless runs in cluster mode: the functions use a cluster client.
          ...(cache === undefined ? {} : { CACHE_URL: cache.url, CACHE_CLUSTER_MODE: 'true' }),
          ...(cache === undefined || props.cacheTimeoutMs === undefined ? {} : { CACHE_TIMEOUT_MS: String(props.cacheTimeoutMs) }),
        },
        cache,
      );
      if (route.signsLedgerCursors === true) cursorKey.grantRead(fn);
      for (const grant of route.grants) {
        // One statement per table with exactly the route's actions: no grantReadWriteData.
        // TransactWriteItems needs no action of its own: DynamoDB authorises each contained
        // Put/Update/Delete/ConditionCheck against that action on its table.
        fn.addToRolePolicy(
          new PolicyStatement({ actions: [...grant.actions], resources: [tableOf(tables, grant.table).tableArn] }),
        );
      }
      if (this.encryptionKey !== undefined && route.grants.length > 0) {
        // What Table.grant* would add for a customer-managed key, spelt out without wildcards.
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
            resources: [this.encryptionKey.keyArn],
          }),
        );
      }
      httpRoutes.push(
        ...this.api.addRoutes({
          path: route.path,
          methods: [route.method === 'GET' ? HttpMethod.GET : HttpMethod.POST],
          integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
        }),
      );
      const limits = route.throttle ?? stageThrottle;
      routeSettings[`${route.method} ${route.path}`] = {
        ThrottlingRateLimit: limits.rateLimit,
        ThrottlingBurstLimit: limits.burstLimit,
        DetailedMetricsEnabled: true,
      };
      functions.set(route.id, fn);
    }
    this.functions = functions;

    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName,
      autoDeploy: true,
      throttle: stageThrottle,
      // Route-level metrics: per-route latency, 4xx and 5xx for the dashboard and the p99 alarms.
      detailedMetricsEnabled: true,
      accessLogSettings: { destination: new LogGroupLogDestination(this.#logGroup('ApiAccessLogs')), format: accessLogFormat() },
    });
    const cfnStage = stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = routeSettings;
    // Route settings name route keys, which must exist before the stage refers to them.
    for (const route of httpRoutes) stage.node.addDependency(route);

    this.monitoring = new PaymentsMonitoring(this, 'Monitoring', {
      api: this.api,
      stageName,
      routes: routes.map((definition) => ({ definition, fn: functionOf(functions, definition.id) })),
      tables,
      ...(props.alarmEmail === undefined ? {} : { alarmEmail: props.alarmEmail }),
      ...(this.encryptionKey === undefined ? {} : { encryptionKey: this.encryptionKey }),
      sharedCache: this.cache !== undefined,
    });
    if (this.encryptionKey === undefined) {
      Validations.of(this.monitoring.topic).acknowledge({
        id: 'AwsSolutions-SNS2',
        reason:
          'Alarm notifications carry alarm names and states, no payment data; CloudWatch cannot publish to a topic under the AWS-managed SNS key. With -c customerManagedKey=true the topic is encrypted with the stack key.',
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the HTTP API (IAM auth)' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn, description: 'SNS topic every alarm notifies' });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName, description: 'CloudWatch dashboard' });
  }

  #createKey(): Key {
    const key = new Key(this, 'DataKey', {
      description: 'Idempotent payments: tables, log groups, cursor key secret, alarm topic',
      enableKeyRotation: true,
      // The money tables outlive the stack (RETAIN): so must the key that decrypts them.
      removalPolicy: this.#props.retain === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts this stack's log groups with the key, and only in this account and region.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*` } },
      }),
    );
    // CloudWatch alarms publish to the encrypted alarm topic.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    return key;
  }

  #createCache(): IdempotencyCache {
    return new IdempotencyCache(this, 'IdempotencyCache', {
      logRetention: this.#props.logRetention ?? RetentionDays.ONE_MONTH,
      tracing: this.#props.tracing ?? true,
      ...(this.encryptionKey === undefined ? {} : { encryptionKey: this.encryptionKey }),
    });
  }

  /** Whether the table outlives the stack: the money tables, unless this is a trial stack (`retain: false`). */
  #retains(definition: TableDefinition): boolean {
    return definition.holdsMoney && this.#props.retain !== false;
  }

  #createTable(definition: TableDefinition): Table {
    return new Table(this, `${pascal(definition.id)}Table`, {
      partitionKey: { name: definition.partitionKey.name, type: attributeType(definition.partitionKey.type) },
      ...(definition.sortKey === undefined
        ? {}
        : { sortKey: { name: definition.sortKey.name, type: attributeType(definition.sortKey.type) } }),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(definition.ttlAttribute === undefined ? {} : { timeToLiveAttribute: definition.ttlAttribute }),
      ...(this.encryptionKey === undefined ? {} : { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: this.encryptionKey }),
      deletionProtection: this.#retains(definition),
      removalPolicy: this.#retains(definition) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }

  #logGroup(id: string): LogGroup {
    return new LogGroup(this, id, {
      retention: this.#props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
      ...(this.encryptionKey === undefined ? {} : { encryptionKey: this.encryptionKey }),
    });
  }

  /** `cache`: attach the function to the cache's VPC (isolated subnets) with its client security group. */
  #createFunction(route: RouteDefinition, environment: Record<string, string>, cache: IdempotencyCache | undefined): NodejsFunction {
    const tracing = this.#props.tracing ?? true;
    const reserved = this.#props.reservedConcurrency?.[route.id];
    const fn = new NodejsFunction(this, `${route.id}Function`, {
      entry: path.join(repositoryRoot, route.entry),
      handler: 'handler',
      projectRoot: repositoryRoot,
      depsLockFilePath: path.join(repositoryRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(route.timeoutSeconds),
      memorySize: route.memoryMb,
      description: `${route.method} ${route.path}`,
      environment,
      logGroup: this.#logGroup(`${route.id}Logs`),
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: this.#props.applicationLogLevel ?? ApplicationLogLevel.INFO,
      systemLogLevelV2: this.#props.systemLogLevel ?? SystemLogLevel.WARN,
      tracing: tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      ...(reserved === undefined ? {} : { reservedConcurrentExecutions: reserved }),
      ...(cache === undefined
        ? {}
        : { vpc: cache.vpc, vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED }, securityGroups: [cache.clientSecurityGroup] }),
      bundling: {
        minify: true,
        // No source maps: with --enable-source-maps the POST /payments module init took ~21 ms
        // longer and the first error stack ~36 ms (docs/benchmarks.md, "Source maps").
        sourceMap: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // Bundle the SDK too: the deployed code is then exactly the version the tests ran.
        bundleAwsSDK: true,
        // Without the cache a function carries none of its code: not its client library, and not
        // the project's cache modules (infra/definitions/shared-cache-bundle.ts).
        ...(cache === undefined ? { externalModules: [...cacheClientModules], define: { ...sharedCacheExcludedDefine } } : {}),
        // Some CommonJS dependencies call require(); ESM output has none unless we make one.
        banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        // esbuild is a local devDependency: bundling never needs Docker.
        forceDockerBundling: false,
      },
    });
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'AWSLambdaBasicExecutionRole only lets the function write its own logs (logs:CreateLogGroup/CreateLogStream/PutLogEvents); it is the AWS-maintained minimum for a function.',
    });
    if (cache !== undefined) {
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'AWSLambdaVPCAccessExecutionRole only lets Lambda create, describe and delete the network interfaces that attach the function to the cache VPC; it is the AWS-maintained minimum for that.',
      });
    }
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: 'Invoked synchronously by API Gateway only: the caller gets the error and retries with its idempotency key; a DLQ receives only asynchronous events.',
    });
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaAsyncFailureDestination',
      reason: 'Invoked synchronously by API Gateway only: on-failure destinations apply to asynchronous invocations.',
    });
    if (tracing) {
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
      });
    } else {
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaTracing',
        reason: 'Tracing switched off on purpose for this deployment (context tracing=false).',
      });
    }
    return fn;
  }
}

/**
 * One JSON line per request with the HTTP API's own context variables. `integrationRequestId`
 * is the Lambda request id, so a line here joins to the function's log lines. The caller's ARN
 * is left out: it names a person or a session.
 */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      requestTime: '$context.requestTime',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      responseLength: '$context.responseLength',
      integrationRequestId: '$context.integration.requestId',
      integrationStatus: '$context.integration.integrationStatus',
      integrationLatency: '$context.integration.latency',
      integrationErrorMessage: '$context.integrationErrorMessage',
      errorMessage: '$context.error.message',
      authorizerError: '$context.authorizer.error',
      sourceIp: '$context.identity.sourceIp',
      protocol: '$context.protocol',
    }),
  );
}

/**
 * The cache fronts the idempotency table: a route uses it when it claims idempotency keys. Read
 * routes stay outside the VPC (the ledger function keeps reaching Secrets Manager without an
 * interface endpoint).
 */
function usesIdempotencyCache(route: RouteDefinition): boolean {
  return route.grants.some((grant) => grant.table === 'idempotency');
}

function tableOf(tables: ReadonlyMap<TableId, Table>, id: TableId): Table {
  const table = tables.get(id);
  if (table === undefined) throw new Error(`A route grants access to the undefined table '${id}'.`);
  return table;
}

function functionOf(functions: ReadonlyMap<string, NodejsFunction>, id: string): NodejsFunction {
  const fn = functions.get(id);
  if (fn === undefined) throw new Error(`No function was created for route '${id}'.`);
  return fn;
}

function attributeType(type: KeyAttributeType): AttributeType {
  switch (type) {
    case 'S':
      return AttributeType.STRING;
    case 'N':
      return AttributeType.NUMBER;
    case 'B':
      return AttributeType.BINARY;
  }
}

function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
