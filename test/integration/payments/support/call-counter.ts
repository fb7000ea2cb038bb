import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Counts the DynamoDB calls a client makes (one per HTTP round trip the SDK attempts). */
export class CallCounter {
  readonly calls: string[] = [];

  constructor(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => (args) => {
        this.calls.push(context.commandName ?? 'unknown');
        return next(args);
      },
      { step: 'finalizeRequest', name: `payments-call-counter-${Math.random()}` },
    );
  }

  /** Forgets the calls so far. */
  reset(): void {
    this.calls.length = 0;
  }
}
