import { describe, expect, it } from 'vitest';
import {
  cacheMetrics,
  idempotencyMetrics,
  metricDimensions,
  metricNames,
  metricsNamespace,
  moneyMetrics,
  moneySafetyMetrics,
  routeDimension,
} from '../../../../infra/definitions/metrics.js';
import { routes } from '../../../../infra/definitions/routes.js';

describe('metric definitions', () => {
  it('names one metric per idempotency outcome, per money outcome and per shared cache outcome, each once', () => {
    expect(Object.keys(idempotencyMetrics)).toHaveLength(8);
    expect(Object.keys(moneyMetrics)).toHaveLength(9);
    expect(Object.keys(cacheMetrics)).toHaveLength(9);
    expect(new Set(metricNames).size).toBe(26);
    // EMF and CloudWatch accept more, but plain names keep alarm expressions and searches simple.
    for (const name of metricNames) expect(name).toMatch(/^[A-Z][A-Za-z]{2,63}$/);
    expect(metricsNamespace).toMatch(/^[A-Za-z]+$/);
  });

  it('alarms only on outcomes it defines', () => {
    for (const name of moneySafetyMetrics) expect(metricNames).toContain(name);
  });

  it('keeps dimensions low-cardinality: service and route', () => {
    expect(Object.values(metricDimensions)).toEqual(['service', 'route']);
  });

  it('uses the HTTP API route key as the route dimension, one distinct value per route', () => {
    expect(routeDimension({ method: 'POST', path: '/payments' })).toBe('POST /payments');
    expect(new Set(routes.map(routeDimension)).size).toBe(routes.length);
  });
});
