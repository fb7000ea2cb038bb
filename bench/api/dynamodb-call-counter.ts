import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Counts the DynamoDB round trips made through one SDK client, by operation. */
export interface DynamoDBCallCounter {
  /** Round trips since the last reset, in total. */
  total(): number;
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
  client.middlewareStack.add(
    (next, context) => (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      return next(args);
    },
    { step: 'deserialize', name: 'benchDynamoDBCallCounter', priority: 'low' },
  );
  return {
    total: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    byOperation: () => Object.fromEntries(counts),
    reset: () => {
      counts.clear();
    },
  };
}
