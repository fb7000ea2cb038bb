import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineBoundHttpHandler, invocationReserveMs, remainingInvocationMs, withInvocationDeadline } from '../../../../lambda/payments/wiring/invocation-deadline.js';

type Request = Parameters<NodeHttpHandler['handle']>[0];

describe('DeadlineBoundHttpHandler', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The requestTimeout the SDK's handler is called with, for a call made under `deadline`. */
  async function requestTimeoutUnder(deadline: number | undefined, options: { requestTimeout?: number } = {}): Promise<number | undefined> {
    const handle = vi.spyOn(NodeHttpHandler.prototype, 'handle').mockResolvedValue(undefined as unknown as Awaited<ReturnType<NodeHttpHandler['handle']>>);
    const handler = new DeadlineBoundHttpHandler({ requestTimeout: 1_200, throwOnRequestTimeout: true });
    await withInvocationDeadline(deadline, () => handler.handle(undefined as unknown as Request, options));
    return handle.mock.calls.at(-1)?.[1]?.requestTimeout;
  }

  it('leaves the configured timeout alone outside an invocation', async () => {
    expect(await requestTimeoutUnder(undefined)).toBeUndefined();
  });

  it('keeps the configured timeout while the invocation has more time than that', async () => {
    expect(await requestTimeoutUnder(Date.now() + 5_000)).toBe(1_200);
    expect(await requestTimeoutUnder(Date.now() + 5_000, { requestTimeout: 700 })).toBe(700);
  });

  it('cuts the timeout to the remaining time less the reserve late in an invocation', async () => {
    const timeout = await requestTimeoutUnder(Date.now() + 900);
    expect(timeout).toBeLessThanOrEqual(900 - invocationReserveMs);
    expect(timeout).toBeGreaterThan(900 - invocationReserveMs - 100);
  });

  it('still gives a call past the deadline a short timeout rather than none', async () => {
    expect(await requestTimeoutUnder(Date.now() - 1_000)).toBe(100);
  });

  it('tells the remaining time only inside an invocation', () => {
    expect(remainingInvocationMs()).toBeUndefined();
    expect(withInvocationDeadline(10_000, () => remainingInvocationMs(4_000))).toBe(6_000);
  });
});
