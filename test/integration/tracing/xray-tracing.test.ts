import { randomUUID } from 'node:crypto';
import { GetItemCommand, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { XRayTracing } from '../../../lambda/tracing/xray-tracing.js';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { createTestTable, deleteTestTables } from '../dynamodb/support/test-tables.js';
import { apiEvent, lambdaContext } from '../payments/support/api-event.js';

const traceId = '5759e988bd862e3fe1be46a994272793';
const lambdaSegmentId = '53995c3f42cd8ad8';
const sampledHeader = `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=${lambdaSegmentId};Sampled=1`;

const event = (): APIGatewayProxyEventV2 => apiEvent({ method: 'POST', route: '/payments', body: {}, caller: null });
const answered = (statusCode: number): APIGatewayProxyStructuredResultV2 => ({ statusCode, body: '' });

describe('XRayTracing against the engine', () => {
  const client = testDynamoDBClient();
  const table = uniqueTableName('traced');
  const other = uniqueTableName('traced-other');
  const exporter = new InMemorySpanExporter();
  let header: string | undefined = sampledHeader;
  const tracing = new XRayTracing(client, { exporter, serviceName: 'payments-test', traceHeader: () => header });

  beforeAll(async () => {
    const setup = testDynamoDBClient();
    await createTestTable(setup, table, { hash: { name: 'pk', type: 'S' } });
    await createTestTable(setup, other, { hash: { name: 'pk', type: 'S' } });
    setup.destroy();
  });

  afterEach(() => {
    exporter.reset();
    header = sampledHeader;
  });

  afterAll(async () => {
    await tracing.shutdown();
    await deleteTestTables(client, [table, other]);
    client.destroy();
  });

  const dynamodbSpans = (): ReadableSpan[] => exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
  const invocationSpan = (): ReadableSpan => {
    const spans = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
    expect(spans).toHaveLength(1);
    const [span] = spans;
    if (span === undefined) throw new Error('no invocation span');
    return span;
  };

  it('records one span per call, under the invocation span, in the trace of the X-Ray header', async () => {
    const pk = randomUUID();
    const context = lambdaContext();
    await tracing.traceInvocation(event(), context, async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } }));
      await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } } }));
      return answered(201);
    });

    const invocation = invocationSpan();
    expect(invocation.name).toBe('POST /payments');
    expect(invocation.spanContext().traceId).toBe(traceId);
    expect(invocation.parentSpanContext?.spanId).toBe(lambdaSegmentId);
    expect(invocation.attributes).toMatchObject({ 'faas.invocation_id': context.awsRequestId, 'http.response.status_code': 201 });
    expect(invocation.resource.attributes['service.name']).toBe('payments-test');

    const calls = dynamodbSpans();
    expect(calls.map((span) => span.name)).toEqual(['DynamoDB.PutItem', 'DynamoDB.GetItem']);
    for (const span of calls) {
      expect(span.spanContext().traceId).toBe(traceId);
      expect(span.parentSpanContext?.spanId).toBe(invocation.spanContext().spanId);
      expect(span.status.code).toBe(SpanStatusCode.OK);
      expect(span.attributes).toMatchObject({ 'rpc.system': 'aws-api', 'rpc.service': 'DynamoDB', 'aws.dynamodb.table_names': [table], 'dynamodb.outcome': 'ok' });
      expect(span.attributes['http.response.status_code']).toBe(200);
    }
    // Keys and values stay out of spans.
    expect(JSON.stringify(calls.map((span) => span.attributes))).not.toContain(pk);
  });

  it('names the condition that failed a single-item call', async () => {
    const pk = randomUUID();
    await tracing.traceInvocation(event(), lambdaContext(), async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } }));
      await expect(
        client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } }, ConditionExpression: 'attribute_not_exists(pk)' })),
      ).rejects.toThrow('The conditional request failed');
      return answered(409);
    });

    const [, failed] = dynamodbSpans();
    expect(failed?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'The conditional request failed' });
    expect(failed?.attributes).toMatchObject({
      'rpc.method': 'PutItem',
      'error.type': 'ConditionalCheckFailedException',
      'dynamodb.outcome': 'condition_check_failed',
      'dynamodb.failed_conditions': ['attribute_not_exists(pk)'],
      'http.response.status_code': 400,
    });
    expect(invocationSpan().status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records a cancelled transaction with every item’s reason code and the conditions that failed', async () => {
    const taken = randomUUID();
    await client.send(new PutItemCommand({ TableName: other, Item: { pk: { S: taken } } }));
    await tracing.traceInvocation(event(), lambdaContext(), async () => {
      await expect(
        client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { pk: { S: randomUUID() } }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: other, Item: { pk: { S: taken } }, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } } },
            ],
          }),
        ),
      ).rejects.toThrow(/Transaction cancelled/);
      return answered(409);
    });

    const [span] = dynamodbSpans();
    expect(span?.name).toBe('DynamoDB.TransactWriteItems');
    expect(span?.attributes).toMatchObject({
      'aws.dynamodb.table_names': [table, other].sort(),
      'error.type': 'TransactionCanceledException',
      'dynamodb.outcome': 'transaction_canceled',
      'dynamodb.cancellation_reasons': ['None', 'ConditionalCheckFailed'],
      'dynamodb.failed_conditions': [`#1 ${other}: attribute_not_exists(#pk)`],
    });
  });

  it('marks a validation error as an error outcome, and a 5xx answer as an error invocation', async () => {
    await tracing.traceInvocation(event(), lambdaContext(), async () => {
      await expect(
        client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: randomUUID() } }, UpdateExpression: 'SET #a = :v' })),
      ).rejects.toThrow();
      return answered(503);
    });
    expect(dynamodbSpans()[0]?.attributes).toMatchObject({ 'error.type': 'ValidationException', 'dynamodb.outcome': 'error' });
    expect(invocationSpan().status.code).toBe(SpanStatusCode.ERROR);
  });

  it('records nothing for an invocation X-Ray did not sample', async () => {
    header = `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=${lambdaSegmentId};Sampled=0`;
    await tracing.traceInvocation(event(), lambdaContext(), async () => {
      await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: randomUUID() } } }));
      return answered(200);
    });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('exports an invocation’s spans together, once, before it returns', async () => {
    const batches: number[] = [];
    const counting = new (class extends InMemorySpanExporter {
      override export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
        batches.push(spans.length);
        super.export(spans, done);
      }
    })();
    const own = testDynamoDBClient();
    const ownTracing = new XRayTracing(own, { exporter: counting, serviceName: 'payments-test', traceHeader: () => sampledHeader });
    await ownTracing.traceInvocation(event(), lambdaContext(), async () => {
      await own.send(new GetItemCommand({ TableName: table, Key: { pk: { S: randomUUID() } } }));
      await own.send(new GetItemCommand({ TableName: table, Key: { pk: { S: randomUUID() } } }));
      return answered(200);
    });
    expect(batches).toEqual([3]);
    await ownTracing.shutdown();
    own.destroy();
  });

  it('rethrows what the invocation throws, after ending its span as an error', async () => {
    await expect(tracing.traceInvocation(event(), lambdaContext(), () => Promise.reject(new RangeError('boom')))).rejects.toThrow('boom');
    expect(invocationSpan().status).toEqual({ code: SpanStatusCode.ERROR, message: 'RangeError' });
  });
});
