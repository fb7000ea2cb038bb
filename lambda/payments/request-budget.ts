import type { Context } from 'aws-lambda';
import type { ResolvedPaymentsDependencies } from './payments-dependencies.js';
import { RetryBudget } from './retry-budget.js';

// Without a Lambda context clock (some test harnesses), assume the routes' 10 s timeout.
const assumedTimeoutMs = 10_000;

/** The retry budget of one invocation, bounded by `context.getRemainingTimeInMillis()`. */
export function requestBudget(deps: ResolvedPaymentsDependencies, context: Context): RetryBudget {
  const started = Date.now();
  const remaining =
    typeof context.getRemainingTimeInMillis === 'function'
      ? () => context.getRemainingTimeInMillis()
      : () => assumedTimeoutMs - (Date.now() - started);
  return new RetryBudget(remaining, deps.retryPolicy, deps.sleep);
}
