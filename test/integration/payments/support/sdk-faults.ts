import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** What to do to one matching call: fail before sending it, or send it and lose the response. */
export type SdkFault = { readonly before: () => Error } | { readonly after: () => Error };

/**
 * Client-side fault injection through the SDK middleware stack, so the payment code's retry
 * paths run against any endpoint (the local engine, DynamoDB Local or AWS). Each call to
 * `commandName` takes the next fault from `faults`; once they are used up calls pass untouched.
 */
export function injectFaults(client: DynamoDBClient, commandName: string, faults: SdkFault[]): { readonly remaining: () => number } {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== commandName) return next(args);
      const fault = faults.shift();
      if (fault === undefined) return next(args);
      if ('before' in fault) throw fault.before();
      await next(args);
      throw fault.after();
    },
    { step: 'initialize', name: `payments-faults-${Math.random()}` },
  );
  return { remaining: () => faults.length };
}
