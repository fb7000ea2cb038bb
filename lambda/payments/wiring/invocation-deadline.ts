import { AsyncLocalStorage } from 'node:async_hooks';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';

type HttpRequest = Parameters<NodeHttpHandler['handle']>[0];
type HttpHandlerOptions = NonNullable<Parameters<NodeHttpHandler['handle']>[1]>;

// The epoch-ms deadline of the invocation being handled, for every DynamoDB call it makes.
const deadlines = new AsyncLocalStorage<number>();

/** Runs `handle` with `deadlineEpochMs` as the deadline of every DynamoDB call it makes. */
export function withInvocationDeadline<T>(deadlineEpochMs: number | undefined, handle: () => T): T {
  return deadlineEpochMs === undefined ? handle() : deadlines.run(deadlineEpochMs, handle);
}

/** Milliseconds left before the current invocation's deadline, or undefined outside one. */
export function remainingInvocationMs(now: number = Date.now()): number | undefined {
  const deadline = deadlines.getStore();
  return deadline === undefined ? undefined : deadline - now;
}

/**
 * Time every call leaves to the invocation after it: enough to answer and release the key
 * (itself a call, bounded the same way) before the function times out.
 */
export const invocationReserveMs = 500;
/** The shortest deadline a call gets, so one started late still fails fast rather than at once. */
const shortestCallMs = 100;

/**
 * The SDK's Node HTTP handler, whose per-attempt `requestTimeout` is also bounded by the
 * current invocation's remaining time less {@link invocationReserveMs}: an attempt started late
 * in an invocation ends (a TimeoutError, `throwOnRequestTimeout` being set) before the function
 * timeout would end it as a 500.
 */
export class DeadlineBoundHttpHandler extends NodeHttpHandler {
  readonly #requestTimeoutMs: number;

  constructor(options: NodeHttpHandlerOptions & { readonly requestTimeout: number }) {
    super(options);
    this.#requestTimeoutMs = options.requestTimeout;
  }

  override handle(request: HttpRequest, options: HttpHandlerOptions = {}): ReturnType<NodeHttpHandler['handle']> {
    const remaining = remainingInvocationMs();
    if (remaining === undefined) return super.handle(request, options);
    const bound = Math.max(shortestCallMs, remaining - invocationReserveMs);
    return super.handle(request, { ...options, requestTimeout: Math.min(options.requestTimeout ?? this.#requestTimeoutMs, bound) });
  }
}
