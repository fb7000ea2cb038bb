import { randomUUID } from 'node:crypto';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, inject, it } from 'vitest';
import { tables } from '../../../infra/definitions/tables.js';
import { tracedPaymentsDependenciesFromEnvironment } from '../../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import { XRayTracing } from '../../../lambda/tracing/xray-tracing.js';
import { testDynamoDBClient } from '../../support/dynamodb.js';
import { usePaymentsHarness } from './support/payment-tables.js';
import { callerArn, type PaymentsInstance } from './support/payments-harness.js';

const suite = usePaymentsHarness();

const order = (): string => `order-${randomUUID()}`;

/** A simulated instance whose routes and client are traced into `exporter`. */
function tracedInstance(exporter: InMemorySpanExporter): PaymentsInstance {
  const client = testDynamoDBClient();
  const tracing = new XRayTracing(client, {
    exporter,
    serviceName: 'payments-test',
    traceHeader: () => `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replaceAll('-', '').slice(0, 24)};Parent=53995c3f42cd8ad8;Sampled=1`,
  });
  return suite().instance({ tracing }, client);
}

describe('payment routes with tracing on', () => {
  it('add no DynamoDB call: the round trips of a payment are those untraced, each with its span under the invocation', async () => {
    const exporter = new InMemorySpanExporter();
    const alice = callerArn('alice');
    const api = tracedInstance(exporter);
    const accountId = await api.openAccount(alice, 'USD', 10_000);

    const spansOf = () => {
      const spans = exporter.getFinishedSpans();
      const invocations = spans.filter((span) => span.kind === SpanKind.SERVER);
      expect(invocations).toHaveLength(1);
      const calls = spans.filter((span) => span.kind === SpanKind.CLIENT);
      for (const call of calls) expect(call.parentSpanContext?.spanId).toBe(invocations[0]?.spanContext().spanId);
      exporter.reset();
      return { invocation: invocations[0], calls };
    };

    exporter.reset();
    api.counter.reset();
    expect((await api.pay(alice, { orderId: order(), accountId, amount: 100, currency: 'USD' })).status).toBe(201);
    expect(api.counter.calls).toEqual(['PutItemCommand', 'TransactWriteItemsCommand']);
    const warm = spansOf();
    expect(warm.invocation?.name).toBe('POST /payments');
    expect(warm.invocation?.attributes['http.response.status_code']).toBe(201);
    expect(warm.calls.map((span) => span.name)).toEqual(['DynamoDB.PutItem', 'DynamoDB.TransactWriteItems']);

    const cold = tracedInstance(exporter);
    expect((await cold.pay(alice, { orderId: order(), accountId, amount: 100, currency: 'USD' })).status).toBe(201);
    expect(cold.counter.calls).toEqual(['PutItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
    expect(spansOf().calls.map((span) => span.name).sort()).toEqual(['DynamoDB.GetItem', 'DynamoDB.PutItem', 'DynamoDB.TransactWriteItems']);

    // A stale snapshot: the first transaction is cancelled by the account's version condition.
    api.counter.reset();
    expect((await api.pay(alice, { orderId: order(), accountId, amount: 100, currency: 'USD' })).status).toBe(201);
    expect(api.counter.calls).toEqual(['PutItemCommand', 'TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
    const stale = spansOf();
    expect(stale.calls.map((span) => span.attributes['dynamodb.outcome'])).toEqual(['ok', 'transaction_canceled', 'ok']);
    const cancelled = stale.calls[1]?.attributes;
    expect(cancelled?.['dynamodb.cancellation_reasons']).toContain('ConditionalCheckFailed');
    // The account's version condition (and the ledger entry already taken at that seq).
    expect(cancelled?.['dynamodb.failed_conditions']).toContainEqual(expect.stringMatching(new RegExp(`^#0 ${suite().tables.accounts}: .*#version = :version`)));
  });

  it('record the refusal of a replayed key with another body as a 422 invocation', async () => {
    const exporter = new InMemorySpanExporter();
    const alice = callerArn('alice');
    const api = tracedInstance(exporter);
    const accountId = await api.openAccount(alice, 'USD', 1_000);
    const key = randomUUID();
    expect((await api.pay(alice, { orderId: order(), accountId, amount: 100, currency: 'USD' }, key)).status).toBe(201);
    exporter.reset();
    expect((await api.pay(alice, { orderId: order(), accountId, amount: 200, currency: 'USD' }, key)).status).toBe(422);
    const [invocation] = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
    expect(invocation?.attributes['http.response.status_code']).toBe(422);
  });
});

describe('payment routes with tracing off', () => {
  it('record no span, even through a global tracer provider, and make the same calls', async () => {
    const spans = new InMemorySpanExporter();
    // Anything that started a span through OpenTelemetry's global API would land here.
    trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }));
    try {
      const names = suite().tables;
      const env = {
        TRACING_ENABLED: 'false',
        DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
        AWS_REGION: 'us-east-1',
        ...Object.fromEntries(tables.map((table) => [table.envVar, names[table.id]])),
      };
      const deps = await tracedPaymentsDependenciesFromEnvironment(env);
      expect(deps.tracing).toBeUndefined();
      const alice = callerArn('alice');
      const api = suite().instance(deps, deps.client);
      const accountId = await api.openAccount(alice, 'USD', 1_000);
      api.counter.reset();
      expect((await api.pay(alice, { orderId: order(), accountId, amount: 100, currency: 'USD' })).status).toBe(201);
      expect(api.counter.calls).toEqual(['PutItemCommand', 'TransactWriteItemsCommand']);
      expect(spans.getFinishedSpans()).toEqual([]);
    } finally {
      trace.disable();
    }
  });
});
