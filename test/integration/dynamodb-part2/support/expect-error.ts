import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';

/**
 * Awaits a call that must fail with DynamoDB error `type` (and `message`, exact or a pattern),
 * and returns the SDK's exception so a test can read its extra fields.
 */
export async function expectError(call: Promise<unknown>, type: string, message?: string | RegExp): Promise<DynamoDBServiceException> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ${type}`).toBeInstanceOf(DynamoDBServiceException);
  const error = caught as DynamoDBServiceException;
  expect(error.name).toBe(type);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}
