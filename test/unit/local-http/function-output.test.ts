import { describe, expect, it } from 'vitest';
import { isEmfLine, parseFunctionLine } from '../../../local/http/function-output.js';

const emf = (values: Record<string, unknown>, names: string[]): string =>
  JSON.stringify({
    _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'IdempotentPayments', Dimensions: [['service', 'route']], Metrics: names.map((Name) => ({ Name, Unit: 'Count' })) }] },
    service: 'payments',
    ...values,
  });

describe('parseFunctionLine', () => {
  it('reads an EMF blob as its counts by route, a list of values summed', () => {
    const line = emf({ route: 'POST /payments', IdempotencyClaimed: 1, TransactionConflictRetried: [1, 1, 1] }, ['IdempotencyClaimed', 'TransactionConflictRetried']);
    expect(isEmfLine(line)).toBe(true);
    expect(parseFunctionLine(line)).toEqual({ kind: 'metrics', route: 'POST /payments', counts: { IdempotencyClaimed: 1, TransactionConflictRetried: 3 } });
  });

  it('counts a blob without a route under "(no route)" and ignores values that are not numbers', () => {
    expect(parseFunctionLine(emf({ PaymentSucceeded: 'x' }, ['PaymentSucceeded']))).toEqual({ kind: 'metrics', route: '(no route)', counts: { PaymentSucceeded: 0 } });
  });

  it.each([
    ['a log line', '{"level":"INFO","message":"idempotency"}', 'log'],
    ['plain text', 'Error: boom', 'text'],
    ['broken JSON', '{"level":', 'text'],
    ['a JSON array', '[1,2]', 'text'],
  ])('reads %s as %s', (_what, line, kind) => {
    expect(parseFunctionLine(line).kind).toBe(kind);
    expect(isEmfLine(line)).toBe(false);
  });
});
