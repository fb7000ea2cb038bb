import { setTimeout as sleep } from 'node:timers/promises';
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closedLoop, percentile } from '../../../../bench/api/closed-loop.js';
import type { HttpLambdaHandler, InProcessRequest } from '../../../../local/http/invoke-in-process.js';

/** A payment request whose key says which instance sent it and what it asks the fake handler for. */
function request(instance: number, n: number, answer: { status?: number; delayMs?: number } = {}): InProcessRequest {
  return { method: 'POST', target: '/payments', caller: 'caller-bench', key: `i${instance}-n${n}`, body: { status: answer.status ?? 201, delayMs: answer.delayMs ?? 0 } };
}

/** What the fake handler was asked: the status to answer and how long to take. */
function answerOf(event: APIGatewayProxyEventV2WithIAMAuthorizer): { status: number; delayMs: number } {
  return JSON.parse(event.body ?? '{}') as { status: number; delayMs: number };
}

/** A handler that answers the status its request asks for, after the delay it asks for (in real time). */
const echoHandler: HttpLambdaHandler = async (event) => {
  const { status, delayMs } = answerOf(event);
  if (delayMs > 0) await sleep(delayMs);
  return { statusCode: status, body: '' };
};

/** Up to `count` requests per instance, built by `build`. */
function limited(count: number, build: (instance: number, n: number) => InProcessRequest = request): (instance: number, n: number) => InProcessRequest | undefined {
  return (instance, n) => (n < count ? build(instance, n) : undefined);
}

