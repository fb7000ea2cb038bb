import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { idempotencyMetrics, metricsNamespace, moneyMetrics } from '../../../../infra/definitions/metrics.js';
import type { IdempotencyLogEntry, IdempotencyOutcome } from '../../../../lambda/idempotency/idempotency-log.js';
import { RetryBudgetExhaustedError } from '../../../../lambda/payments/adapters/retry-budget.js';
import { idempotencyMetricOf, idempotencyObserver, idempotencyOutcomeMetrics } from '../../../../lambda/payments/handlers/idempotency-observer.js';
import { paymentsRoute, type RouteFunction } from '../../../../lambda/payments/handlers/payments-route.js';
import { paymentsObservability, type PaymentsObservability } from '../../../../lambda/payments/wiring/observability.js';
import { resolvePaymentsDependencies } from '../../../../lambda/payments/wiring/payments-dependencies.js';
import { apiEvent, lambdaContext } from '../../../integration/payments/support/api-event.js';
import { emfBlobs, usePrintedOutput } from '../../../support/captured-output.js';
import { localIdentity } from '../../../support/iam-caller.js';

const tables = { idempotency: 'idempotency', accounts: 'accounts', payments: 'payments', ledger: 'ledger', references: 'references' };
const keyHash = 'a'.repeat(64);

const printed = usePrintedOutput();

/** A route on its own instance (client never called), answering with `route`. */
function routeOf(route: (observability: PaymentsObservability) => RouteFunction, shape: Parameters<typeof paymentsRoute>[2] = {}) {
  const observability = paymentsObservability();
  const deps = resolvePaymentsDependencies({ client: new DynamoDBClient({ region: 'us-east-1' }), tables, observability });
  const handler = paymentsRoute(deps, route(observability), shape);
  return (method: 'GET' | 'POST' = 'POST', path = '/payments') =>
    handler(apiEvent({ method, route: path, body: method === 'POST' ? { amount: 1 } : undefined, caller: localIdentity('obs') }), lambdaContext());
}

const created = (): Promise<APIGatewayProxyStructuredResultV2> => Promise.resolve({ statusCode: 201, body: '{}' });
let earlyAnswer: () => Promise<APIGatewayProxyStructuredResultV2> = created;

function entry(outcome: IdempotencyOutcome, fields: Partial<IdempotencyLogEntry> = {}): IdempotencyLogEntry {
  return { level: 'info', message: 'idempotency', outcome, keyHash, ...fields };
}

describe('the idempotency outcome → metric table', () => {
  it.each([
    ['claimed', {}, idempotencyMetrics.claimed],
    ['replayed', { fromCache: false }, idempotencyMetrics.replayed],
    ['replayed', { fromCache: true }, idempotencyMetrics.replayedFromCache],
    ['replayed', { fromCache: false, fromSharedCache: true }, idempotencyMetrics.replayedFromCache],
    ['conflict', {}, idempotencyMetrics.inProgress],
    ['reused', { fromCache: true }, idempotencyMetrics.keyReused],
    ['lease_lost', {}, idempotencyMetrics.leaseLost],
    ['completion_cancelled', {}, idempotencyMetrics.completionCancelled],
    ['release_failed', {}, idempotencyMetrics.releaseFailed],
    ['completed', {}, null],
    ['key_missing', {}, null],
  ] as const)('counts %s %j as %s', (outcome, fields, metric) => {
    expect(idempotencyMetricOf(entry(outcome, fields))).toBe(metric);
  });

  it('gives every idempotency metric of the definitions an outcome', () => {
    const counted = new Set([...Object.values(idempotencyOutcomeMetrics), idempotencyMetricOf(entry('replayed', { fromCache: true }))]);
    expect(Object.values(idempotencyMetrics).filter((name) => !counted.has(name))).toEqual([]);
  });
});

