import type { ApiBenchmarkRun, VariantMeasurements } from '../../bench/api/api-report.js';
import type { LoadResult } from '../../bench/api/load-test.js';
import type { CallProfile, CallSample } from '../../bench/api/measure-call-profile.js';
import type { PaymentVariant, PaymentVariantId } from '../../bench/api/payment-variants.js';

/** One kind of request's round trips, as measureCallProfile reports them. */
export function callSample(calls: number, sequential: number, byOperation: Record<string, number> = {}, status = 201, code?: string): CallSample {
  return code === undefined ? { calls, sequential, byOperation, status } : { calls, sequential, byOperation, status, code };
}

/** Our middleware's profile: its account read goes out beside the claim, so a replay makes one call more than it waits for. */
export const oursCalls: CallProfile = {
  first: callSample(2, 2, { GetItem: 1, TransactWriteItems: 1 }),
  firstColdAccount: callSample(3, 2, { GetItem: 1, PutItem: 1, TransactWriteItems: 1 }),
  replay: callSample(2, 1, { GetItem: 1, PutItem: 1 }),
  paidOrder: callSample(3, 3, { PutItem: 1, GetItem: 1, TransactWriteItems: 1 }, 409, 'order-already-paid'),
  replayFromCache: callSample(0, 0),
  inFlightDuplicate: callSample(1, 1, { PutItem: 1 }, 409, 'request-in-progress'),
};

/** Powertools' profile: one round trip more on a first request, no instance cache. */
export const powertoolsCalls: CallProfile = {
  ...oursCalls,
  first: callSample(3, 3, { PutItem: 1, TransactWriteItems: 1, UpdateItem: 1 }),
  replay: callSample(1, 1, { PutItem: 1 }),
  replayFromCache: undefined,
};

/** The floor without idempotency: a retry runs the charge again and is refused by the order's payment record. */
export const bareCalls: CallProfile = { ...oursCalls, replay: callSample(2, 2, { GetItem: 1, TransactWriteItems: 1 }, 409, 'order-already-paid') };

/** One load cell: `requestsPerSecond` for 5 s, every response a 201, p99 three times p50. */
export function loadCell(connections: number, p50Ms: number, requestsPerSecond: number, overrides: Partial<LoadResult> = {}): LoadResult {
  return {
    connections,
    durationSeconds: 5,
    requests: requestsPerSecond * 5,
    requestsPerSecond,
    p50Ms,
    p99Ms: p50Ms * 3,
    statusCounts: { '201': requestsPerSecond * 5 },
    errors: 0,
    timeouts: 0,
    ...overrides,
  };
}

function variant(id: PaymentVariantId, label: string): PaymentVariant {
  return {
    id,
    label,
    entry: `bench/${id}.ts`,
    hasCache: false,
    build: () => {
      throw new Error('a report never builds a handler');
    },
  };
}

function measurements(id: PaymentVariantId, label: string, fields: Omit<VariantMeasurements, 'variant' | 'importTime'>): VariantMeasurements {
  return { variant: variant(id, label), importTime: { samplesMs: [10, 12, 11], medianMs: 11 }, ...fields };
}

/** What a test changes of each variant's measurements. */
export interface ApiBenchmarkRunOverrides {
  readonly ours?: Partial<VariantMeasurements>;
  readonly powertools?: Partial<VariantMeasurements>;
  readonly bare?: Partial<VariantMeasurements>;
}

/**
 * A run of `npm run bench` on a 2-core machine with 4 instances per variant, in which every goal
 * is met: ours 2 round trips against 3, p50 at concurrency 16 of 14 ms against 20 (0.70×),
 * bundle 400 KiB against 500.
 */
export function apiBenchmarkRun(overrides: ApiBenchmarkRunOverrides = {}): ApiBenchmarkRun {
  return {
    machine: { cpuModel: 'Test CPU', cores: 2, memoryGiB: 4, node: 'v20.19.0', platform: 'linux', loadAverage: 0.5 },
    command: 'npm run bench',
    date: '2026-11-30',
    durationSeconds: 5,
    rounds: 3,
    accounts: 64,
    instances: 4,
    loadAverageAfter: 1.5,
    results: [
      {
        ...measurements('ours', 'ours', {
          calls: oursCalls,
          sequentialMs: 1.5,
          load: [loadCell(1, 2, 400), loadCell(16, 14, 1100, { p50PerRunMs: [13, 14, 15] })],
          bundleBytes: 400 * 1024,
        }),
        ...overrides.ours,
      },
      {
        ...measurements('powertools', 'Powertools', {
          calls: powertoolsCalls,
          sequentialMs: 2,
          load: [loadCell(1, 2.5, 350), loadCell(16, 20, 800, { statusCounts: { '201': 3990, '500': 10 }, errors: 2, timeouts: 1 })],
          bundleBytes: 500 * 1024,
        }),
        ...overrides.powertools,
      },
      {
        ...measurements('bare', 'floor', { calls: bareCalls, sequentialMs: 1, load: [loadCell(16, 10, 1500)], bundleBytes: 300 * 1024 }),
        ...overrides.bare,
      },
    ],
  };
}
