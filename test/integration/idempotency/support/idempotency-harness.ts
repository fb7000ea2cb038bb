import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  GetItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { idempotency } from '../../../../lambda/idempotency/idempotency.js';
import type { IdempotencyLogEntry } from '../../../../lambda/idempotency/idempotency-log.js';
import type { IdempotencyCommonOptions } from '../../../../lambda/idempotency/options.js';
import { apiGatewayEvent } from '../../../../local/http/api-gateway-event.js';
import { lambdaContext as localLambdaContext } from '../../../../local/http/lambda-context.js';
import { testDynamoDBClient, uniqueTableName } from '../../../support/dynamodb.js';
import { iamUserOf, localIdentity } from '../../../support/iam-caller.js';

/** What a test request is made of. */
export interface TestRequest {
  readonly method?: string;
  readonly path?: string;
  readonly body?: string;
  /** Raw `Idempotency-Key` header value; omitted when undefined. */
  readonly key?: string | undefined;
  readonly caller?: string;
}

/** An HTTP API payload 2.0 event as API Gateway builds it with IAM authorization (the runner's own builder). */
export function httpEvent(request: TestRequest): APIGatewayProxyEventV2WithIAMAuthorizer {
  const method = request.method ?? 'POST';
  const path = request.path ?? '/payments';
  const caller = request.caller ?? localIdentity('alice');
  const rawHeaders = ['content-type', 'application/json', 'user-agent', 'vitest'];
  if (request.key !== undefined) rawHeaders.push('idempotency-key', request.key);
  return apiGatewayEvent(
    { method, target: path, rawHeaders, body: Buffer.from(request.body ?? '{"orderId":"o-1","amount":100}', 'utf8'), sourceIp: '127.0.0.1', httpVersion: '1.1' },
    { route: { method, path }, pathParameters: {}, requestId: randomUUID(), timeEpoch: 0, caller: iamUserOf(caller) },
  );
}

/** A fresh Lambda context per invocation, with the remaining time a test chooses. */
export function lambdaContext(remainingMillis = 10_000): Context {
  return localLambdaContext({
    functionName: 'idempotency-test',
    memoryMb: 128,
    awsRequestId: randomUUID(),
    instance: 1,
    // The middleware runs on the test's ManualClock, so the context's clock stands still too:
    // the remaining time is exactly what the test chose.
    deadline: remainingMillis,
    clock: () => 0,
  });
}

/** A client whose every call is recorded by command name, through an SDK middleware. */
export interface CountingClient {
  readonly client: DynamoDBClient;
  /** Command names, in order, since the client was made or `reset()` last ran. */
  readonly calls: string[];
  reset(): void;
}

/** A fresh test client (its own connection pool, like a separate Lambda instance) that counts its calls. */
export function countingClient(): CountingClient {
  const client = testDynamoDBClient();
  const calls: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      calls.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return {
    client,
    calls,
    reset: () => {
      calls.length = 0;
    },
  };
}

/** Creates a uniquely named table shaped like the idempotency table (plus a scratch table for handler effects). */
export async function createTables(client: DynamoDBClient): Promise<{ readonly idempotency: string; readonly effects: string }> {
  const idempotency = uniqueTableName('idempotency');
  const effects = uniqueTableName('effects');
  for (const TableName of [idempotency, effects]) {
    await client.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }
  return { idempotency, effects };
}

/** Deletes the tables made by {@link createTables}. */
export async function deleteTables(client: DynamoDBClient, tables: { readonly idempotency: string; readonly effects: string }): Promise<void> {
  for (const TableName of [tables.idempotency, tables.effects]) await client.send(new DeleteTableCommand({ TableName }));
}

/** Reads one item strongly consistently. */
export async function readItem(client: DynamoDBClient, tableName: string, id: string): Promise<Record<string, AttributeValue> | undefined> {
  const output = await client.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: id } }, ConsistentRead: true }));
  return output.Item;
}

/** A clock tests move by hand. */
export class ManualClock {
  constructor(public now = 1_700_000_000_000) {}

  /** The function to inject as the middleware's `clock`. */
  readonly read = (): number => this.now;

  advance(millis: number): void {
    this.now += millis;
  }
}

/** Collects the middleware's log entries. */
export class LogCollector {
  readonly entries: IdempotencyLogEntry[] = [];
  readonly logger = (entry: IdempotencyLogEntry): void => {
    this.entries.push(entry);
  };

  outcomes(): string[] {
    return this.entries.map((entry) => entry.outcome);
  }
}

/** A promise with its resolver, to hold a handler in flight. */
export function gate(): { readonly promise: Promise<void>; readonly open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** The handler a test instance wraps; it gets the instance's own (counting) client. */
export type TestHandler = (event: APIGatewayProxyEventV2WithIAMAuthorizer, context: Context, client: DynamoDBClient) => Promise<APIGatewayProxyResultV2>;

/** One simulated Lambda instance: its own client, its own middleware (and cache), one handler. */
export interface TestInstance {
  readonly counting: CountingClient;
  /** Invokes the wrapped handler with a fresh context unless one is given. */
  invoke(request: TestRequest, context?: Context): Promise<APIGatewayProxyStructuredResultV2>;
}

/** Builds a {@link TestInstance}: `middy(handler).use(idempotency({ tableName, client, ...options }))`. */
export function idempotentInstance(
  tableName: string,
  handler: TestHandler,
  options: Partial<IdempotencyCommonOptions<APIGatewayProxyEventV2WithIAMAuthorizer>> = {},
): TestInstance {
  const counting = countingClient();
  const wrapped = middy<APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyResultV2>(async (event: APIGatewayProxyEventV2WithIAMAuthorizer, context: Context) =>
    handler(event, context, counting.client),
  ).use(idempotency<APIGatewayProxyEventV2WithIAMAuthorizer>({ ...options, tableName, client: counting.client }));
  return {
    counting,
    async invoke(request, context = lambdaContext()) {
      const result: unknown = await wrapped(httpEvent(request), context);
      if (typeof result !== 'object' || result === null || typeof (result as { statusCode?: unknown }).statusCode !== 'number') {
        throw new TypeError('the handler did not return a structured result');
      }
      const structured: APIGatewayProxyStructuredResultV2 = result;
      return structured;
    },
  };
}

/** A fresh idempotency key. */
export function freshKey(): string {
  return `key-${randomUUID()}`;
}

/** The `code` of a problem response's body. */
export function problemCode(response: APIGatewayProxyStructuredResultV2): unknown {
  return (JSON.parse(response.body ?? '{}') as { code?: unknown }).code;
}