describe('percentile', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
  it.each([
    { sorted: oneToHundred, fraction: 0.5, expected: 50 },
    { sorted: oneToHundred, fraction: 0.99, expected: 99 },
    { sorted: oneToHundred, fraction: 0.999, expected: 100 },
    { sorted: oneToHundred, fraction: 1, expected: 100 },
    { sorted: oneToHundred, fraction: 0, expected: 1 },
    // Nearest rank, not interpolation: p50 of 10 values is the 5th, p99 the 10th.
    { sorted: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], fraction: 0.5, expected: 5 },
    { sorted: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], fraction: 0.99, expected: 10 },
    { sorted: [10, 20, 30], fraction: 0.5, expected: 20 },
    { sorted: [42], fraction: 0.99, expected: 42 },
  ])('is $expected at $fraction of $sorted.length values', ({ sorted, fraction, expected }) => {
    expect(percentile(sorted, fraction)).toBe(expected);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('closedLoop', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('on a clock the handler moves', () => {
    /**
     * Replaces performance.now with a clock that only the fake handler moves, by the delay each
     * request asks for: latencies and elapsed time are then exact, whatever the machine's load.
     */
    function fakeClock(): HttpLambdaHandler {
      let now = 1_000;
      vi.spyOn(performance, 'now').mockImplementation(() => now);
      return (event) => {
        const { status, delayMs } = answerOf(event);
        now += delayMs;
        return Promise.resolve({ statusCode: status, body: '' });
      };
    }

    it('reports the percentiles of the latencies the requests took', async () => {
      const handler = fakeClock();
      // 1 ms to 100 ms, in a scrambled order (37 is coprime with 100, so each delay once).
      const delays = Array.from({ length: 100 }, (_, n) => ((n * 37) % 100) + 1);
      const result = await closedLoop({
        instances: [handler],
        durationMs: 60_000,
        nextRequest: limited(100, (instance, n) => request(instance, n, { delayMs: delays[n] ?? 0 })),
      });
      expect(result).toEqual({
        concurrency: 1,
        requests: 100,
        requestsPerSecond: 100 / 5.05,
        p50Ms: 50,
        p99Ms: 99,
        statusCounts: { '201': 100 },
      });
    });

    it('reports the tail when a few requests are slow', async () => {
      const handler = fakeClock();
      // 97 requests of 2 ms and 3 of 500 ms: p50 stays at 2, p99 (the 99th of 100) is a slow one.
      const result = await closedLoop({
        instances: [handler],
        durationMs: 60_000,
        nextRequest: limited(100, (instance, n) => request(instance, n, { delayMs: n % 33 === 32 ? 500 : 2 })),
      });
      expect(result.p50Ms).toBe(2);
      expect(result.p99Ms).toBe(500);
    });

    it.each([
      { durationMs: 95, requests: 10 },
      { durationMs: 100, requests: 10 },
      { durationMs: 101, requests: 11 },
      { durationMs: 5, requests: 1 },
    ])('sends no request once $durationMs ms have passed ($requests of 10 ms each)', async ({ durationMs, requests }) => {
      const handler = fakeClock();
      const asked: number[] = [];
      const result = await closedLoop({
        instances: [handler],
        durationMs,
        nextRequest: (instance, n) => {
          asked.push(n);
          return request(instance, n, { delayMs: 10 });
        },
      });
      expect(result.requests).toBe(requests);
      expect(asked).toEqual(Array.from({ length: requests }, (_, n) => n));
      expect(result.requestsPerSecond).toBeCloseTo(requests / (requests * 0.01), 10);
    });
  });

  it('counts every response by status, across instances', async () => {
    const statuses = [201, 201, 409, 201, 500, 402];
    const result = await closedLoop({
      instances: [echoHandler, echoHandler, echoHandler],
      durationMs: 60_000,
      nextRequest: limited(statuses.length, (instance, n) => request(instance, n, { status: statuses[n] ?? 201 })),
    });
    expect(result.concurrency).toBe(3);
    expect(result.requests).toBe(18);
    expect(result.statusCounts).toEqual({ '201': 9, '402': 3, '409': 3, '500': 3 });
  });

  it('keeps the other instances going when one runs out of requests', async () => {
    const perInstance = [3, 0, 7];
    const result = await closedLoop({
      instances: [echoHandler, echoHandler, echoHandler],
      durationMs: 60_000,
      nextRequest: (instance, n) => (n < (perInstance[instance] ?? 0) ? request(instance, n) : undefined),
    });
    expect(result.requests).toBe(10);
    expect(result.statusCounts).toEqual({ '201': 10 });
  });

  it('has exactly one request in flight per instance, each on its own handler', async () => {
    const concurrency = 5;
    let inFlight = 0;
    let maxInFlight = 0;
    const perInstanceMax = Array.from({ length: concurrency }, () => 0);
    const seenBy: string[][] = Array.from({ length: concurrency }, () => []);
    const instances = Array.from({ length: concurrency }, (_, index): HttpLambdaHandler => {
      let mine = 0;
      return async (event) => {
        inFlight += 1;
        mine += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        perInstanceMax[index] = Math.max(perInstanceMax[index] ?? 0, mine);
        seenBy[index]?.push(event.headers['idempotency-key'] ?? '');
        // Answer on a later turn of the event loop, so the other instances' requests overlap.
        await sleep(1);
        inFlight -= 1;
        mine -= 1;
        return { statusCode: 201, body: '' };
      };
    });
    const result = await closedLoop({ instances, durationMs: 60_000, nextRequest: limited(8) });
    expect(result.requests).toBe(concurrency * 8);
    expect(maxInFlight).toBe(concurrency);
    expect(perInstanceMax).toEqual(Array.from({ length: concurrency }, () => 1));
    expect(seenBy).toEqual(Array.from({ length: concurrency }, (_, instance) => Array.from({ length: 8 }, (_, n) => `i${instance}-n${n}`)));
  });

  it('fails, rather than counting it, when a handler answers something API Gateway would refuse', async () => {
    const malformed: HttpLambdaHandler = () => Promise.resolve({ statusCode: 'created' });
    await expect(closedLoop({ instances: [malformed], durationMs: 60_000, nextRequest: limited(1) })).rejects.toThrow('the handler returned a malformed response');
  });

  it('runs for its duration in real time, then stops', async () => {
    const durationMs = 200;
    const started = performance.now();
    const result = await closedLoop({
      instances: [echoHandler, echoHandler, echoHandler, echoHandler],
      durationMs,
      nextRequest: (instance, n) => request(instance, n, { delayMs: 5 }),
    });
    const elapsedMs = performance.now() - started;
    // Every instance keeps sending until the duration has passed, and stops soon after: the
    // upper bound only allows for a loaded machine, not for a loop that ignores the duration.
    expect(elapsedMs).toBeGreaterThanOrEqual(durationMs);
    expect(elapsedMs).toBeLessThan(durationMs + 1_000);
    expect(result.requests).toBeGreaterThanOrEqual(4);
    // Timers may fire a little early, so a request is allowed 4 ms, not 5.
    expect(result.requests).toBeLessThanOrEqual(4 * (durationMs / 4 + 1));
    expect(result.p50Ms).toBeGreaterThanOrEqual(4);
  });
});
