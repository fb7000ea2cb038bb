import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Counts the DynamoDB round trips made through one SDK client, by operation. */
export interface DynamoDBCallCounter {
  /** Round trips since the last reset, in total. */
  total(): number;
  /**
   * Sequential round trips since the last reset: how many times a round trip started while none
   * was in flight. Calls sent together (a read alongside the claim) count once: it is what the
   * request waits for, where {@link DynamoDBCallCounter.total} is what it pays for.
   */
  sequential(): number;
  /** Round trips since the last reset, by operation name (`PutItem`, `TransactWriteItems`, ...). */
  byOperation(): Readonly<Record<string, number>>;
  /** Starts a new count. */
  reset(): void;
}

/**
 * Adds an SDK middleware to `client` that counts every HTTP round trip to DynamoDB. It sits in
 * the deserialize step, below the SDK's retry middleware, so a retried call counts once per
 * attempt: what is measured is round trips, not calls in the code.
 */
export function dynamoDBCallCounter(client: DynamoDBClient): DynamoDBCallCounter {
  const counts = new Map<string, number>();
  let inFlight = 0;
  let sequential = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      if (inFlight === 0) sequential += 1;
      inFlight += 1;
      try {
        return await next(args);
      } finally {
        inFlight -= 1;
      }
    },
    { step: 'deserialize', name: 'benchDynamoDBCallCounter', priority: 'low' },
  );
  return {
    total: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    sequential: () => sequential,
    byOperation: () => Object.fromEntries(counts),
    reset: () => {
      counts.clear();
      sequential = 0;
    },
  };
}