describe('requestObservability and the EMF blob of a request', () => {
  it('publishes one EMF blob per request with the outcome counted once, dimensions service and route', async () => {
    const invoke = routeOf((observability) => {
      const observe = idempotencyObserver(observability);
      return () => {
        observe(entry('claimed'));
        return created();
      };
    });
    expect((await invoke()).statusCode).toBe(201);
    const blobs = emfBlobs(printed().json());
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatchObject({
      namespace: metricsNamespace,
      dimensions: [['service', 'route']],
      values: { service: 'payments', route: 'POST /payments' },
      metrics: { [idempotencyMetrics.claimed]: 1 },
    });
  });

  it.each([
    [idempotencyMetrics.claimed, entry('claimed')],
    [idempotencyMetrics.replayed, entry('replayed', { fromCache: false })],
    [idempotencyMetrics.replayedFromCache, entry('replayed', { fromCache: true })],
    [idempotencyMetrics.inProgress, entry('conflict', { statusCode: 409, retryAfterSeconds: 1 })],
    [idempotencyMetrics.keyReused, entry('reused', { statusCode: 422 })],
    [idempotencyMetrics.leaseLost, entry('lease_lost', { level: 'warn' })],
    [idempotencyMetrics.completionCancelled, entry('completion_cancelled', { level: 'warn' })],
    [idempotencyMetrics.releaseFailed, entry('release_failed', { level: 'error', error: { name: 'InternalServerError' } })],
  ])('emits %s once for the entry %o, and logs the entry at its level', async (metric, logged) => {
    const invoke = routeOf((observability) => {
      const observe = idempotencyObserver(observability);
      return () => {
        observe(logged);
        return created();
      };
    });
    await invoke();
    const lines = printed().json();
    expect(emfBlobs(lines).map((blob) => [blob.values.route, blob.metrics])).toEqual([['POST /payments', { [metric]: 1 }]]);
    expect(lines.filter((line) => line.message === 'idempotency').map((line) => [line.level, line.outcome, line.keyHash])).toEqual([
      [logged.level.toUpperCase(), logged.outcome, keyHash],
    ]);
  });

  it('publishes what an early answer counted (Middy skips every after then), once per request', async () => {
    const invoke = routeOf((observability) => {
      const observe = idempotencyObserver(observability);
      // Stands in for the idempotency middleware answering a replay from its before.
      earlyAnswer = () => {
        observe(entry('replayed', { fromCache: false, statusCode: 201 }));
        return Promise.resolve({ statusCode: 201, body: '{}' });
      };
      return created;
    }, { idempotency: { before: () => earlyAnswer() } });
    await invoke();
    await invoke();
    const blobs = emfBlobs(printed().json());
    expect(blobs.map((blob) => blob.metrics)).toEqual([{ [idempotencyMetrics.replayed]: 1 }, { [idempotencyMetrics.replayed]: 1 }]);
    expect(blobs.map((blob) => blob.values.route)).toEqual(['POST /payments', 'POST /payments']);
  });

  it('prints nothing at all for a request that counts nothing and logs nothing (no empty blob, no warning)', async () => {
    const invoke = routeOf(() => () => Promise.resolve({ statusCode: 200, body: '{}' }));
    await invoke('GET', '/accounts/{accountId}');
    await invoke('GET', '/accounts/{accountId}');
    expect(printed().lines()).toEqual([]);
  });

  it('counts a spent retry budget once and logs it as a warning with the request context', async () => {
    const invoke = routeOf(() => () => Promise.reject(new RetryBudgetExhaustedError(1)));
    const answer = await invoke();
    expect(answer.statusCode).toBe(503);
    const lines = printed().json();
    expect(emfBlobs(lines).map((blob) => blob.metrics)).toEqual([{ [moneyMetrics.retryBudgetExhausted]: 1 }]);
    const [warning] = lines.filter((line) => line.level !== undefined);
    expect(warning).toMatchObject({ level: 'WARN', message: 'request failed', route: 'POST /payments', error: { name: 'Problem' } });
  });

  it('keeps a key hash to its own request and flags only the first request of an instance as a cold start', async () => {
    let calls = 0;
    const invoke = routeOf((observability) => {
      const observe = idempotencyObserver(observability);
      return () => {
        calls += 1;
        if (calls === 1) observe(entry('claimed'));
        else observability.logger.info('second');
        return created();
      };
    });
    await invoke();
    await invoke();
    const logs = printed().json().filter((line) => line.level !== undefined);
    expect(logs.map((line) => [line.message, line.cold_start, line.keyHash])).toEqual([
      ['idempotency', true, keyHash],
      ['second', false, undefined],
    ]);
    for (const line of logs) {
      expect(line).toMatchObject({ service: 'payments', route: 'POST /payments', function_request_id: expect.any(String) as string, api_request_id: expect.any(String) as string });
    }
  });
});
