import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Attributes, type Context as TraceContext, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';

/** How a DynamoDB call ended, as its span's `dynamodb.outcome` says. */
export type DynamoDBOutcome = 'ok' | 'condition_check_failed' | 'transaction_canceled' | 'throttled' | 'error';

/** Name of the middleware in the client's stack (one per client). */
export const dynamodbSpansMiddlewareName = 'paymentsDynamoDBSpans';

const throttlingErrors = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

/**
 * Adds a span to every HTTP call of `client`: one per attempt, since the middleware sits in the
 * deserialize step, below the SDK's retries (and above the deserializer, so it sees the parsed
 * error). Each span is a child of `parentOf()`, the invocation's span; a call made outside an
 * invocation gets none. A span names the operation, the tables, the outcome and, when a condition
 * stopped the call, which one: the condition expression of a single-item call, and for a
 * cancelled transaction every item's cancellation code and the conditions that failed.
 * Expressions are recorded, never keys or attribute values.
 */
export function addDynamoDBSpans(client: DynamoDBClient, tracer: Tracer, parentOf: () => TraceContext | undefined): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const parent = parentOf();
      // A call outside an invocation (none today) has no trace to join.
      if (parent === undefined) return next(args);
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const input = recordOf(args.input);
      const span = tracer.startSpan(
        `DynamoDB.${operation}`,
        {
          kind: SpanKind.CLIENT,
          attributes: { 'rpc.system': 'aws-api', 'rpc.service': 'DynamoDB', 'rpc.method': operation, 'aws.dynamodb.table_names': tableNamesOf(input) },
        },
        parent,
      );
      try {
        const result = await next(args);
        span.setAttributes({ 'dynamodb.outcome': 'ok', ...metadataAttributes(recordOf(result.output).$metadata) });
        span.setStatus({ code: SpanStatusCode.OK });
        return result;
      } catch (error) {
        span.setAttributes(failureAttributes(error, input));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
    { step: 'deserialize', priority: 'high', name: dynamodbSpansMiddlewareName, override: true },
  );
}

/** The tables a call names: `TableName`, every transaction item's, or the keys of `RequestItems`. */
export function tableNamesOf(input: Readonly<Record<string, unknown>>): string[] {
  const names = new Set<string>();
  if (typeof input.TableName === 'string') names.add(input.TableName);
  for (const item of arrayOf(input.TransactItems)) {
    const table = transactItemTable(recordOf(item));
    if (table !== undefined) names.add(table);
  }
  for (const table of Object.keys(recordOf(input.RequestItems))) names.add(table);
  return [...names].sort();
}

function failureAttributes(error: unknown, input: Readonly<Record<string, unknown>>): Attributes {
  const failure = recordOf(error);
  const name = typeof failure.name === 'string' ? failure.name : 'Error';
  const attributes: Attributes = { 'error.type': name, 'dynamodb.outcome': outcomeOf(name), ...metadataAttributes(failure.$metadata) };
  if (name === 'ConditionalCheckFailedException' && typeof input.ConditionExpression === 'string') {
    attributes['dynamodb.failed_conditions'] = [input.ConditionExpression];
  }
  if (name === 'TransactionCanceledException') {
    const codes = arrayOf(failure.CancellationReasons).map((reason) => {
      const code = recordOf(reason).Code;
      return typeof code === 'string' ? code : 'Unknown';
    });
    attributes['dynamodb.cancellation_reasons'] = codes;
    const items = arrayOf(input.TransactItems);
    const failed = codes.flatMap((code, index) => {
      if (code !== 'ConditionalCheckFailed') return [];
      const operation = transactItemOperation(recordOf(items[index]));
      const table = operation?.TableName;
      const condition = operation?.ConditionExpression;
      return [`#${index} ${typeof table === 'string' ? table : '?'}: ${typeof condition === 'string' ? condition : '(none)'}`];
    });
    if (failed.length > 0) attributes['dynamodb.failed_conditions'] = failed;
  }
  return attributes;
}

function outcomeOf(errorName: string): DynamoDBOutcome {
  if (errorName === 'ConditionalCheckFailedException') return 'condition_check_failed';
  if (errorName === 'TransactionCanceledException') return 'transaction_canceled';
  if (throttlingErrors.has(errorName)) return 'throttled';
  return 'error';
}

function metadataAttributes(metadata: unknown): Attributes {
  const { requestId, httpStatusCode } = recordOf(metadata);
  return {
    ...(typeof requestId === 'string' ? { 'aws.request_id': requestId } : {}),
    ...(typeof httpStatusCode === 'number' ? { 'http.response.status_code': httpStatusCode } : {}),
  };
}

const transactOperations = ['Put', 'Update', 'Delete', 'ConditionCheck', 'Get'] as const;

function transactItemOperation(item: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> | undefined {
  for (const key of transactOperations) if (item[key] !== undefined) return recordOf(item[key]);
  return undefined;
}

function transactItemTable(item: Readonly<Record<string, unknown>>): string | undefined {
  const table = transactItemOperation(item)?.TableName;
  return typeof table === 'string' ? table : undefined;
}

function recordOf(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}
