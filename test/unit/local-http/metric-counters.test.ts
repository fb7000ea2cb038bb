import { describe, expect, it } from 'vitest';
import { MetricCounters, metricsTable } from '../../../local/http/metric-counters.js';

describe('MetricCounters', () => {
  it('adds up counts per route and name, sorted', () => {
    const counters = new MetricCounters();
    counters.add('POST /payments', { PaymentSucceeded: 1, IdempotencyClaimed: 1 });
    counters.add('POST /accounts', { IdempotencyClaimed: 1 });
    counters.add('POST /payments', { PaymentSucceeded: 2 });
    expect(counters.summary()).toEqual({
      routes: { 'POST /accounts': { IdempotencyClaimed: 1 }, 'POST /payments': { IdempotencyClaimed: 1, PaymentSucceeded: 3 } },
    });
    expect(Object.keys(counters.summary().routes)).toEqual(['POST /accounts', 'POST /payments']);
  });

  it('prints a table with a row per route and metric, counts aligned right', () => {
    const counters = new MetricCounters();
    counters.add('POST /payments', { PaymentSucceeded: 12, IdempotencyReplayed: 3 });
    expect(metricsTable(counters.summary()).split('\n')).toEqual([
      'route           metric               count',
      'POST /payments  IdempotencyReplayed      3',
      'POST /payments  PaymentSucceeded        12',
    ]);
  });

  it('says so when nothing was counted', () => {
    expect(metricsTable(new MetricCounters().summary())).toBe('no metrics counted');
  });
});
