import { DynamoDBStreamsServiceException } from '@aws-sdk/client-dynamodb-streams';
import { expect } from 'vitest';

/**
 * Awaits a DynamoDB Streams call that must fail, and checks the error's type, 400 status and,
 * when given, its message (exact text or a pattern).
 */
export async function expectStreamsError(call: Promise<unknown>, type: string, message?: string | RegExp): Promise<DynamoDBStreamsServiceException> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ${type}`).toBeInstanceOf(DynamoDBStreamsServiceException);
  const error = caught as DynamoDBStreamsServiceException;
  expect(error.name).toBe(type);
  expect(error.$metadata.httpStatusCode).toBe(400);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}
