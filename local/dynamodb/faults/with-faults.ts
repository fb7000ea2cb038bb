import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultInjector, FaultRequest } from './fault-injector.js';

/**
 * Runs one operation under the injector's rules: adds the rule's latency, then either fails
 * before running (the operation never happens), or runs it and fails afterwards (`afterApply`:
 * the write happened, the response is lost). With no rules it just runs the operation.
 *
 * @throws the injected DynamoDBError, or whatever the operation throws.
 */
export async function withFaults<T>(
  injector: FaultInjector,
  operation: string,
  request: FaultRequest,
  run: () => Promise<T>,
): Promise<T> {
  if (!injector.active) return run();
  const decision = injector.take(operation, request);
  if (decision === undefined) return run();
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (decision.error === undefined) return run();
  if (!decision.afterApply) throw decision.error;
  try {
    await run();
  } catch (error) {
    // Nothing was applied, so there is no lost response to simulate: the caller sees the
    // operation's own failure (e.g. its ConditionalCheckFailedException).
    injector.noteApplied(decision.firedIndex, false);
    throw error;
  }
  injector.noteApplied(decision.firedIndex, true);
  throw decision.error;
}
