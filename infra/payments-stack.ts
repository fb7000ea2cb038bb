import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, Operation, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type RouteDefinition, routes as allRoutes } from './definitions/routes.js';
import { type KeyAttributeType, type TableDefinition, type TableId, tables as allTables } from './definitions/tables.js';

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
   * names, the ledger cursor key and NODE_OPTIONS.
   * @default {}
   */
  readonly functionEnvironment?: Readonly<Record<string, string>>;
}

/** Repository root: entries in the route definitions are relative to it. */
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Operations whose DynamoDB `SystemErrors` the alarm watches: everything the functions call. */
const watchedOperations: Operation[] = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.TRANSACT_WRITE_ITEMS,
];

/**
 * The whole payments API in one environment-agnostic stack: an HTTP API with IAM authorization,
 * one Node.js 22 arm64 function per route of the shared route table, the DynamoDB tables of the
 * shared table definitions, least-privilege grants derived from each route's declared actions,
 * log groups with retention, alarms, and the API URL as an output.
 */
export class PaymentsStack extends Stack {
  /** The HTTP API. */
  readonly api: HttpApi;
  /** Tables by logical id. */
  readonly tables: ReadonlyMap<TableId, Table>;
  /** Functions by route id. */
  readonly functions: ReadonlyMap<string, NodejsFunction>;

  constructor(scope: Construct, id: string, props: PaymentsStackProps = {}) {
    super(scope, id, props);
    const retention = props.logRetention ?? RetentionDays.ONE_MONTH;
    const routes = props.routes ?? allRoutes;

    const tables = new Map<TableId, Table>();
    for (const definition of allTables) tables.set(definition.id, this.createTable(definition));
    this.tables = tables;

    // The ledger cursor is signed with this key so clients cannot forge a position in another
    // account's ledger. CloudFormation resolves the dynamic reference at deploy time.
    const cursorKey = new Secret(this, 'LedgerCursorKey', {
      description: 'HMAC key signing ledger pagination cursors',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });

    const environment: Record<string, string> = {
      NODE_OPTIONS: '--enable-source-maps',
      LEDGER_CURSOR_KEY: cursorKey.secretValue.unsafeUnwrap(),
      ...props.functionEnvironment,
    };
    for (const definition of allTables) environment[definition.envVar] = tableOf(tables, definition.id).tableName;

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention, removalPolicy: RemovalPolicy.DESTROY });
    this.api = new HttpApi(this, 'Api', {
      description: 'Idempotent payments API',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });

    const functions = new Map<string, NodejsFunction>();
    for (const route of routes) {
      const fn = this.createFunction(route, environment, retention);
      for (const grant of route.grants) {
        // One statement per table with exactly the route's actions: no grantReadWriteData.
        // TransactWriteItems needs no action of its own: DynamoDB authorises each contained
        // Put/Update/Delete/ConditionCheck against that action on its table.
        fn.addToRolePolicy(
          new PolicyStatement({ actions: [...grant.actions], resources: [tableOf(tables, grant.table).tableArn] }),
        );
      }
      this.api.addRoutes({
        path: route.path,
        methods: [route.method === 'GET' ? HttpMethod.GET : HttpMethod.POST],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
      });
      this.alarmOn(`${route.id}Errors`, fn.metricErrors({ period: Duration.minutes(1) }), 'Lambda errors');
      this.alarmOn(`${route.id}Throttles`, fn.metricThrottles({ period: Duration.minutes(1) }), 'Lambda throttles');
      functions.set(route.id, fn);
    }
    this.functions = functions;

    this.alarmOn('Api5xx', this.api.metricServerError({ period: Duration.minutes(1) }), 'API 5xx responses');
    for (const [tableId, table] of tables) {
      this.alarmOn(
        `${pascal(tableId)}SystemErrors`,
        table.metricSystemErrorsForOperations({ operations: watchedOperations, period: Duration.minutes(1) }),
        `DynamoDB system errors on ${tableId}`,
      );
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the HTTP API (IAM auth)' });
  }

  private createTable(definition: TableDefinition): Table {
    return new Table(this, `${pascal(definition.id)}Table`, {
      partitionKey: { name: definition.partitionKey.name, type: attributeType(definition.partitionKey.type) },
      ...(definition.sortKey === undefined
        ? {}
        : { sortKey: { name: definition.sortKey.name, type: attributeType(definition.sortKey.type) } }),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(definition.ttlAttribute === undefined ? {} : { timeToLiveAttribute: definition.ttlAttribute }),
      deletionProtection: definition.holdsMoney,
      removalPolicy: definition.holdsMoney ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }

  private createFunction(route: RouteDefinition, environment: Record<string, string>, retention: RetentionDays): NodejsFunction {
    const logGroup = new LogGroup(this, `${route.id}Logs`, { retention, removalPolicy: RemovalPolicy.DESTROY });
    return new NodejsFunction(this, `${route.id}Function`, {
      entry: path.join(repositoryRoot, route.entry),
      handler: 'handler',
      projectRoot: repositoryRoot,
      depsLockFilePath: path.join(repositoryRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(route.timeoutSeconds),
      memorySize: route.memoryMb,
      description: `${route.method} ${route.path}`,
      environment,
      logGroup,
      bundling: {
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        // Bundle the SDK too: the deployed code is then exactly the version the tests ran.
        bundleAwsSDK: true,
        // Some CommonJS dependencies call require(); ESM output has none unless we make one.
        banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        // esbuild is a local devDependency: bundling never needs Docker.
        forceDockerBundling: false,
      },
    });
  }

  private alarmOn(id: string, metric: IMetric, what: string): void {
    new Alarm(this, `${id}Alarm`, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `${what} in the last minute`,
    });
  }
}

function tableOf(tables: ReadonlyMap<TableId, Table>, id: TableId): Table {
  const table = tables.get(id);
  if (table === undefined) throw new Error(`A route grants access to the undefined table '${id}'.`);
  return table;
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
